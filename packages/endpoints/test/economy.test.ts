import { afterEach, describe, expect, it } from 'vitest';
import { Endpoint } from '@reactive/endpoints';
import { MemoryHookTools, unitState } from '@reactive/hookenv';
import { committedState, runHook } from '../../../test-fixtures/run-hook.mjs';
import { charm } from './fixture.js';

const g = globalThis as { probe?: () => void };
afterEach(() => delete g.probe);

/** 3 endpoints, 2 relations, 3 remote units: the case relations.md R1.6 verified against Python. */
function threeUnits(): { tools: MemoryHookTools; rel0: string } {
  const tools = new MemoryHookTools({ unit: 'local/0' });
  const rel0 = tools.addRelation('test-endpoint', 'a', { units: { 'a/0': { x: '1' }, 'a/1': {} } });
  tools.addRelation('test-endpoint2', 'b', { units: { 'b/0': {} } });
  return { tools, rel0 };
}

const relationCalls = (tools: MemoryHookTools) => {
  const counts = tools.callCounts();
  return { ids: counts['relation-ids'] ?? 0, list: counts['relation-list'] ?? 0, get: counts['relation-get'] ?? 0 };
};

describe('hook-tool economy', () => {
  it('a first hook: one relation-ids per endpoint, one relation-list per relation, one relation-get per unit', async () => {
    const { tools } = threeUnits();
    await runHook(charm(), 'install', { tools });
    expect(relationCalls(tools)).toEqual({ ids: 3, list: 2, get: 3 });
  });

  it('a later non-relation hook reads no relation data at all', async () => {
    const { tools } = threeUnits();
    const dir = charm();
    await runHook(dir, 'install', { tools });
    tools.calls.length = 0;
    await runHook(dir, 'update-status', { tools });
    expect(relationCalls(tools)).toEqual({ ids: 3, list: 2, get: 0 });
  });

  it('a relation hook reads the data of its own endpoint only; reads of the same data are answered once', async () => {
    const { tools, rel0 } = threeUnits();
    const dir = charm();
    await runHook(dir, 'install', { tools });
    tools.calls.length = 0;
    g.probe = () => {
      const ep = Endpoint.fromName('test-endpoint')!;
      for (let i = 0; i < 3; i++) {
        void ep.allJoinedUnits.received.get('x');
        void ep.relations[0]!.joinedUnits[0]!.received.get('x');
      }
    };
    await runHook(dir, 'test-endpoint-relation-changed', {
      tools,
      env: { JUJU_RELATION: 'test-endpoint', JUJU_RELATION_ID: rel0, JUJU_REMOTE_UNIT: 'a/0' },
    });
    expect(relationCalls(tools)).toEqual({ ids: 3, list: 2, get: 2 });
  });

  it("reading this unit's own data costs one relation-get, on first use", async () => {
    const { tools } = threeUnits();
    const dir = charm();
    await runHook(dir, 'install', { tools });
    tools.calls.length = 0;
    g.probe = () => {
      const relation = Endpoint.fromName('test-endpoint')!.relations[0]!;
      relation.toPublish.get('a');
      relation.toPublish.get('b');
    };
    await runHook(dir, 'update-status', { tools });
    expect(relationCalls(tools)).toEqual({ ids: 3, list: 2, get: 1 });
  });
});

describe('departed units', () => {
  it('persist across hooks, survive relations that are gone, and are removed from the unit state one by one', async () => {
    const { tools, rel0 } = threeUnits();
    const dir = charm();
    g.probe = () => {
      unitState().set('reactive.endpoints.departed.test-endpoint', [{ relation: 'test-endpoint:7', unit_name: 'gone/4', data: { departed: 'true' } }]);
    };
    await runHook(dir, 'install', { tools });
    tools.removeRemoteUnit(rel0, 'a/1');
    g.probe = () => {
      const departed = Endpoint.fromName('test-endpoint')!.allDepartedUnits;
      expect(departed.keyNames()).toEqual(['gone/4', 'a/1']);
      expect(departed.get('gone/4')!.received.get('departed')).toBe(true);
      expect(departed.get('gone/4')!.relation!.relationId).toBe('test-endpoint:7');
      departed.deleteKey('gone/4');
    };
    const error = await runHook(dir, 'test-endpoint-relation-departed', {
      tools,
      env: { JUJU_RELATION: 'test-endpoint', JUJU_RELATION_ID: rel0, JUJU_REMOTE_UNIT: 'a/1', JUJU_DEPARTING_UNIT: 'a/1' },
    });
    expect(error).toBeUndefined();
    expect((await committedState(dir))['reactive.endpoints.departed.test-endpoint']).toEqual([{ relation: rel0, unit_name: 'a/1', data: {} }]);
    g.probe = () => Endpoint.fromName('test-endpoint')!.allDepartedUnits.clear();
    await runHook(dir, 'update-status', { tools });
    expect((await committedState(dir))['reactive.endpoints.departed.test-endpoint']).toBeUndefined();
  });
});

describe('a peer relation that lists only the local unit', () => {
  it('reports the local application and its data', async () => {
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const rid = tools.addRelation('test-endpoint', 'local', { units: { 'local/0': { key: 'value' } } });
    // As in Juju, asking for the local unit's data gives this unit's own bag.
    tools.relation(rid).localUnitData = { key: 'value' };
    tools.relation(rid).localAppData = { 'app-key': 'value' };
    let seen: unknown;
    g.probe = () => {
      const relation = Endpoint.fromName('test-endpoint')!.relations[0]!;
      seen = { app: relation.applicationName, received: relation.joinedUnits.received.toJSON(), units: relation.joinedUnits.keyNames() };
    };
    await runHook(charm(), 'install', { tools });
    expect(seen).toEqual({ app: 'local', received: { key: 'value' }, units: ['local/0'] });
  });
});
