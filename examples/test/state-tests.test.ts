// State-in/state-out tests of the example charms (StateContext): each test
// gives a unit's state and a hook, and asserts on the state after it.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateContext, type State } from '@reactive/harness';

const examples = join(import.meta.dirname, '..');
const interfacePath = [join(examples, 'interfaces')];
const short = (handlers: string[]) => handlers.map((id) => id.split(':').at(-1));

/** `value`, frozen all the way down: a run that changed its input would throw. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') for (const inner of Object.values(value)) frozen(inner);
  return Object.freeze(value);
}

describe('my-app', () => {
  const ctx = new StateContext(join(examples, 'my-app'), { interfacePath });
  afterAll(() => ctx.cleanUp());
  const database = { host: '"db.local"', port: '5432', database: '"my-app"', user: '"u"', password: '"p"' };
  const joined: State = frozen({
    unit: 'my-app/0',
    config: { 'admin-pass': 's3cret' },
    flags: { 'db.connected': null, 'db.database.requested': null, 'endpoint.db.joined': null },
    relations: { 'db:0': { remoteApp: 'tiny-db', units: { 'tiny-db/0': database }, localUnitData: { database: '"my-app"' } } },
  });

  it('renders its config, restarts and is active when the database answers, leaving its input as it was', async () => {
    const copy = structuredClone(joined);
    const { state, handlers, flight, logs } = await ctx.run({ hook: 'db-relation-changed', relation: 'db:0', remoteUnit: 'tiny-db/0' }, joined);
    expect(short(handlers)).toEqual(['renderConfig', 'restartService', 'ready']);
    expect(state.status).toEqual({ status: 'active', message: 'Ready' });
    expect(state.flags).toMatchObject({ 'db.database.available': null, 'myapp.started': null });
    expect(state.flags).not.toHaveProperty('myapp.restart');
    expect(state.relations['db:0']!.localUnitData).toEqual({ database: '"my-app"' });
    expect(logs).toContainEqual({ level: 'INFO', message: 'restarting my-app' });
    expect(flight.hook).toBe('db-relation-changed');
    expect(flight.changes).toContainEqual({ flag: 'myapp.restart', change: 'set', by: expect.stringContaining('renderConfig') });
    expect(joined).toEqual(copy);
  });

  it('takes the state one run gives as the next one: nothing changed, no restart', async () => {
    const first = await ctx.run({ hook: 'db-relation-changed', relation: 'db:0', remoteUnit: 'tiny-db/0' }, joined);
    const second = await ctx.run({ hook: 'update-status' }, first.state);
    expect(short(second.handlers)).toEqual(['renderConfig', 'ready']);
    expect(second.state.flags).toEqual(first.state.flags);
  });

  it('asks for its database on its own on joined, and waits', async () => {
    const state: State = { unit: 'my-app/0', config: { 'admin-pass': 'x' }, relations: { 'db:0': { remoteApp: 'tiny-db', units: { 'tiny-db/0': {} } } } };
    const out = await ctx.run({ hook: 'db-relation-joined', relation: 'db:0', remoteUnit: 'tiny-db/0' }, state);
    expect(out.state.relations['db:0']!.localUnitData).toEqual({ database: '"my-app"' });
    expect(out.state.status).toEqual({ status: 'waiting', message: 'Waiting on database' });
  });

  it('loses the database when its unit departs, and the relation when it breaks', async () => {
    const ready = (await ctx.run({ hook: 'db-relation-changed', relation: 'db:0', remoteUnit: 'tiny-db/0' }, joined)).state;
    const departed = await ctx.run({ hook: 'db-relation-departed', relation: 'db:0', remoteUnit: 'tiny-db/0' }, ready);
    expect(departed.state.relations['db:0']!.units).toEqual({});
    expect(departed.state.status).toEqual({ status: 'waiting', message: 'Waiting on database' });
    const broken = await ctx.run({ hook: 'db-relation-broken', relation: 'db:0' }, departed.state);
    expect(broken.state.relations).toEqual({});
    expect(broken.state.flags).not.toHaveProperty('db.connected');
    expect(broken.state.flags).not.toHaveProperty('db.database.available');
    expect(broken.state.status).toEqual({ status: 'waiting', message: 'Waiting on database' });
  });
});

describe('database-app under Juju 3.6', () => {
  const ctx = new StateContext(join(examples, 'database-app'), { interfacePath });
  afterAll(() => ctx.cleanUp());
  const uri = 'secret:d0db5ecre7000000000a';
  const answered: State = frozen({
    unit: 'database-app/0',
    leader: true,
    flags: { 'db.connected': null, 'db.database.requested': null, 'endpoint.db.joined': null },
    relations: {
      'db:3': {
        remoteApp: 'database-provider',
        units: { 'database-provider/0': {} },
        remoteAppData: { database: 'database-app', endpoints: 'db-0.local:5432', 'secret-user': uri },
      },
    },
    secrets: [{ id: uri, from: 'db:3', revisions: { 1: { username: 'relation_3', password: 'pw1' } } }],
  });

  it('connects with the credentials of the secret granted to it, then tracks its revision under its own label', async () => {
    const { state } = await ctx.run({ hook: 'db-relation-changed', relation: 'db:3', remoteUnit: 'database-provider/0' }, answered);
    expect(state.status).toEqual({ status: 'active', message: 'Connected to db-0.local:5432 as relation_3 (credentials from the secret)' });
    expect(state.secrets).toEqual([
      { id: uri, from: 'db:3', label: 'db.3.user.secret', tracking: 1, revisions: { 1: { username: 'relation_3', password: 'pw1' } } },
    ]);
  });

  it('moves to the new revision in its secret-changed hook', async () => {
    const connected = (await ctx.run({ hook: 'db-relation-changed', relation: 'db:3', remoteUnit: 'database-provider/0' }, answered)).state;
    const rotated: State = {
      ...connected,
      secrets: [{ ...connected.secrets[0]!, revisions: { 1: { username: 'relation_3', password: 'pw1' }, 2: { username: 'relation_3', password: 'pw2' } } }],
    };
    const out = await ctx.run({ hook: 'secret-changed', secret: uri }, rotated);
    expect(out.state.secrets[0]!.tracking).toBe(2);
    expect(out.flight.changes).toContainEqual(expect.objectContaining({ flag: 'secret.changed.db.3.user.secret', change: 'set' }));
  });

  it('fails the hook, keeping its state, when the secret was not granted to it', async () => {
    const notGranted: State = { ...answered, secrets: [] };
    const out = await ctx.run({ hook: 'db-relation-changed', relation: 'db:3', remoteUnit: 'database-provider/0' }, notGranted, { expectFailure: true });
    expect(out.ok).toBe(false);
    expect(String(out.error)).toContain(`secret "${uri}" not found`);
    expect(out.state.flags).toEqual(answered.flags);
    expect(out.state.status).toEqual({ status: 'unknown', message: '' });
  });
});

describe('tiny-db', () => {
  const ctx = new StateContext(join(examples, 'tiny-db'), { interfacePath });
  afterAll(() => ctx.cleanUp());

  it('answers a request for a database with its host and configured port', async () => {
    const state: State = {
      unit: 'tiny-db/1',
      config: { port: 6543 },
      flags: { 'tiny-db.started': null },
      relations: { 'database:7': { remoteApp: 'my-app', units: { 'my-app/0': { database: '"my-app"' } } } },
    };
    const out = await ctx.run({ hook: 'database-relation-changed', relation: 'database:7', remoteUnit: 'my-app/0' }, state);
    expect(out.state.relations['database:7']!.localUnitData).toMatchObject({
      host: '"tiny-db-1.local"',
      port: '6543',
      database: '"my-app"',
      user: '"my-app-user"',
    });
  });
});
