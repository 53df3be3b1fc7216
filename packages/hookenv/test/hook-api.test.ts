import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  atExit,
  atStart,
  config,
  discardPublications,
  leaderGet,
  leaderSet,
  loadConfig,
  MemoryHookTools,
  relatedUnits,
  relationGet,
  relationGetNow,
  relationIds,
  relationSet,
  resetHookContext,
  runAtExit,
  runAtStart,
  sendPublications,
  setHookTools,
  setUnitState,
  statusSet,
  UnitState,
  unitState,
} from '@reactive/hookenv';
import { join } from 'node:path';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let tools: MemoryHookTools;
beforeEach(() => {
  process.env.JUJU_UNIT_NAME = 'web/0';
  tools = new MemoryHookTools({ unit: 'web/0', config: { port: 80, name: 'a' } });
  setHookTools(tools);
  setUnitState(UnitState.open(join(tempDir(), 'state.lmdb')));
});
afterEach(async () => {
  resetHookContext();
  await unitState().close();
  setUnitState(undefined);
  setHookTools(undefined);
});

/** What main() does at the end of a hook, then a new hook in the same process. */
function nextHook(succeeded: boolean): void {
  if (succeeded) unitState().commit();
  else unitState().revert();
  resetHookContext();
}

describe('hook tool wrappers', () => {
  it('ask each relation question once per hook', async () => {
    const rid = tools.addRelation('db', 'pg', { units: { 'pg/0': { host: 'h' } } });
    for (let i = 0; i < 3; i++) {
      expect(await relationIds('db')).toEqual([rid]);
      expect(await relatedUnits(rid)).toEqual(['pg/0']);
      expect(await relationGet({ relationId: rid, unit: 'pg/0' })).toEqual({ host: 'h' });
    }
    expect(tools.callCounts()).toEqual({ 'relation-ids': 1, 'relation-list': 1, 'relation-get': 1 });
    nextHook(true);
    await relationIds('db');
    expect(tools.callCounts()['relation-ids']).toBe(2);
  });

  it('relation-set and leader-set wait for the end of the hook; the unit reads its own writes at once', async () => {
    const rid = tools.addRelation('db', 'pg', { units: { 'pg/0': { host: 'h' } } });
    tools.leader = true;
    expect(await relationGet({ relationId: rid, unit: 'web/0' })).toEqual({});
    await relationSet({ relationId: rid }, { database: 'app', user: 'u' });
    await relationSet({ relationId: rid }, { user: null });
    await leaderSet({ token: 't' });
    expect(await relationGet({ relationId: rid, unit: 'web/0' })).toEqual({ database: 'app' });
    expect(await relationGet({ relationId: rid, unit: 'web/0', key: 'database' })).toBe('app');
    expect(relationGetNow({ relationId: rid, unit: 'pg/0' })).toEqual({ host: 'h' });
    expect(await leaderGet()).toEqual({ token: 't' });
    expect(tools.relation(rid).localUnitData).toEqual({});
    expect(tools.callCounts()['relation-set']).toBeUndefined();
    await sendPublications();
    expect(tools.relation(rid).localUnitData).toEqual({ database: 'app' });
    expect(tools.leaderSettings).toEqual({ token: 't' });
    expect(tools.callCounts()['relation-set']).toBe(1);
    expect(tools.callCounts()['leader-set']).toBe(1);
  });

  it('leader-set fails at once, not at the end of the hook, on a unit that is not the leader', async () => {
    tools.leader = false;
    await expect(leaderSet({ token: 't' })).rejects.toThrow('cannot write leadership settings: cannot write settings: not the leader');
    await relationSet({ relationId: tools.addRelation('db', 'pg', {}) }, { a: '1' });
    discardPublications();
    await sendPublications();
    expect(tools.callCounts()['relation-set']).toBeUndefined();
  });

  it('go to the backend set with setHookTools', async () => {
    await statusSet('active', 'ready');
    expect(tools.status).toEqual({ status: 'active', message: 'ready' });
  });
});

describe('atStart / atExit', () => {
  it('run start callbacks in order and exit callbacks newest first', async () => {
    const order: string[] = [];
    atStart(() => order.push('start 1'));
    atStart(async () => order.push('start 2'));
    atExit(() => order.push('exit 1'));
    atExit(async () => order.push('exit 2'));
    await runAtStart();
    await runAtExit();
    expect(order).toEqual(['start 1', 'start 2', 'exit 2', 'exit 1']);
    await runAtStart();
    expect(order).toHaveLength(4);
  });
});

describe('config', () => {
  it('is read with one config-get per hook and is synchronous afterwards', async () => {
    expect(() => config()).toThrow('await loadConfig() first');
    await Promise.all([loadConfig(), loadConfig()]);
    expect(config().get('port')).toBe(80);
    expect(config().get('nope')).toBeUndefined();
    expect(config().keys()).toEqual(['port', 'name']);
    expect(config().toJSON()).toEqual({ port: 80, name: 'a' });
    expect(tools.callCounts()['config-get']).toBe(1);
  });

  it('everything has changed in the first hook', async () => {
    await loadConfig();
    expect(config().changed('port')).toBe(true);
    expect(config().previous('port')).toBeNull();
  });

  it('remembers the previous values of the last successful hook', async () => {
    await loadConfig();
    nextHook(true);
    tools.config.port = 81;
    await loadConfig();
    expect(config().changed('port')).toBe(true);
    expect(config().previous('port')).toBe(80);
    expect(config().changed('name')).toBe(false);
    nextHook(true);
    await loadConfig();
    expect(config().changed('port')).toBe(false);
    expect(config().previous('port')).toBe(81);
  });

  it('a failed hook does not move the snapshot: the next hook sees the change again', async () => {
    await loadConfig();
    nextHook(true);
    tools.config.name = 'b';
    await loadConfig();
    expect(config().changed('name')).toBe(true);
    nextHook(false);
    await loadConfig();
    expect(config().changed('name')).toBe(true);
    expect(config().previous('name')).toBe('a');
  });
});
