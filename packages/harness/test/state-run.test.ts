// StateContext on a charm with a peer relation, storage, typed config and an
// owned secret, and the consistency checker's refusals, one test each.
import { afterAll, describe, expect, it } from 'vitest';
import { InconsistentStateError, StateContext, type HookEvent, type State } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

const charm = makeCharm({
  'metadata.yaml': [
    'name: keeper',
    'requires:',
    '  db: {interface: pgsql}',
    'peers:',
    '  cluster: {interface: keeper-peers}',
    'storage:',
    '  data: {type: filesystem}',
    '',
  ].join('\n'),
  'config.yaml': [
    'options:',
    '  port: {type: int, default: 80}',
    '  ratio: {type: float, default: 0.5}',
    '  debug: {type: boolean, default: false}',
    '  name: {type: string}',
    '',
  ].join('\n'),
  'reactive/keeper.js': `
    import { hook } from '@reactive/bus';
    import { getFlagValue, setFlag } from '@reactive/flags';
    import { config, hookTools, isLeader, leaderSet, relationId, relationSet, remoteUnit, secretId, secrets, statusSet, storage, unitState } from '@reactive/hookenv';
    hook('data-storage-attached')(async function attached() {
      setFlag('keeper.data', { location: (await storage.get()).location });
    });
    hook('cluster-relation-changed')(async function peerChanged() {
      setFlag('keeper.changes', (getFlagValue('keeper.changes') ?? 0) + 1);
      unitState().set('keeper.seen', [...(unitState().get('keeper.seen') ?? []), remoteUnit()]);
      await relationSet({ relationId: relationId() }, { port: String(config().get('port')) });
      if (await isLeader()) {
        await leaderSet({ leader: 'here' });
        await statusSet('active', 'leading', { application: true });
      }
      await hookTools().openPort('8080/tcp');
      await statusSet('active', 'peers seen');
    });
    hook('secret-rotate')(async function rotate() {
      await secrets.set(secretId(), { password: 'rotated' });
    });
  `,
});

const ctx = new StateContext(charm);
afterAll(() => ctx.cleanUp());
const uri = 'secret:d0keeper00000000000a';

describe('StateContext', () => {
  it('runs a peer relation hook: flag values, unit-state keys, published data, leader settings, ports and statuses come out', async () => {
    const state: State = {
      unit: 'keeper/1',
      leader: true,
      config: { port: 8080 },
      flags: { 'keeper.changes': 2 },
      kv: { 'keeper.seen': ['keeper/0'] },
      relations: { 'cluster:1': { remoteApp: 'keeper', units: { 'keeper/0': {}, 'keeper/2': {} } } },
    };
    const { state: out, handlers } = await ctx.run({ hook: 'cluster-relation-changed', relation: 'cluster:1', remoteUnit: 'keeper/2' }, state);
    expect(handlers).toEqual(['reactive/keeper.js:8:peerChanged']);
    expect(out.flags['keeper.changes']).toBe(3);
    expect(out.kv['keeper.seen']).toEqual(['keeper/0', 'keeper/2']);
    expect(out.relations['cluster:1']!.localUnitData).toEqual({ port: '8080' });
    expect(out.leaderSettings).toEqual({ leader: 'here' });
    expect(out.ports).toEqual(['8080/tcp']);
    expect(out.status).toEqual({ status: 'active', message: 'peers seen' });
    expect(out.appStatus).toEqual({ status: 'active', message: 'leading' });
    expect(out.config).toEqual({ port: 8080, ratio: 0.5, debug: false, name: null });
  });

  it('gives the storage hook its instance, at Juju default location', async () => {
    const { state } = await ctx.run({ hook: 'data-storage-attached', storage: 'data/4' }, { storage: { 'data/4': {} } });
    expect(state.flags['keeper.data']).toEqual({ location: '/var/lib/juju/storage/data/4' });
    expect(state.storage).toEqual({ 'data/4': { kind: 'filesystem', location: '/var/lib/juju/storage/data/4' } });
    expect(state.unit).toBe('keeper/0');
    expect(state.appStatus).toBeUndefined();
  });

  it("rotates the application's secret on the leader: a new revision, its grants kept", async () => {
    const secret = {
      id: uri,
      owner: 'application' as const,
      label: 'admin',
      revisions: { 1: { password: 'first' } },
      grants: { 'db:0': 'application' as const },
    };
    const state: State = { leader: true, relations: { 'db:0': { remoteApp: 'pg', units: { 'pg/0': {} } } }, secrets: [secret] };
    const out = await ctx.run({ hook: 'secret-rotate', secret: uri }, state);
    expect(out.state.secrets).toEqual([{ ...secret, revisions: { 1: { password: 'first' }, 2: { password: 'rotated' } } }]);
  });
});

/** The one line `ctx.run(event, state)` is refused with. */
async function refusal(event: HookEvent, state: State): Promise<string> {
  const error: unknown = await ctx.run(event, state).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InconsistentStateError);
  const { problems } = error as InconsistentStateError;
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

const update = { hook: 'update-status' };
const db = (units: Record<string, Record<string, string>> = { 'pg/0': {} }) => ({ 'db:0': { remoteApp: 'pg', units } });

describe('the consistency checker refuses, in one line naming the field,', () => {
  it('an endpoint the charm does not declare', async () => {
    expect(await refusal(update, { relations: { 'web:0': { remoteApp: 'pg' } } })).toBe(
      'state.relations["web:0"]: keeper declares no endpoint "web" (db, cluster)',
    );
  });

  it('a config option the charm does not declare', async () => {
    expect(await refusal(update, { config: { colour: 'red' } })).toBe(
      `state.config["colour"]: keeper's config.yaml declares no option "colour" (port, ratio, debug, name)`,
    );
  });

  it('a config value of the wrong type', async () => {
    expect(await refusal(update, { config: { port: '8080' } })).toBe('state.config["port"]: option "port" takes an int, not "8080"');
    expect(await refusal(update, { config: { debug: 1 } })).toBe('state.config["debug"]: option "debug" takes a boolean, not 1');
  });

  it('a peer relation listing its own unit', async () => {
    expect(await refusal(update, { unit: 'keeper/0', relations: { 'cluster:1': { remoteApp: 'keeper', units: { 'keeper/0': {} } } } })).toBe(
      'state.relations["cluster:1"].units["keeper/0"]: a unit is not its own remote unit (a peer relation lists the others)',
    );
  });

  it('a relation hook without its relation', async () => {
    expect(await refusal({ hook: 'db-relation-changed' }, { relations: db() })).toBe(
      'event.relation: db-relation-changed needs the id of its relation (db:N) in state.relations',
    );
    expect(await refusal({ hook: 'db-relation-changed', relation: 'db:1' }, { relations: db() })).toBe('event.relation: no relation "db:1" in state.relations');
  });

  it('a relation hook whose relation is on another endpoint', async () => {
    const state: State = { relations: { ...db(), 'cluster:1': { remoteApp: 'keeper' } } };
    expect(await refusal({ hook: 'db-relation-changed', relation: 'cluster:1' }, state)).toBe(
      'event.relation: "cluster:1" is not a relation of db, the endpoint of db-relation-changed',
    );
  });

  it('a remote unit of another application', async () => {
    expect(await refusal(update, { relations: db({ 'mysql/0': {} }) })).toBe(
      'state.relations["db:0"].units["mysql/0"]: not a unit of the remote application pg',
    );
  });

  it('a hook about a remote unit that is not in the relation', async () => {
    expect(await refusal({ hook: 'db-relation-joined', relation: 'db:0', remoteUnit: 'pg/1' }, { relations: db() })).toBe(
      'event.remoteUnit: pg/1 is not in state.relations["db:0"].units',
    );
  });

  it('a secret hook without a secret', async () => {
    expect(await refusal({ hook: 'secret-changed' }, {})).toBe('event.secret: secret-changed needs the id of its secret, in state.secrets');
  });

  it('secret-changed on the secret owner', async () => {
    const state: State = { leader: true, secrets: [{ id: uri, owner: 'application', revisions: { 1: { password: 'x' } } }] };
    expect(await refusal({ hook: 'secret-changed', secret: uri }, state)).toBe(
      'event.secret: secret-changed runs on a unit that reads a granted secret (from), not on its owner',
    );
  });

  it('a granted secret whose relation is not in the state', async () => {
    expect(await refusal(update, { secrets: [{ id: uri, from: 'db:0', revisions: { 1: { password: 'x' } } }] })).toBe(
      'state.secrets[0].from: no relation "db:0" in state.relations',
    );
  });

  it('relation data that is not a string', async () => {
    expect(await refusal(update, { relations: db({ 'pg/0': { port: 5432 as unknown as string } }) })).toBe(
      'state.relations["db:0"].units["pg/0"]["port"]: relation data is strings, not 5432',
    );
  });

  it('a secret listed twice, and secret content Juju refuses', async () => {
    const secret = { id: uri, owner: 'unit' as const, revisions: { 1: { password: 'x' } } };
    expect(await refusal(update, { secrets: [secret, secret] })).toBe(`state.secrets[1].id: ${uri} is listed twice`);
    expect(await refusal(update, { secrets: [{ ...secret, revisions: { 1: { Bad_Key: 'x' } } }] })).toBe(
      'state.secrets[0].revisions[1]: key "Bad_Key" not valid',
    );
  });

  it('a storage hook for an undeclared storage', async () => {
    expect(await refusal({ hook: 'logs-storage-attached', storage: 'logs/0' }, {})).toBe(
      'event.hook: keeper declares no storage "logs" for logs-storage-attached',
    );
  });

  it('a storage instance of an undeclared storage', async () => {
    expect(await refusal(update, { storage: { 'logs/0': {} } })).toBe('state.storage["logs/0"]: keeper declares no storage "logs" (data)');
  });

  it("the application's status on a non-leader", async () => {
    expect(await refusal(update, { appStatus: { status: 'active', message: '' } })).toBe(
      'state.appStatus: only the leader sees its application status (leader: true)',
    );
  });

  it('leader-elected on a non-leader', async () => {
    expect(await refusal({ hook: 'leader-elected' }, {})).toBe('state.leader: leader-elected runs on the leader (leader: true)');
  });

  it('a field a State does not have, and a flag given as a unit-state key', async () => {
    expect(await refusal(update, { flag: {} } as State)).toMatch(/^state\.flag: not a field of a State \(unit, leader, config, flags, kv/);
    expect(await refusal(update, { kv: { 'reactive.states.ready': null } })).toBe(
      'state.kv["reactive.states.ready"]: a flag\'s key: give it in state.flags as "ready"',
    );
  });

  it('a hook that Juju version does not have', async () => {
    const old = new StateContext(charm, { juju: '2.9' });
    const error = await old.run({ hook: 'secret-changed', secret: uri }, {}).catch((caught: unknown) => caught);
    expect((error as InconsistentStateError).problems).toEqual(['event.hook: Juju 2.9 (JUJU_VERSION 2.9.49) has no secret-changed hook']);
    old.cleanUp();
  });

  it('every problem at once, before running anything', async () => {
    const error = await ctx
      .run({ hook: 'db-relation-changed' }, { config: { port: 'x' }, relations: db({ 'mysql/0': {} }) })
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      [
        'a state Juju could not produce:',
        'state.config["port"]: option "port" takes an int, not "x"',
        'state.relations["db:0"].units["mysql/0"]: not a unit of the remote application pg',
        'event.relation: db-relation-changed needs the id of its relation (db:N) in state.relations',
      ].join('\n'),
    );
  });
});
