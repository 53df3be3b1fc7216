// `reactive create demo && reactive build demo -o out`: the built charm's hooks
// run as processes, with fake hook tools on PATH, and set the expected flags.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnitState } from '@reactive/hookenv';
import { build, create } from '@reactive/build';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
let out: string;

beforeAll(async () => {
  const work = tempDir();
  const source = join(work, 'demo');
  create(source);
  // Give the demo a database relation, implemented by the examples' pgsql interface.
  appendFileSync(join(source, 'metadata.yaml'), 'requires:\n  db:\n    interface: pgsql\n');
  appendFileSync(join(source, 'layer.yaml'), '  - interface:pgsql\n');
  out = join(work, 'out');
  await build({ source, output: out, interfacePath: [join(examples, 'interfaces')] });
}, 120_000);

function runHook(hook: string, env: Record<string, string> = {}, related = false) {
  const fake = new FakeHookTools(tempDir());
  fake
    .add('config-get', { stdout: '{"message": "Hello"}' })
    .add('juju-log')
    .add('status-set')
    .add('is-leader', { stdout: 'true' })
    .add('relation-ids', { stdout: related ? '["db:0"]' : '[]' })
    .add('relation-list', { stdout: '["tiny-db/0"]' })
    .add('relation-get', { stdout: '{"host": "db.local", "port": "5432", "database": "\\"demo\\"", "user": "u", "password": "p"}' })
    .add('relation-set', { captureStdin: true });
  const child = spawnSync(join(out, 'hooks', hook), [], {
    cwd: out,
    encoding: 'utf8',
    env: { PATH: `${fake.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_UNIT_NAME: 'demo/0', ...env },
  });
  return { status: child.status, stderr: child.stderr, fake };
}

function flags(): string[] {
  const state = UnitState.open(join(out, '.unit-state.lmdb'));
  const keys = state.keys('reactive.states.').map((key) => key.slice('reactive.states.'.length));
  void state.close();
  return keys;
}

describe('a created and built charm', () => {
  it('has the hooks, the layer runtime and its npm packages', () => {
    for (const file of [
      'hooks/install',
      'hooks/config-changed',
      'hooks/db-relation-joined',
      'hooks/db-relation-changed',
      'dispatch',
      'bin/reactive-hook',
      'lib/reactive-hook.mjs',
      'reactive/demo.js',
      'hooks/relations/pgsql/requires.js',
      'node_modules/@reactive/bus/package.json',
      'node_modules/lmdb/package.json',
      '.build.manifest',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
  });

  it('install, config-changed and relation hooks run as processes and set the expected flags', () => {
    const install = runHook('install');
    expect(
      install.fake
        .calls()
        .filter((c) => c.args[1] === 'ERROR')
        .map((c) => c.args.at(-1)),
    ).toEqual([]);
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    expect(flags()).toEqual(['demo.installed']);
    expect(
      install.fake
        .calls()
        .filter((c) => c.tool === 'status-set')
        .map((c) => c.args),
    ).toEqual([
      ['maintenance', 'Installing'],
      ['active', 'Hello'],
    ]);

    const changed = runHook('config-changed');
    expect(changed.status).toBe(0);
    expect(
      changed.fake
        .calls()
        .filter((c) => c.tool === 'status-set')
        .map((c) => c.args),
    ).toEqual([['active', 'Hello']]);

    const relation = runHook('db-relation-changed', { JUJU_RELATION: 'db', JUJU_RELATION_ID: 'db:0', JUJU_REMOTE_UNIT: 'tiny-db/0' }, true);
    expect(relation.status).toBe(0);
    expect(flags()).toEqual(
      expect.arrayContaining(['db.connected', 'db.database.available', 'demo.installed', 'endpoint.db.joined', 'endpoint.db.changed.host']),
    );
    expect(flags()).not.toContain('endpoint.db.changed');
  });

  it("builds the examples, the seed docs' my-app first", async () => {
    const result = await build({ source: join(examples, 'my-app'), output: join(tempDir(), 'my-app'), interfacePath: [join(examples, 'interfaces')] });
    expect(result.layers).toEqual(['basic', 'my-app']);
    expect(result.interfaces).toEqual(['pgsql']);
    expect(readFileSync(join(result.output, 'hooks', 'db-relation-changed'), 'utf8')).toContain('reactive-hook');
  });
});
