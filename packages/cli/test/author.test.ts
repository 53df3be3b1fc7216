// The commands for charm authors, through the binary: create, build, sim.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv, PACKAGE } from './helpers.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');

function reactive(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv(env) });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('reactive create && reactive build', () => {
  it('gives a charm whose install and config-changed hooks run as processes and set the expected flags', () => {
    const work = tempDir();
    expect(reactive(['create', 'demo'], work).status).toBe(0);
    const built = reactive(['build', 'demo', '-o', 'out'], work);
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(new RegExp(`^built demo \\(basic, demo\\) into ${join(work, 'out')}: \\d+\\.\\d MB, \\d+ files\\n$`));
    expect(built.stderr).toContain('layers: basic, demo\n');
    expect(built.stderr).not.toContain('warning');
    const out = join(work, 'out');
    for (const hook of ['install', 'config-changed']) {
      const fake = new FakeHookTools(tempDir()).add('config-get', { stdout: '{"message": "Hi"}' }).add('juju-log').add('status-set');
      const child = spawnSync(join(out, 'hooks', hook), [], {
        cwd: out,
        encoding: 'utf8',
        env: { PATH: `${fake.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'demo/0' },
      });
      expect(child.status, child.stderr).toBe(0);
      expect(
        fake
          .calls()
          .filter((c) => c.tool === 'status-set')
          .at(-1)?.args,
      ).toEqual(['active', 'Hi']);
    }
    const state = UnitState.open(join(out, '.unit-state.lmdb'));
    expect(state.keys('reactive.states.')).toEqual(['reactive.states.demo.installed']);
    void state.close();
  });

  it('refuses bad input with one line and a non-zero exit, writing nothing', () => {
    const work = tempDir();
    writeFileSync(join(work, 'layer.yaml'), 'includes: [layer:nowhere]\n');
    writeFileSync(join(work, 'metadata.yaml'), 'name: broken\n');
    const result = reactive(['build', '.', '-o', join(tempDir(), 'out')], work);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('layer:nowhere');
    expect(reactive(['create', 'Bad'], work).stderr).toContain('a charm name starts with a lowercase letter');
    const noTarballs = reactive(['create', 'demo', '--packages', work], work);
    expect(noTarballs.status).toBe(1);
    expect(noTarballs.stderr).toBe(
      `charms.reactive create: ${work}: no reactive-hookenv-0.1.0.tgz there (npm run pack-packages in a clone of reactive writes the packages' tarballs into its packed/)\n`,
    );
    expect(existsSync(join(work, 'demo'))).toBe(false);
    const badRepo = reactive(['create', 'demo', '--repo', 'my repo'], work);
    expect([badRepo.status, badRepo.stderr]).toEqual([
      1,
      `charms.reactive create: --repo "my repo": the URL of the charm's source, without spaces or line breaks\n`,
    ]);
    expect(existsSync(join(work, 'demo'))).toBe(false);
  });

  it("create --repo URL writes the URL as layer.yaml's repo; without it the key is there, empty, to fill in", () => {
    const work = tempDir();
    expect(reactive(['create', 'demo', '--repo', 'https://github.com/me/demo'], work).status).toBe(0);
    expect(readFileSync(join(work, 'demo', 'layer.yaml'), 'utf8')).toContain('\nrepo: "https://github.com/me/demo"\n');
    expect(reactive(['create', 'other'], work).status).toBe(0);
    expect(readFileSync(join(work, 'other', 'layer.yaml'), 'utf8')).toContain('\nrepo:\n');
  });

  it('create writes TypeScript, or JavaScript with --js, and says where npm install takes @reactive/* from', () => {
    const work = tempDir();
    const ts = reactive(['create', 'demo'], work);
    expect(ts.stdout).toContain('  reactive/demo.ts\n  test/demo.test.ts\n  tsconfig.json\n');
    expect(ts.stdout).toContain(`@reactive/* install from the tarballs in ${join(PACKAGE, '..', '..', 'packed')}\n`);
    expect(ts.stdout.endsWith('next: cd demo && npm install && npm test\n')).toBe(true);
    const js = reactive(['create', 'other', '--js'], work);
    expect(js.stdout).toContain('  reactive/other.js\n  test/other.test.js\n  vitest.config.js\n');
    mkdirSync(join(work, 'here'));
    const here = reactive(['create', '.'], join(work, 'here'));
    expect(here.stdout).toMatch(/^created the charm layer here in \.:\n[^]*\nnext: npm install && npm test\n$/);
  });
});

describe('reactive sim', () => {
  it('refuses a model relating endpoints of different interfaces, and an unknown charm path', () => {
    const work = tempDir();
    writeFileSync(
      join(work, 'model.yaml'),
      `applications:\n  a: {charm: ${join(examples, 'my-app')}}\n  b: {charm: ${join(examples, 'ca')}}\nrelations:\n  - [a:db, b:certificates]\n`,
    );
    const mismatch = reactive(['sim', 'model.yaml'], work, { INTERFACE_PATH: join(examples, 'interfaces') });
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('the interfaces differ');
    writeFileSync(join(work, 'missing.yaml'), 'applications:\n  a: {charm: ./nowhere}\n');
    const missing = reactive(['sim', 'missing.yaml'], work);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('application "a": no charm at ./nowhere');
    expect(existsSync(join(work, '.sim', 'model.json'))).toBe(false);
  });

  it('--why says, after the status, why each blocked or waiting unit is so', () => {
    const work = tempDir();
    writeFileSync(join(work, 'model.yaml'), `applications:\n  my-app: {charm: ${join(examples, 'my-app')}}\n`);
    const result = reactive(['sim', 'model.yaml', '--why'], work, { INTERFACE_PATH: join(examples, 'interfaces') });
    // stderr: the build's progress only.
    expect(result.stderr).toMatch(/^(my-app: (?!warning).*\n)+$/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\nmy-app\/0 is blocked \(Missing admin password\); in its last hook, #\d+ start:\n( {2}.*\n)+$/);
    expect(result.stdout).toMatch(/\n {2}reactive\/my-app\.js:\d+:renderConfig was not tested: flag db\.database\.available is not set\n/);
  }, 120_000);
});
