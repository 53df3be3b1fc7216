// The legacy API (charms.reactive relations.py): scopes, Conversation,
// RelationBase, migration of old conversation records and relation_call;
// the tests/test_relations.py list of relations.md §8.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation, Endpoint, endpointFromFlag, endpointFromName, RelationBase, relationCall, scopes } from '@reactive/endpoints';
import { loadedModule } from '@reactive/bus';
import { getFlagValue, isFlagSet, setFlag } from '@reactive/flags';
import { MemoryHookTools, unitState } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook, runHookWithProbe } from '../../../test-fixtures/run-hook.mjs';

const metadata = `
name: local
requires:
  db: {interface: mysql}
  cache: {interface: memcache}
  web: {interface: http-proxy}
  test-endpoint: {interface: test-alt}
  nothing: {interface: missing}
peers:
  cluster: {interface: hyphen-ated}
`;

/** Legacy layers: UNIT scope (db), GLOBAL (cache), SERVICE (web), a custom scope (cluster), and an Endpoint one (test-endpoint). */
const files = {
  'metadata.yaml': metadata,
  // MysqlBase comes first in alphabetical order, though MysqlRequires is more derived.
  'hooks/relations/mysql/requires.js': `
    import { RelationBase, scopes } from '@reactive/endpoints';
    export { RelationBase };
    export class Aardvark {}
    export class MysqlBase extends RelationBase {
      static scope = scopes.UNIT;
      static AUTO_ACCESSORS = ['host', 'database-name'];
      ping(...args) { return ['pong', this.relationName, ...args]; }
      async slow(x) { return x * 2; }
    }
    export class MysqlRequires extends MysqlBase {
      static AUTO_ACCESSORS = ['port'];
    }
  `,
  'hooks/relations/memcache/requires.js': `
    import { RelationBase, scopes } from '@reactive/endpoints';
    export class CacheRequires extends RelationBase { static scope = scopes.GLOBAL; }
  `,
  'hooks/relations/http-proxy/requires.js': `
    import { RelationBase, scopes } from '@reactive/endpoints';
    export class WebBase extends RelationBase { static scope = scopes.SERVICE; }
    export class WebRequires extends WebBase {}
  `,
  'hooks/relations/hyphen-ated/peers.js': `
    import { RelationBase } from '@reactive/endpoints';
    export class ClusterPeers extends RelationBase { static scope = 'custom'; }
  `,
  'hooks/relations/test-alt/requires.js': `
    import { Endpoint } from '@reactive/endpoints';
    export class TestAlt extends Endpoint {}
  `,
  'reactive/probe.js': `
    import { hook } from '@reactive/bus';
    hook('{install,update-status}', '{db,cache,web,cluster,test-endpoint}-relation-{created,joined,changed,departed,broken}')(
      async function probe() { await globalThis.probe?.(); });
  `,
};

const g = globalThis as { probe?: () => unknown; saved?: unknown };
afterEach(() => {
  delete g.probe;
  delete g.saved;
});

function relEnv(rid: string, unit?: string): Record<string, string | undefined> {
  return { JUJU_RELATION: rid.split(':')[0], JUJU_RELATION_ID: rid, JUJU_REMOTE_UNIT: unit };
}

function during(dir: string, hook: string, tools: MemoryHookTools, check: () => unknown, env: Record<string, string | undefined> = {}): Promise<void> {
  return runHookWithProbe(dir, hook, { tools, env }, check);
}

/** Runs a relation hook of `rid` with remote unit `unit`. */
function relationHook(dir: string, hook: string, tools: MemoryHookTools, rid: string, unit: string | undefined, check: () => unknown = () => undefined) {
  return during(dir, `${rid.split(':')[0]}-relation-${hook}`, tools, check, relEnv(rid, unit));
}

/** Hook tools whose relation-list leaves out a departing unit, as Juju does in -relation-departed, while its data stays readable. */
class DepartingTools extends MemoryHookTools {
  departing: string | undefined;
  override relationListSync(relationId: string): string[] {
    return super.relationListSync(relationId).filter((unit) => unit !== this.departing);
  }
}

function relationGets(tools: MemoryHookTools): string[][] {
  return tools.calls.filter((c) => c.tool === 'relation-get').map((c) => c.args);
}

const DB0 = 'reactive.conversations.db:0.mysql/0';
const DB1 = 'reactive.conversations.db:0.mysql/1';

/** A charm with relation db:0 (mysql/0, mysql/1) where both units joined (so both UNIT records exist). */
async function dbJoined(): Promise<{ dir: string; tools: DepartingTools }> {
  const dir = makeCharm(files);
  const tools = new DepartingTools({ unit: 'local/0' });
  tools.addRelation('db', 'mysql', { units: { 'mysql/0': { host: 'h0', 'database-name': 'shop', port: '3306' }, 'mysql/1': { host: 'h1' } } });
  for (const unit of ['mysql/0', 'mysql/1']) {
    await relationHook(dir, 'joined', tools, 'db:0', unit, async () => (await RelationBase.fromName('db'))!.setFlag('{relation_name}.connected'));
  }
  return { dir, tools };
}

describe('scopes', () => {
  it('are the strings of Python', () => {
    expect(scopes).toEqual({ GLOBAL: 'global', SERVICE: 'service', UNIT: 'unit' });
    expect(RelationBase.scope).toBe(scopes.UNIT);
  });
});

describe('Conversation.join', () => {
  it('UNIT: namespace the relation id, scope the remote unit; stores {namespace, scope, units} in that order', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('db', 'mysql', { units: { 'mysql/0': {} } });
    await relationHook(dir, 'joined', tools, 'db:0', 'mysql/0', async () => {
      const db = (await RelationBase.fromName('db'))!;
      expect(db.relationName).toBe('db');
      expect(db.scope).toBe('unit');
      expect(db.conversations().map((c) => c.key)).toEqual([DB0]);
      expect(db.conversation().relationName).toBe('db');
    });
    const record = (await committedState(dir))[DB0] as object;
    expect(JSON.stringify(record)).toBe('{"namespace":"db:0","scope":"mysql/0","units":["mysql/0"]}');
  });

  it('SERVICE: scope the remote application, merging the units that join, sorted as strings', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('web', 'haproxy', { units: { 'haproxy/2': {}, 'haproxy/10': {} } });
    for (const unit of ['haproxy/2', 'haproxy/10']) {
      await relationHook(dir, 'joined', tools, 'web:0', unit, async () => {
        expect((await RelationBase.fromName('web'))!.conversation().key).toBe('reactive.conversations.web:0.haproxy');
      });
    }
    expect((await committedState(dir))['reactive.conversations.web:0.haproxy']).toEqual({
      namespace: 'web:0',
      scope: 'haproxy',
      units: ['haproxy/10', 'haproxy/2'],
    });
  });

  it('GLOBAL and custom scopes: namespace the relation name, one record over all relation ids', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const c0 = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    const c1 = tools.addRelation('cache', 'redis', { units: { 'redis/0': {} } });
    const peer = tools.addRelation('cluster', 'local', { units: { 'local/1': {} } });
    await relationHook(dir, 'joined', tools, c1, 'redis/0', () => RelationBase.fromName('cache'));
    await relationHook(dir, 'joined', tools, c0, 'memcached/0', () => RelationBase.fromName('cache'));
    await relationHook(dir, 'joined', tools, peer, 'local/1', async () => {
      const cluster = (await RelationBase.fromName('cluster'))!;
      expect(cluster.constructor.name).toBe('ClusterPeers');
      expect(cluster.conversation().key).toBe('reactive.conversations.cluster.custom');
    });
    // No remote unit (relation-broken): the record is kept, nothing is added.
    await relationHook(dir, 'broken', tools, c0, undefined, () => {
      expect(Conversation.join(scopes.GLOBAL).units).toEqual(['memcached/0', 'redis/0']);
    });
    const state = await committedState(dir);
    expect(state['reactive.conversations.cache.global']).toEqual({ namespace: 'cache', scope: 'global', units: ['memcached/0', 'redis/0'] });
    expect(state['reactive.conversations.cluster.custom']).toEqual({ namespace: 'cluster', scope: 'custom', units: ['local/1'] });
  });

  it('throws a clear error outside a relation hook, and writes no None.None keys (deviation from Python)', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('db', 'mysql', { units: { 'mysql/0': {} } });
    await during(dir, 'update-status', tools, async () => {
      await expect(RelationBase.fromName('db')).rejects.toThrow(
        "Conversation.join('unit'): not in a relation hook (JUJU_RELATION_ID is not set) in hook update-status",
      );
      expect(() => Conversation.join(scopes.GLOBAL)).toThrow("Conversation.join('global'): not in a relation hook (JUJU_RELATION is not set)");
    });
    await relationHook(dir, 'broken', tools, 'db:0', undefined, () => {
      expect(() => Conversation.join(scopes.SERVICE)).toThrow("Conversation.join('service'): no remote unit (JUJU_REMOTE_UNIT is not set)");
    });
    expect(Object.keys(await committedState(dir)).filter((k) => k.startsWith('reactive.conversations.'))).toEqual([]);
  });
});

describe('Conversation', () => {
  it('relationIds: [namespace] without a hook tool for non-global scopes, relation-ids for GLOBAL', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    tools.addRelation('cache', 'redis', { units: { 'redis/0': {} } });
    await during(dir, 'update-status', tools, async () => {
      const before = tools.calls.filter((c) => c.tool === 'relation-ids').length;
      expect(await new Conversation('db:3', ['mysql/0'], 'mysql').relationIds()).toEqual(['db:3']);
      expect(tools.calls.filter((c) => c.tool === 'relation-ids').length).toBe(before);
      const global = new Conversation('cache', [], 'global');
      expect(global.key).toBe('reactive.conversations.cache.global');
      expect(global.relationName).toBe('cache');
      expect(new Conversation('db:3', [], 'x').relationName).toBe('db');
      expect(await global.relationIds()).toEqual(['cache:0', 'cache:1']);
    });
    expect(tools.calls).toContainEqual({ tool: 'relation-ids', args: ['--format=json', 'cache'] });
  });

  it('load reads the records in the order of the keys and skips missing ones', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, () => {
      const loaded = Conversation.load([DB1, 'reactive.conversations.missing.x', DB0]);
      expect(loaded.map((c) => [c.namespace, c.scope, c.units])).toEqual([
        ['db:0', 'mysql/1', ['mysql/1']],
        ['db:0', 'mysql/0', ['mysql/0']],
      ]);
    });
  });

  it('depart keeps the remaining units, and deletes the record with the last one', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const c0 = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    const c1 = tools.addRelation('cache', 'redis', { units: { 'redis/0': {} } });
    await relationHook(dir, 'joined', tools, c0, 'memcached/0', () => RelationBase.fromName('cache'));
    await relationHook(dir, 'joined', tools, c1, 'redis/0', () => RelationBase.fromName('cache'));
    await relationHook(dir, 'departed', tools, c0, 'memcached/0', () => Conversation.join(scopes.GLOBAL).depart());
    expect((await committedState(dir))['reactive.conversations.cache.global']).toEqual({ namespace: 'cache', scope: 'global', units: ['redis/0'] });
    await relationHook(dir, 'departed', tools, c1, 'redis/0', () => Conversation.join(scopes.GLOBAL).depart());
    expect((await committedState(dir))['reactive.conversations.cache.global']).toBeUndefined();
  });
});

describe('conversation flags', () => {
  it('setFlag fills in {relation_name}, stores {relation, conversations} and adds each key once', async () => {
    const { dir, tools } = await dbJoined();
    expect(JSON.stringify((await committedState(dir))['reactive.states.db.connected'])).toBe(`{"relation":"db","conversations":["${DB0}","${DB1}"]}`);
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      const db = (await RelationBase.fromName('db'))!;
      db.setFlag('{relation_name}.connected');
      db.conversation().setState('db.connected');
      db.setFlag('{relation_name}.odd.{x}');
    });
    const state = await committedState(dir);
    expect(state['reactive.states.db.connected']).toEqual({ relation: 'db', conversations: [DB0, DB1] });
    // A literal replace: Python's str.format would have failed on {x}.
    expect(state['reactive.states.db.odd.{x}']).toEqual({ relation: 'db', conversations: [DB0] });
  });

  it('removeFlag: a no-op on an unset flag or one without a value; keeps the flag while other conversations hold it', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, async () => {
      const [c0, c1] = Conversation.load([DB0, DB1]) as [Conversation, Conversation];
      c0.removeFlag('never.set');
      expect(isFlagSet('never.set')).toBe(false);
      setFlag('db.plain');
      c0.removeFlag('db.plain');
      expect(isFlagSet('db.plain')).toBe(true);
      c0.removeFlag('{relation_name}.connected');
      expect(getFlagValue('db.connected')).toEqual({ relation: 'db', conversations: [DB1] });
      c1.removeState('db.connected');
      expect(isFlagSet('db.connected')).toBe(false);
    });
    expect(await committedFlags(dir)).not.toContain('db.connected');
  });

  it('isFlagSet is true only when the flag lists this conversation', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, () => {
      const [c0, c1] = Conversation.load([DB0, DB1]) as [Conversation, Conversation];
      expect(c0.isFlagSet('never.set')).toBe(false);
      c1.setFlag('db.only1');
      expect(c0.isFlagSet('db.only1')).toBe(false);
      expect(c1.isFlagSet('{relation_name}.only1')).toBe(true);
      expect(c1.isState('db.only1')).toBe(true);
      setFlag('db.plain');
      expect(c0.isFlagSet('db.plain')).toBe(false);
    });
  });

  it('toggleFlag: flips with no argument; null and false remove; true sets; toggleState alias', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, () => {
      const [c0] = Conversation.load([DB0]) as [Conversation];
      c0.toggleFlag('db.t');
      expect(c0.isFlagSet('db.t')).toBe(true);
      c0.toggleFlag('db.t');
      expect(isFlagSet('db.t')).toBe(false);
      c0.toggleFlag('db.t', true);
      c0.toggleFlag('db.t', true);
      expect(c0.isFlagSet('db.t')).toBe(true);
      c0.toggleFlag('db.t', null);
      expect(isFlagSet('db.t')).toBe(false);
      c0.toggleState('db.t', Conversation.TOGGLE);
      expect(c0.isFlagSet('db.t')).toBe(true);
      c0.toggleState('db.t', false);
      expect(isFlagSet('db.t')).toBe(false);
    });
  });
});

describe('remote and local data', () => {
  it('setRemote: data, then key=value, then kwargs win; one relation-set per relation id at the end of the hook; nothing when empty', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const c0 = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    const c1 = tools.addRelation('cache', 'redis', { units: { 'redis/0': {} } });
    await relationHook(dir, 'joined', tools, c0, 'memcached/0', async () => {
      const cache = (await RelationBase.fromName('cache'))!;
      const data = { foo: 'bar' };
      await cache.setRemote('foo', 'bof', data, null, { foo: 'qux' });
      expect(data).toEqual({ foo: 'bar' });
      await cache.setRemote();
      await cache.conversation().setRemote(null, undefined, {});
      await cache.conversation().setRemote('n', 1, { s: '{"a": 1}', gone: null }, { t: true, f: false });
      await expect(cache.setRemote('o', { a: 1 })).rejects.toThrow('setRemote value of "o" must be a string');
    });
    for (const rid of [c0, c1]) expect(tools.relation(rid).localUnitData).toEqual({ foo: 'qux', s: '{"a": 1}', n: '1', t: 'True', f: 'False' });
    expect(tools.calls.filter((c) => c.tool === 'relation-set').map((c) => c.args)).toEqual([
      ['-r', c0, '--file', '-'],
      ['-r', c1, '--file', '-'],
    ]);
  });

  it('getRemote asks only the conversation units, returns the first truthy value, else the default', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('db', 'mysql', { units: { 'mysql/0': { host: '', port: '1' }, 'mysql/1': { host: 'h1' }, 'mysql/2': { host: 'h2', port: '2' } } });
    await during(dir, 'update-status', tools, async () => {
      const gets = () => relationGets(tools).length;
      let before = gets();
      expect(await new Conversation('db:0', ['mysql/1', 'mysql/2'], 'x').getRemote('host')).toBe('h1');
      expect(relationGets(tools).slice(before)).toEqual([['--format=json', '-r', 'db:0', 'host', 'mysql/1']]);
      before = gets();
      expect(await new Conversation('db:0', ['mysql/0', 'mysql/2'], 'x').getRemote('port')).toBe('1');
      expect(await new Conversation('db:0', ['mysql/0', 'mysql/2'], 'y').getRemote('host')).toBe('h2');
      expect(await new Conversation('db:0', ['mysql/0'], 'z').getRemote('missing', 'dflt')).toBe('dflt');
      expect(await new Conversation('db:0', ['mysql/0'], 'z').getRemote('missing2')).toBeNull();
      expect(gets() - before).toBe(5);
      before = gets();
      expect(await new Conversation('db:0', ['other/0'], 'w').getRemote('other-key', 'd')).toBe('d');
      expect(gets()).toBe(before);
    });
  });

  it('getRemote in a -relation-departed hook still asks the departing unit, on the current relation id', async () => {
    const { dir, tools } = await dbJoined();
    tools.departing = 'mysql/1';
    await during(dir, 'update-status', tools, async () => {
      expect(await Conversation.load([DB1])[0]!.getRemote('host', 'gone')).toBe('gone');
    });
    await relationHook(dir, 'departed', tools, 'db:0', 'mysql/1', async () => {
      expect(await Conversation.load([DB1])[0]!.getRemote('host', 'gone')).toBe('h1');
      await expect((await RelationBase.fromName('db'))!.getRemote('host')).resolves.toBe('h1');
    });
  });

  it('setLocal / getLocal: kv keys <conversation key>.local-data.<k>, the same merge, nothing when empty', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    const c0 = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    await relationHook(dir, 'joined', tools, c0, 'memcached/0', async () => {
      const cache = (await RelationBase.fromName('cache'))!;
      cache.setLocal('foo', 'bof', { foo: 'bar', x: 1 }, null, { foo: 'qux' });
      cache.setLocal();
      cache.conversation().setLocal(null, null, {}, {});
      expect(cache.getLocal('x')).toBe(1);
      expect(cache.getLocal('missing', 'd')).toBe('d');
      expect(cache.conversation().getLocal('missing')).toBeNull();
    });
    const state = await committedState(dir);
    const local = Object.keys(state).filter((k) => k.includes('local-data'));
    expect(local).toEqual(['reactive.conversations.cache.global.local-data.foo', 'reactive.conversations.cache.global.local-data.x']);
    expect(state['reactive.conversations.cache.global.local-data.foo']).toBe('qux');
  });
});

describe('RelationBase', () => {
  it('fromName: null for no name, unknown names and names without an implementation; the first subclass in alphabetical order', async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      expect(await RelationBase.fromName(null)).toBeNull();
      expect(await RelationBase.fromName(undefined)).toBeNull();
      expect(await RelationBase.fromName('nope')).toBeNull();
      expect(await RelationBase.fromName('nothing')).toBeNull();
      expect(await RelationBase.fromName('test-endpoint')).toBeNull();
      const module = loadedModule(join(dir, 'hooks/relations/mysql/requires.js'))!;
      const db = (await RelationBase.fromName('db'))!;
      expect(db.constructor).toBe(module.MysqlBase);
      expect(db).not.toBeInstanceOf(module.MysqlRequires as Function);
    });
  });

  it('fromName caches the class per relation name for the hook, and searches subclasses of the class it is called on', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('web', 'haproxy', { units: { 'haproxy/0': {} } });
    tools.addRelation('db', 'mysql', { units: { 'mysql/0': {} } });
    class Unrelated extends RelationBase {}
    await relationHook(dir, 'joined', tools, 'web:0', 'haproxy/0', async () => {
      const module = loadedModule(join(dir, 'hooks/relations/http-proxy/requires.js'))!;
      expect(await Unrelated.fromName('web')).toBeNull();
      const web = (await (module.WebRequires as typeof RelationBase).fromName('web'))!;
      expect(web.constructor).toBe(module.WebRequires);
      // Cached: the class found first is returned, whichever class asks.
      expect((await Unrelated.fromName('web'))!.constructor).toBe(module.WebRequires);
      expect((await RelationBase.fromName('web'))!.constructor).toBe(module.WebRequires);
      g.saved = web.constructor;
    });
    await relationHook(dir, 'changed', tools, 'web:0', 'haproxy/0', async () => {
      const module = loadedModule(join(dir, 'hooks/relations/http-proxy/requires.js'))!;
      const web = (await RelationBase.fromName('web'))!;
      expect(web.constructor).not.toBe(g.saved);
      expect(web.constructor).toBe(module.WebBase);
    });
  });

  it('fromName imports a layer that discovery did not load (hyphenated interface, peers role)', async () => {
    const dir = makeCharm({
      'metadata.yaml': 'name: fresh\npeers:\n  fresh-peer: {interface: fresh-ifa-ce}\n',
      'hooks/relations/fresh-ifa-ce/peers.js': `import { RelationBase } from '@reactive/endpoints'; export class FreshPeers extends RelationBase {}`,
    });
    const saved = process.env.JUJU_CHARM_DIR;
    process.env.JUJU_CHARM_DIR = dir;
    try {
      expect(loadedModule(join(dir, 'hooks/relations/fresh-ifa-ce/peers.js'))).toBeUndefined();
      const peer = (await RelationBase.fromName('fresh-peer', [new Conversation('fresh-peer:0', ['fresh/1'], 'fresh/1')]))!;
      expect(peer.constructor.name).toBe('FreshPeers');
      expect(peer.conversations().map((c) => c.key)).toEqual(['reactive.conversations.fresh-peer:0.fresh/1']);
    } finally {
      process.env.JUJU_CHARM_DIR = saved;
    }
  });

  it('fromFlag (fromState) builds from the flag value: its relation and its conversations; null for unset flags and flags without a value', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, async () => {
      expect(await RelationBase.fromFlag('db.nope')).toBeNull();
      setFlag('db.plain');
      expect(await RelationBase.fromFlag('db.plain')).toBeNull();
      setFlag('db.partial', { relation: 'db', conversations: [DB1, 'reactive.conversations.db:0.gone/0', DB0] });
      const db = (await RelationBase.fromFlag('db.partial'))!;
      expect(db.relationName).toBe('db');
      expect(db.constructor.name).toBe('MysqlBase');
      expect(db.conversations().map((c) => c.key)).toEqual([DB1, DB0]);
      expect((await RelationBase.fromState('db.connected'))!.conversations().map((c) => c.key)).toEqual([DB0, DB1]);
      // A copy: changing it changes nothing.
      db.conversations().pop();
      expect(db.conversations()).toHaveLength(2);
    });
  });

  it('conversation(): the default scope per class scope, an explicit scope, and the errors', async () => {
    const { dir, tools } = await dbJoined();
    const w = tools.addRelation('web', 'haproxy', { units: { 'haproxy/0': {} } });
    const c = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/1', async () => {
      const db = (await RelationBase.fromFlag('db.connected'))!;
      expect(db.conversation().key).toBe(DB1);
      expect(db.conversation('mysql/0').key).toBe(DB0);
      expect(() => db.conversation('other/9')).toThrow("Conversation with scope 'other/9' not found");
    });
    await relationHook(dir, 'joined', tools, w, 'haproxy/0', async () => {
      expect((await RelationBase.fromName('web'))!.conversation().scope).toBe('haproxy');
    });
    await relationHook(dir, 'joined', tools, c, 'memcached/0', async () => {
      expect((await RelationBase.fromName('cache'))!.conversation().scope).toBe('global');
    });
    await during(dir, 'update-status', tools, async () => {
      const db = (await RelationBase.fromFlag('db.connected'))!;
      expect(() => db.conversation()).toThrow('Unable to determine default scope: no current hook or global scope');
      expect(() => db.conversation(null)).toThrow('Unable to determine default scope');
      expect(db.conversation('mysql/1').key).toBe(DB1);
    });
  });

  it('the flag and data methods work on conversation(scope), forwarding their arguments', async () => {
    const { dir, tools } = await dbJoined();
    await during(dir, 'update-status', tools, async () => {
      const db = (await RelationBase.fromFlag('db.connected'))!;
      db.setFlag('{relation_name}.ready', 'mysql/1');
      expect(getFlagValue('db.ready')).toEqual({ relation: 'db', conversations: [DB1] });
      expect(db.isFlagSet('db.ready', 'mysql/0')).toBe(false);
      expect(db.isState('db.ready', 'mysql/1')).toBe(true);
      db.setState('db.ready', 'mysql/0');
      db.removeFlag('db.ready', 'mysql/1');
      expect(getFlagValue('db.ready')).toEqual({ relation: 'db', conversations: [DB0] });
      db.removeState('db.ready', 'mysql/0');
      expect(isFlagSet('db.ready')).toBe(false);
      db.toggleFlag('db.t', undefined, 'mysql/1');
      expect(getFlagValue('db.t')).toEqual({ relation: 'db', conversations: [DB1] });
      db.toggleState('db.t', Conversation.TOGGLE, 'mysql/1');
      expect(isFlagSet('db.t')).toBe(false);
      db.toggleFlag('db.t', 'yes', 'mysql/0');
      expect(getFlagValue('db.t')).toEqual({ relation: 'db', conversations: [DB0] });
      db.setLocal('k', 'v0', null, 'mysql/0');
      db.setLocal(null, null, { k: 'v1' }, 'mysql/1', { j: 2 });
      expect(db.getLocal('k', 'd', 'mysql/0')).toBe('v0');
      expect(db.getLocal('j', 'd', 'mysql/0')).toBe('d');
      expect(db.getLocal('j', 'd', 'mysql/1')).toBe(2);
      expect(await db.getRemote('host', null, 'mysql/1')).toBe('h1');
      expect(await db.getRemote('database-name', 'none', 'mysql/1')).toBe('none');
      await db.setRemote('a', 'b', null, 'mysql/1');
    });
    const state = await committedState(dir);
    expect(state[`${DB0}.local-data.k`]).toBe('v0');
    expect(state[`${DB1}.local-data.k`]).toBe('v1');
    expect(tools.relation('db:0').localUnitData).toEqual({ a: 'b' });
  });

  it('AUTO_ACCESSORS: methods named with _ (Python names) that get the hyphenated remote field', async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      const module = loadedModule(join(dir, 'hooks/relations/mysql/requires.js'))!;
      const Requires = module.MysqlRequires as typeof RelationBase;
      const Base = module.MysqlBase as typeof RelationBase;
      expect(Object.hasOwn(Requires.prototype, 'port')).toBe(false);
      Requires.installAutoAccessors();
      const port = (Requires.prototype as unknown as Record<string, Function>).port!;
      expect(port.name).toBe('port');
      const accessor = (Base.prototype as unknown as Record<string, Function & { doc: string }>).database_name!;
      expect(accessor.name).toBe('database_name');
      expect(accessor.doc).toBe('Get the database-name, if available, or null.');
      const db = (await RelationBase.fromName('db'))! as RelationBase & Record<string, () => Promise<unknown>>;
      expect(await db.database_name!()).toBe('shop');
      expect(await db.host!()).toBe('h0');
      expect(db.port).toBeUndefined();
      const requires = new Requires('db') as RelationBase & Record<string, () => Promise<unknown>>;
      expect(await requires.port!()).toBe('3306');
      expect(await requires.database_name!()).toBe('shop');
    });
  });

  it('in a -relation-departed hook, the departing unit leaves its UNIT conversation at the end of the hook (only UNIT ones)', async () => {
    const { dir, tools } = await dbJoined();
    const c = tools.addRelation('cache', 'memcached', { units: { 'memcached/0': {} } });
    await relationHook(dir, 'joined', tools, c, 'memcached/0', () => RelationBase.fromName('cache'));
    tools.departing = 'mysql/1';
    await relationHook(dir, 'departed', tools, 'db:0', 'mysql/1', () => {
      expect(unitState().get(DB1)).toEqual({ namespace: 'db:0', scope: 'mysql/1', units: ['mysql/1'] });
    });
    let state = await committedState(dir);
    expect(state[DB1]).toBeUndefined();
    expect(state[DB0]).toEqual({ namespace: 'db:0', scope: 'mysql/0', units: ['mysql/0'] });
    tools.departing = 'memcached/0';
    await relationHook(dir, 'departed', tools, c, 'memcached/0');
    state = await committedState(dir);
    expect(state['reactive.conversations.cache.global']).toEqual({ namespace: 'cache', scope: 'global', units: ['memcached/0'] });
    expect(state[`reactive.conversations.${c}.memcached/0`]).toBeUndefined();
  });
});

describe('endpointFromName / endpointFromFlag of a legacy interface', () => {
  it('answer the instance of the most derived RelationBase class, as Python does', async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', () => {
      const module = loadedModule(join(dir, 'hooks/relations/mysql/requires.js'))!;
      const byName = endpointFromName<RelationBase>('db')!;
      expect(byName.constructor).toBe(module.MysqlRequires);
      expect(byName.relationName).toBe('db');
      expect(byName.conversations().map((c) => c.key)).toEqual([DB0]);
      const byFlag = endpointFromFlag<RelationBase>('db.connected')!;
      expect(byFlag.constructor).toBe(module.MysqlRequires);
      expect(byFlag.conversations().map((c) => c.key)).toEqual([DB0, DB1]);
      expect(endpointFromFlag('db.unset')).toBeNull();
      expect(endpointFromName('nothing')).toBeNull();
    });
    // Outside a relation hook, by flag: the flag's conversations.
    await during(dir, 'update-status', tools, () => {
      expect(endpointFromFlag<RelationBase>('db.connected')!.constructor.name).toBe('MysqlRequires');
    });
  });
});

describe('migration of old conversation records', () => {
  it('leaves new records; gives GLOBAL ones a namespace; splits SERVICE/UNIT ones per relation id; rewrites the flags', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('db', 'mysql', { units: { 'mysql/0': {} } });
    tools.addRelation('db', 'mysql', { units: { 'mysql/3': {}, 'mysql/1': {} } });
    tools.addRelation('db', 'mysql', { units: { 'mysql/9': {} } });
    const fresh = { namespace: 'db:0', scope: 'x', units: ['mysql/0'] };
    await during(dir, 'install', tools, () => {
      const kv = unitState();
      kv.set('reactive.conversations.db:0.x', fresh);
      kv.set('reactive.conversations.cache.global', { relation_name: 'cache', scope: 'global', units: ['memcached/0'] });
      kv.set('reactive.conversations.db.mysql', { relation_name: 'db', scope: 'mysql', units: ['mysql/0', 'mysql/1', 'mysql/3', 'mysql/7'] });
      kv.set('reactive.conversations.db.mysql.local-data.k', 'v');
      setFlag('db.connected', { relation: 'db', conversations: ['reactive.conversations.db.mysql', 'reactive.conversations.other.key'] });
      setFlag('db.other', { relation: 'db', conversations: ['reactive.conversations.other.key'] });
      setFlag('plain');
    });
    await runHook(dir, 'update-status', { tools });
    const state = await committedState(dir);
    const conversations = Object.fromEntries(Object.entries(state).filter(([k]) => k.startsWith('reactive.conversations.')));
    expect(conversations).toEqual({
      'reactive.conversations.db:0.x': fresh,
      'reactive.conversations.cache.global': { scope: 'global', units: ['memcached/0'], namespace: 'cache' },
      'reactive.conversations.db:0.mysql': { namespace: 'db:0', scope: 'mysql', units: ['mysql/0'] },
      'reactive.conversations.db:1.mysql': { namespace: 'db:1', scope: 'mysql', units: ['mysql/1', 'mysql/3'] },
      'reactive.conversations.db.mysql.local-data.k': 'v',
    });
    expect(JSON.stringify(state['reactive.conversations.db:1.mysql'])).toBe('{"namespace":"db:1","scope":"mysql","units":["mysql/1","mysql/3"]}');
    expect(state['reactive.states.db.connected']).toEqual({
      relation: 'db',
      conversations: ['reactive.conversations.other.key', 'reactive.conversations.db:0.mysql', 'reactive.conversations.db:1.mysql'],
    });
    expect(state['reactive.states.db.other']).toEqual({ relation: 'db', conversations: ['reactive.conversations.other.key'] });
    expect(state['reactive.states.plain']).toBeNull();
  });
});

describe('relationCall', () => {
  it('calls a method of the RelationBase found by name or flag, with the arguments, awaiting the result', async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      expect(await relationCall('ping', { name: 'db' }, 'a', 2)).toEqual(['pong', 'db', 'a', 2]);
      expect(await relationCall('slow', { flag: 'db.connected' }, 21)).toBe(42);
      expect(await relationCall('get_remote', { state: 'db.connected' }, 'host')).toBe('h0');
      expect(await relationCall('is_flag_set', { flag: 'db.connected' }, 'db.connected')).toBe(true);
      expect(await relationCall('conversations', { name: 'db' })).toEqual(['mysql/0']);
      expect(await relationCall('conversations', { flag: 'db.connected' })).toEqual(['mysql/0', 'mysql/1']);
    });
  });

  it("uses the relation's most derived class, as Python's relation_factory picks it, not the first in alphabetical order", async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      // `port` is an accessor of MysqlRequires only.
      expect(await relationCall('port', { name: 'db' })).toBe('3306');
      expect(await relationCall('port', { flag: 'db.connected' })).toBe('3306');
    });
  });

  it('calls a method of an Endpoint found by name or flag', async () => {
    const dir = makeCharm(files);
    const tools = new MemoryHookTools({ unit: 'local/0' });
    tools.addRelation('test-endpoint', 'unit', { units: { 'unit/0': {} } });
    await during(dir, 'update-status', tools, async () => {
      expect(await relationCall('expandName', { name: 'test-endpoint' }, 'joined')).toBe('endpoint.test-endpoint.joined');
      expect(await relationCall('expand_name', { flag: 'endpoint.test-endpoint.joined' }, 'x')).toBe('endpoint.test-endpoint.x');
      const relations = await relationCall('relations', { name: 'test-endpoint' }).catch((e: Error) => e.message);
      expect(relations).toBe('relation_call: TestAlt has no method relations');
      expect(Endpoint.fromName('test-endpoint')).not.toBeNull();
    });
  });

  it('errors: relation not found (by name or flag), neither given, unknown method', async () => {
    const { dir, tools } = await dbJoined();
    await relationHook(dir, 'changed', tools, 'db:0', 'mysql/0', async () => {
      await expect(relationCall('ping', { name: 'nope' })).rejects.toThrow('Relation not found: nope');
      await expect(relationCall('ping', { name: 'nothing' })).rejects.toThrow('Relation not found: nothing');
      await expect(relationCall('ping', { flag: 'db.unset' })).rejects.toThrow('Relation not found: db.unset');
      await expect(relationCall('ping', {})).rejects.toThrow('Must specify either relation_name or flag');
      await expect(relationCall('ping', { name: '', flag: null })).rejects.toThrow('Must specify either relation_name or flag');
      await expect(relationCall('nope_nope', { name: 'db' })).rejects.toThrow('relation_call: MysqlRequires has no method nope_nope');
    });
  });
});
