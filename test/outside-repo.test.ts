// The route of the README's "Writing a charm", in a temporary folder outside
// the repository: the packages' tarballs (npm run pack-packages, here into a
// temp folder, with --packages: the suite has built the packages), `reactive
// create demo` by npx from the clone, then in the charm `npm install` (from the
// tarballs and npm's cache), `npm test` (reactive types, tsc, then the Harness
// test; and its failure on type errors), `npm run build`, `npm run pack`, and
// the install and config-changed hooks run from the unpacked .charm with fake
// hook tools. Slow (npm installs): about 30 s on 2 cores.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { readCharmArchive, unpackCharmArchive } from '../test-fixtures/charm-archive.mjs';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
const arch = ({ x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch]!;

/** The Node.js running this test runs npm, the charm's tests and its hooks. */
const nodeBin = dirname(process.execPath);
/** The environment of a user's shell: none of the npm_* variables `npm test` of this repository set. */
const userEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))), PATH: `${nodeBin}:${process.env.PATH}` };

function run(command: string, args: string[], cwd: string) {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, output: `${child.stdout}${child.stderr}` };
}

let work: string;
let charm: string;

beforeAll(() => {
  work = tempDir('reactive-outside-');
  expect(relative(root, work).startsWith('..')).toBe(true);
  const packed = join(work, 'packed');
  execFileSync(process.execPath, [join(root, 'scripts', 'pack-packages.mjs'), packed], { env: userEnv, stdio: 'pipe' });
  const created = run('npx', ['--prefix', root, 'reactive', 'create', 'demo', '--packages', packed], work);
  expect(created.status, created.output).toBe(0);
  charm = join(work, 'demo');
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], charm);
  expect(install.status, install.output).toBe(0);
  expect(install.stderr).toBe('');
}, 300_000);

describe('a charm created, tested, built and packed outside the repository', () => {
  it('npm test type-checks it, then runs its Harness test, quietly', { timeout: 120_000 }, () => {
    const test = run('npm', ['test'], charm);
    expect(test.status, test.output).toBe(0);
    expect(test.stdout).toContain('tsc --noEmit && vitest run');
    expect(test.stdout).toMatch(/Tests\s+.*1 passed/);
    expect(test.stderr).toBe('');
  });

  it('npm test fails on a type error or an option config.yaml lacks, naming the file, line and column, before any test runs', { timeout: 120_000 }, () => {
    const handler = join(charm, 'reactive', 'demo.ts');
    const source = readFileSync(handler, 'utf8');
    writeFileSync(handler, source.replace("statusSet('maintenance'", "statusSet('bogus'").replace("config().get('message')", "config().get('mesage')"));
    try {
      const test = run('npm', ['test'], charm);
      expect(test.status).not.toBe(0);
      expect(test.stdout).toContain(`reactive/demo.ts(7,19): error TS2345: Argument of type '"bogus"' is not assignable to parameter of type 'StatusState'.`);
      expect(test.stdout).toContain(`reactive/demo.ts(17,42): error TS2345: Argument of type '"mesage"' is not assignable to parameter of type '"message"'.`);
      expect(test.stdout).not.toContain('RUN');
    } finally {
      writeFileSync(handler, source);
    }
  });

  it("the charm's own reactive creates another charm that installs from the same tarballs", { timeout: 60_000 }, () => {
    const created = run('npx', ['reactive', 'create', '../second', '--js'], charm);
    expect(created.status, created.output).toBe(0);
    expect(created.stdout).toContain(`@reactive/* install from the tarballs in ${join(work, 'packed')}\n`);
    const pkg = JSON.parse(readFileSync(join(work, 'second', 'package.json'), 'utf8'));
    expect(pkg.dependencies['@reactive/bus']).toBe('file:../packed/reactive-bus-0.1.0.tgz');
  });

  it('npm run build writes the charm beside it, with the handler compiled and no TypeScript', { timeout: 120_000 }, () => {
    const build = run('npm', ['run', 'build'], charm);
    expect(build.status, build.output).toBe(0);
    const out = join(work, 'build', 'demo');
    expect(build.stdout).toContain(`built demo (basic, demo) into ${out}`);
    expect(readdirSync(join(out, 'reactive')).sort()).toEqual(['demo.js', 'demo.js.map']);
    expect(existsSync(join(out, 'tsconfig.json'))).toBe(false);
  });

  it('npm run pack writes a .charm whose install and config-changed hooks run unpacked in a bare folder', { timeout: 120_000 }, () => {
    const pack = run('npm', ['run', 'pack'], charm);
    expect(pack.status, pack.output).toBe(0);
    const archive = join(charm, `demo_ubuntu-22.04-${arch}.charm`);
    expect(Object.keys(readCharmArchive(archive).entries).filter((name) => /\.ts$|tsconfig/.test(name))).toEqual([]);
    const unit = join(tempDir('reactive-unit-'), 'charm');
    unpackCharmArchive(archive, unit);
    const statuses = ['install', 'config-changed'].map((hook) => {
      const fake = new FakeHookTools(tempDir()).add('config-get', { stdout: '{"message": "Hi"}' }).add('juju-log').add('status-set');
      const child = spawnSync(join(unit, 'hooks', hook), [], {
        cwd: unit,
        encoding: 'utf8',
        env: { PATH: `${fake.dir}:${nodeBin}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'demo/0' },
      });
      expect(child.status, child.stderr).toBe(0);
      expect(child.stderr).toBe('');
      return fake
        .calls()
        .filter((c) => c.tool === 'status-set')
        .map((c) => c.args);
    });
    expect(statuses).toEqual([
      [
        ['maintenance', 'Installing'],
        ['active', 'Hi'],
      ],
      [['active', 'Hi']],
    ]);
    const state = UnitState.open(join(unit, '.unit-state.lmdb'));
    expect(state.keys('reactive.states.')).toEqual(['reactive.states.demo.installed']);
    void state.close();
  });

  it("npm install of another package's tarball adds it, as the README says", { timeout: 120_000 }, () => {
    const added = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, 'packed', 'reactive-patterns-0.1.0.tgz')], charm);
    expect(added.status, added.output).toBe(0);
    expect(JSON.parse(readFileSync(join(charm, 'package.json'), 'utf8')).dependencies['@reactive/patterns']).toBe('file:../packed/reactive-patterns-0.1.0.tgz');
    expect(existsSync(join(charm, 'node_modules', '@reactive', 'patterns', 'package.json'))).toBe(true);
  });
});
