import { afterEach, describe, expect, it } from 'vitest';
import { Endpoint, endpointFromFlag, endpointFromName, ReadOnlyDataError } from '@reactive/endpoints';
import { setFlag } from '@reactive/flags';
import type { MemoryHookTools } from '@reactive/hookenv';
import { unitState } from '@reactive/hookenv';
import { committedFlags, committedState, runHook, runHookWithProbe } from '../../../test-fixtures/run-hook.mjs';
import { charm, tools as makeTools } from './fixture.js';

const g = globalThis as { probe?: () => void };
afterEach(() => {
  delete g.probe;
});

function during(dir: string, hook: string, tools: MemoryHookTools, check: () => unknown, env: Record<string, string | undefined> = {}): Promise<void> {
  return runHookWithProbe(dir, hook, { tools, env }, check);
}

describe('Endpoint start-up', () => {
  it('creates an instance per endpoint, with or without relations, and finds them by name and flag', async () => {
    const { tools } = makeTools();
    await during(charm(), 'upgrade-charm', tools, () => {
      expect(Endpoint.fromName('test-endpoint')).toBeInstanceOf(Endpoint);
      expect(Endpoint.fromName('test-endpoint2')?.relations).toHaveLength(0);
      expect(Endpoint.fromName('test-endpoint3')?.isJoined).toBe(false);
      expect(Endpoint.fromName('nope')).toBeNull();
      expect(Endpoint.fromName('website')).toBeNull();
      expect(endpointFromName('test-endpoint')).toBe(Endpoint.fromName('test-endpoint'));
      expect(Endpoint.fromFlag('nodot')).toBeNull();
      expect(Endpoint.fromFlag('endpoint.test-endpoint.qux')).toBeNull();
      setFlag('endpoint.test-endpoint.qux');
      setFlag('test-endpoint.qux');
      expect(Endpoint.fromFlag('endpoint.test-endpoint.qux')).toBe(Endpoint.fromName('test-endpoint'));
      expect(Endpoint.fromFlag('test-endpoint.qux')).toBe(Endpoint.fromName('test-endpoint'));
      expect(endpointFromFlag('endpoint.test-endpoint.qux')).toBe(Endpoint.fromName('test-endpoint'));
    });
  });

  it('sets joined, changed and changed.FIELD, fires triggers, and dispatches one handler per endpoint', async () => {
    const { tools } = makeTools();
    const dir = charm();
    await runHook(dir, 'upgrade-charm', { tools });
    const flags = await committedFlags(dir);
    expect(flags).toEqual(
      expect.arrayContaining([
        'endpoint.test-endpoint.joined',
        'endpoint.test-endpoint.changed',
        'endpoint.test-endpoint.changed.foo',
        'endpoint.test-endpoint.changed.bar',
        'alias.test-endpoint.joined',
      ]),
    );
    expect(flags.filter((f) => f.includes('test-endpoint2') || f.includes('test-endpoint3'))).toEqual([]);
    expect((await committedState(dir))['test.ran']).toEqual(['joined: test-endpoint', 'changed: test-endpoint', 'changed.foo: test-endpoint']);
  });

  it('clears joined (and its alias through the trigger) for an endpoint with no units', async () => {
    const { tools } = makeTools();
    const dir = charm();
    await during(dir, 'install', tools, () => {
      setFlag('endpoint.test-endpoint2.joined');
      setFlag('alias.test-endpoint2.joined');
    });
    await runHook(dir, 'update-status', { tools });
    const flags = await committedFlags(dir);
    expect(flags).not.toContain('endpoint.test-endpoint2.joined');
    expect(flags).not.toContain('alias.test-endpoint2.joined');
  });

  it('checks data only in its relation hooks once joined, and sets changed only for changed data', async () => {
    const { tools, rel0 } = makeTools();
    const dir = charm();
    await runHook(dir, 'install', { tools });
    await during(dir, 'update-status', tools, () => {
      unitState().unsetRange(undefined, 'reactive.states.endpoint.test-endpoint.changed');
    });
    tools.relation(rel0).units['unit/0'] = { foo: 'changed' };
    await runHook(dir, 'update-status', { tools });
    expect((await committedFlags(dir)).filter((f) => f.includes('changed'))).toEqual([]);
    await runHook(dir, 'test-endpoint-relation-changed', {
      tools,
      env: { JUJU_RELATION: 'test-endpoint', JUJU_RELATION_ID: rel0, JUJU_REMOTE_UNIT: 'unit/0' },
    });
    expect((await committedFlags(dir)).filter((f) => f.includes('changed'))).toEqual(['endpoint.test-endpoint.changed', 'endpoint.test-endpoint.changed.foo']);
    // md5 of the Python JSON of the decoded value: hashlib.md5(b'"changed"')
    expect((await committedState(dir))[`reactive.data_changed.endpoint.test-endpoint.${rel0}.unit/0.foo`]).toBe('fa1181bad49c7b54fa55a9a6b8c9279a');
  });
});

describe('Endpoint data', () => {
  it('lists relations and units, keyed and sorted; deprecated aliases are the same objects', async () => {
    const { tools, rel0, rel1 } = makeTools();
    await during(charm(), 'upgrade-charm', tools, () => {
      const ep = Endpoint.fromName('test-endpoint')!;
      expect(ep.relations.keyNames()).toEqual([rel0, rel1]);
      expect(ep.relations.get(rel0)).toBe(ep.relations[0]);
      expect(ep.allJoinedUnits.keyNames()).toEqual(['unit/0', 'unit/1', 'unit/0', 'unit/1']);
      expect(ep.allJoinedUnits.get('unit/1')!.relation!.relationId).toBe(rel0);
      expect(ep.allUnits).toBe(ep.allJoinedUnits);
      const relation = ep.relations[1]!;
      expect(relation.relationId).toBe(rel1);
      expect(relation.endpointName).toBe('test-endpoint');
      expect(relation.endpoint).toBe(ep);
      expect(relation.applicationName).toBe('unit');
      expect(relation.units).toBe(relation.joinedUnits);
    });
  });

  it('merges received data with the first unit winning, and decodes JSON with a raw fallback', async () => {
    const { tools, rel1 } = makeTools();
    await during(charm(), 'upgrade-charm', tools, () => {
      const ep = Endpoint.fromName('test-endpoint')!;
      expect(ep.allJoinedUnits.receivedRaw.toJSON()).toEqual({ foo: 'yes', bar: '[1, 2]' });
      expect(ep.allJoinedUnits.received.get('bar')).toEqual([1, 2]);
      expect(ep.relations.get(rel1)!.joinedUnits.receivedRaw.toJSON()).toEqual({ foo: 'no', bar: '[1, 2]' });
      expect(ep.allJoinedUnits.received.get('foo')).toBe('yes');
      expect(ep.allJoinedUnits.received.get('missing')).toBeNull();
      expect(ep.allJoinedUnits.received.get('missing', 'default')).toBe('default');
      expect(ep.allJoinedUnits.received.writeable).toBe(false);
      expect(() => ep.allJoinedUnits.received.set('foo', 1)).toThrow(ReadOnlyDataError);
      expect(() => ep.relations[0]!.joinedUnits[0]!.receivedRaw.set('foo', 'x')).toThrow('Remote unit data cannot be modified');
      expect(ep.relations[0]!.receivedApp.get('complex')).toEqual([1, 2]);
      expect(ep.relations[0]!.receivedAppRaw.get('complex')).toBe('[1, 2]');
      expect(ep.relations[1]!.receivedApp.toJSON()).toEqual({});
      expect(() => ep.relations[0]!.receivedApp.set('x', 1)).toThrow(ReadOnlyDataError);
    });
  });

  it('publishes modified views at the end of the hook, byte for byte as Python does', async () => {
    const { tools, rel0, rel1 } = makeTools();
    await during(charm(), 'upgrade-charm', tools, () => {
      const ep = Endpoint.fromName('test-endpoint')!;
      ep.relations[0]!.toPublish.set('key', { new: 'complex' });
      ep.relations[0]!.toPublishApp.update({ 'app-key': ['a', 1.5] });
      expect(ep.relations[1]!.toPublish.get('nothing', 'd')).toBe('d');
      expect(ep.relations[1]!.toPublish.has('nothing')).toBe(false);
    });
    expect(tools.relation(rel0).localUnitData).toEqual({ key: '{"new": "complex"}' });
    expect(tools.relation(rel0).localAppData).toEqual({ 'app-key': '["a", 1.5]' });
    expect(tools.relation(rel1).localUnitData).toEqual({});
    const sets = tools.calls.filter((c) => c.tool === 'relation-set').map((c) => c.args);
    expect(sets).toEqual([
      ['-r', rel0, '--file', '-'],
      ['-r', rel0, '--app', '--file', '-'],
    ]);
  });

  it('publishes nothing when the hook fails', async () => {
    const { tools, rel0 } = makeTools();
    const dir = charm({ 'reactive/fail.js': `import { whenNot } from '@reactive/bus'; whenNot('x')(function fail() { throw new Error('x'); });` });
    g.probe = () => Endpoint.fromName('test-endpoint')!.relations[0]!.toPublishRaw.set('key', 'new-value');
    expect(await runHook(dir, 'upgrade-charm', { tools })).toBeInstanceOf(Error);
    expect(tools.relation(rel0).localUnitData).toEqual({ key: 'value' });
    expect(tools.callCounts()['relation-set']).toBeUndefined();
  });

  it('fails the hook of a handler that assigns a property of toPublish, with the call to make (it published nothing, silently)', async () => {
    const { tools, rel0 } = makeTools();
    const dir = charm({
      'reactive/publish.js': `import { Endpoint } from '@reactive/endpoints'; import { whenNot } from '@reactive/bus';
        whenNot('x')(function publish() { Endpoint.fromName('test-endpoint').relations[0].toPublish.host = 'db.local'; });`,
    });
    const error = await runHook(dir, 'upgrade-charm', { tools });
    expect(String(error)).toContain("Relation data is not written as a property (.host = …): call .set('host', value)");
    expect(tools.relation(rel0).localUnitData).toEqual({ key: 'value' });
  });
});

describe('relation lifecycle', () => {
  it('created, joined (2 units), changed, departed (one unit), broken', async () => {
    const dir = charm();
    const { MemoryHookTools } = await import('@reactive/hookenv');
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const rid = tools.addRelation('test-endpoint', 'db', {});
    const relEnv = (hook: string, unit?: string) => ({
      JUJU_RELATION: 'test-endpoint',
      JUJU_RELATION_ID: rid,
      ...(unit ? { JUJU_REMOTE_UNIT: unit } : {}),
      ...(unit && hook.endsWith('-departed') ? { JUJU_DEPARTING_UNIT: unit } : {}),
      JUJU_HOOK_NAME: hook,
    });
    const endpointFlags = async () => (await committedFlags(dir)).filter((f) => f.startsWith('endpoint.test-endpoint.'));

    await runHook(dir, 'test-endpoint-relation-created', { tools, env: relEnv('test-endpoint-relation-created') });
    expect(await endpointFlags()).toEqual([]);

    tools.relation(rid).units['db/0'] = {};
    await runHook(dir, 'test-endpoint-relation-joined', { tools, env: relEnv('test-endpoint-relation-joined', 'db/0') });
    tools.relation(rid).units['db/1'] = {};
    await runHook(dir, 'test-endpoint-relation-joined', { tools, env: relEnv('test-endpoint-relation-joined', 'db/1') });
    expect(await endpointFlags()).toEqual(['endpoint.test-endpoint.joined']);

    tools.relation(rid).units['db/1'] = { host: '10.0.0.2' };
    await runHook(dir, 'test-endpoint-relation-changed', { tools, env: relEnv('test-endpoint-relation-changed', 'db/1') });
    expect(await endpointFlags()).toEqual(['endpoint.test-endpoint.changed', 'endpoint.test-endpoint.changed.host', 'endpoint.test-endpoint.joined']);

    tools.removeRemoteUnit(rid, 'db/0');
    await during(
      dir,
      'test-endpoint-relation-departed',
      tools,
      () => {
        expect(Endpoint.fromName('test-endpoint')!.allDepartedUnits.keyNames()).toEqual(['db/0']);
      },
      relEnv('test-endpoint-relation-departed', 'db/0'),
    );
    expect(await endpointFlags()).toEqual([
      'endpoint.test-endpoint.changed',
      'endpoint.test-endpoint.changed.host',
      'endpoint.test-endpoint.departed',
      'endpoint.test-endpoint.joined',
    ]);
    expect((await committedState(dir))['reactive.endpoints.departed.test-endpoint']).toEqual([{ relation: rid, unit_name: 'db/0', data: {} }]);

    await runHook(dir, 'update-status', { tools });
    expect(await endpointFlags()).not.toContain('endpoint.test-endpoint.departed');

    tools.removeRemoteUnit(rid, 'db/1');
    await runHook(dir, 'test-endpoint-relation-departed', { tools, env: relEnv('test-endpoint-relation-departed', 'db/1') });
    await runHook(dir, 'test-endpoint-relation-broken', { tools, env: relEnv('test-endpoint-relation-broken') });
    expect(await endpointFlags()).toEqual(['endpoint.test-endpoint.changed', 'endpoint.test-endpoint.changed.host', 'endpoint.test-endpoint.departed']);
    const departed = (await committedState(dir))['reactive.endpoints.departed.test-endpoint'] as Array<{ unit_name: string }>;
    expect(departed.map((u) => u.unit_name)).toEqual(['db/0', 'db/1']);
  });
});
