// `reactive flags` and `reactive kv [PREFIX]`: the unit state, for people.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { binDir, cli, newStatePath, writeState } from './helpers.js';

async function unit() {
  const path = newStatePath();
  await writeState(path, {
    'reactive.states.db.ready': null,
    'reactive.states.app.port': '8080',
    'reactive.states.endpoint.db.joined': { relation: 'db', conversations: ['reactive.conversations.db:1.global'] },
    'reactive.invoked./charm/reactive/app.sh:12:configure': true,
    'reactive.dispatch.phase': 'other',
    'my-charm.version': [1, 2],
  });
  return path;
}

describe('reactive flags', () => {
  it('lists the flags, sorted, with their values, from --state', async () => {
    const path = await unit();
    const reactive = join(binDir(), 'reactive');
    const result = cli(['flags', '--state', path], {}, { argv0: reactive });
    expect(result).toEqual({
      status: 0,
      stdout: [
        'app.port            "8080"',
        'db.ready',
        'endpoint.db.joined  {"relation":"db","conversations":["reactive.conversations.db:1.global"]}',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('-j prints a JSON object; -y YAML; the environment gives the state without --state', async () => {
    const path = await unit();
    expect(JSON.parse(cli(['flags', '-j', '--state', path]).stdout)).toEqual({
      'app.port': '8080',
      'db.ready': null,
      'endpoint.db.joined': { relation: 'db', conversations: ['reactive.conversations.db:1.global'] },
    });
    expect(cli(['-y', 'flags'], { UNIT_STATE_DB: path }).stdout).toMatch(/^app\.port: "8080"\ndb\.ready: null\nendpoint\.db\.joined:\n/);
  });

  it('prints nothing for a unit without flags', async () => {
    const path = newStatePath();
    await writeState(path, { other: 1 });
    expect(cli(['flags', '--state', path])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('a state that does not exist: one line, exit 2 (bad input), and no store created', () => {
    const path = join(tempDir(), 'nope.lmdb');
    expect(cli(['flags', '--state', path])).toEqual({ status: 2, stdout: '', stderr: `charms.reactive flags: no unit state at ${path}\n` });
    expect(existsSync(path)).toBe(false);
    expect(cli(['kv'], { JUJU_CHARM_DIR: tempDir() }).stderr).toMatch(/^charms\.reactive kv: no unit state at .*\/\.unit-state\.lmdb\n$/);
  });
});

describe('reactive kv', () => {
  it('lists every key with its JSON value, or those under PREFIX', async () => {
    const path = await unit();
    const all = cli(['kv', '--state', path]);
    expect(all.status).toBe(0);
    expect(all.stdout.split('\n')).toEqual([
      'my-charm.version                                  [1,2]',
      'reactive.dispatch.phase                           "other"',
      'reactive.invoked./charm/reactive/app.sh:12:configure  true',
      'reactive.states.app.port                          "8080"',
      'reactive.states.db.ready                          null',
      'reactive.states.endpoint.db.joined                {"relation":"db","conversations":["reactive.conversations.db:1.global"]}',
      '',
    ]);
    expect(cli(['kv', 'reactive.dispatch', '--state', path]).stdout).toBe('reactive.dispatch.phase  "other"\n');
    expect(JSON.parse(cli(['-j', 'kv', 'my-charm.', '--state', path]).stdout)).toEqual({ 'my-charm.version': [1, 2] });
    expect(cli(['kv', 'nothing.here', '--state', path])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('changes nothing', async () => {
    const path = await unit();
    const before = cli(['-j', 'kv', '--state', path]).stdout;
    cli(['flags', '--state', path]);
    expect(cli(['-j', 'kv', '--state', path]).stdout).toBe(before);
  });
});
