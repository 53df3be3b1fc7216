import { afterEach, describe, expect, it } from 'vitest';
import { HookToolError, JujuSecrets, MEMORY_SECRET_FILE, MemoryHookTools } from '@reactive/hookenv';

afterEach(() => {
  delete process.env.JUJU_STORAGE_ID;
  delete process.env.JUJU_ACTION_NAME;
});

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HookToolError)) throw new Error(`not refused: ${String(error)}`);
  return `exit ${error.exitCode}: ${error.stderr}`;
}

describe('MemoryHookTools: secrets', () => {
  it('a consumer reads a secret granted by the remote application, gets secret-changed on a new revision, and is refused once revoked', async () => {
    const tools = new MemoryHookTools({ unit: 'app/0' });
    const rid = tools.addRelation('db', 'pg');
    const uri = tools.addRemoteSecret(rid, { username: 'app', password: 's3cret' });
    expect(await tools.secretGet({ id: uri, label: 'db-creds' })).toEqual({ username: 'app', password: 's3cret' });
    expect(tools.setRemoteSecret(rid, uri, { username: 'app', password: 'v2' })).toEqual([
      { hook: 'secret-changed', unit: 'app/0', id: uri, label: 'db-creds' },
    ]);
    expect((await tools.secretGet({ label: 'db-creds' })).password).toBe('s3cret');
    expect((await tools.secretGet({ label: 'db-creds' }, { refresh: true })).password).toBe('v2');
    expect(tools.secretEvents.map((e) => e.hook)).toEqual(['secret-changed', 'secret-remove']);
    tools.revokeRemoteSecret(rid, uri);
    expect(await refusal(tools.secretGet({ id: uri }))).toBe('exit 1: permission denied');
    expect(tools.calls.filter((c) => c.tool === 'secret-get').map((c) => c.args)).toEqual([
      ['--format=json', '--label=db-creds', uri],
      ['--format=json', '--label=db-creds'],
      ['--format=json', '--label=db-creds', '--refresh'],
      ['--format=json', uri],
    ]);
  });

  it('a consumer is refused before the grant', async () => {
    const tools = new MemoryHookTools({ unit: 'app/0' });
    const rid = tools.addRelation('db', 'pg');
    const owner = new MemoryHookTools({ unit: 'pg/0', leader: true, secrets: tools.secrets });
    owner.addRelation('database', 'app');
    const uri = await owner.secretAdd({ password: 's3cret' });
    expect(await refusal(tools.secretGet({ id: uri }))).toBe('exit 1: permission denied');
    await owner.secretGrant(uri, 'database:0');
    expect(await tools.secretGet({ id: uri })).toEqual({ password: 's3cret' });
    expect(rid).toBe('db:0');
  });

  it('an owner adds, lists, describes, grants and removes; the leader manages application secrets; the content is recorded nowhere', async () => {
    const secrets = new JujuSecrets();
    const leader = new MemoryHookTools({ unit: 'pg/0', leader: true, secrets });
    const follower = new MemoryHookTools({ unit: 'pg/1', leader: false, secrets });
    leader.addRelation('database', 'app');
    const uri = await leader.secretAdd({ password: 'hunter2' }, { label: 'user', description: 'db user' });
    expect(leader.calls.at(-1)).toEqual({ tool: 'secret-add', args: ['--label=user', '--description=db user', `--file=${MEMORY_SECRET_FILE}`] });
    expect(JSON.stringify(leader.calls)).not.toContain('hunter2');
    expect(await leader.secretIds()).toEqual([uri]);
    await leader.secretGrant(uri, 'database:0');
    expect(await leader.secretInfoGet({ label: 'user' })).toEqual({
      [uri]: {
        revision: 1,
        label: 'user',
        owner: 'application',
        description: 'db user',
        access: [{ target: 'application-app', scope: 'relation-database:0', role: 'view' }],
      },
    });
    expect(await follower.secretGet({ label: 'user' })).toEqual({ password: 'hunter2' });
    expect(await follower.secretIds()).toEqual([]);
    expect(await refusal(follower.secretAdd({ token: 'x' }))).toBe('exit 1: this unit is not the leader');
    expect(await refusal(follower.secretSet(uri, { password: 'x' }))).toBe('exit 1: this unit is not the leader');
    const mine = await follower.secretAdd({ token: 'x' }, { owner: 'unit' });
    expect(await follower.secretIds()).toEqual([mine]);
    await leader.secretRemove(uri);
    expect(await refusal(follower.secretGet({ id: uri }))).toBe(`exit 1: secret "${uri}" not found`);
  });

  it("bad content is refused with exit 2 and Juju's text, and no secret is made", async () => {
    const tools = new MemoryHookTools({ unit: 'pg/0', leader: true });
    expect(await refusal(tools.secretAdd({ Password: 'x' }))).toBe('exit 2: key "Password" not valid');
    expect(await refusal(tools.secretAdd({ blob: 'x'.repeat(1_000_000) }))).toBe(
      'exit 2: base64 encoded secret content for key "blob" too large: 1333336 bytes',
    );
    expect(await tools.secretIds()).toEqual([]);
  });

  it('rotation and expiry reach the owner as time passes', async () => {
    const tools = new MemoryHookTools({ unit: 'pg/0', leader: true });
    const uri = await tools.secretAdd({ token: 'x' }, { rotate: 'daily', expire: '2h' });
    expect(tools.advanceTime(2 * 3_600_000)).toEqual([{ hook: 'secret-expired', owner: { kind: 'application', name: 'pg' }, id: uri, revision: 1 }]);
    expect(tools.advanceTime(22 * 3_600_000).map((e) => e.hook)).toEqual(['secret-rotate']);
  });
});

describe('MemoryHookTools: storage, resources, credentials, state, relation model, reboot', () => {
  it('storage-get answers in a storage hook or with -s, and refuses outside one without an id', async () => {
    const tools = new MemoryHookTools({ unit: 'pg/0' });
    const id = tools.addStorage('pgdata', { location: '/var/lib/postgresql' });
    expect(id).toBe('pgdata/0');
    expect(await refusal(tools.storageGet())).toBe('exit 2: no storage instance specified');
    process.env.JUJU_STORAGE_ID = id;
    expect(await tools.storageGet()).toEqual({ kind: 'filesystem', location: '/var/lib/postgresql' });
    expect(await tools.storageGet({ key: 'location' })).toBe('/var/lib/postgresql');
    expect(await refusal(tools.storageGet({ key: 'size' }))).toBe('exit 1: invalid storage attribute "size"');
    expect(await refusal(tools.storageGet({ id: 'pgdata/7' }))).toBe(
      'exit 2: invalid value "pgdata/7" for option -s: storage attachment pgdata/7:pg/0 not found',
    );
    expect(await refusal(tools.storageGet({ id: 'nope' }))).toBe('exit 2: invalid value "nope" for option -s: invalid storage ID "nope"');
    expect(await tools.storageList('pgdata')).toEqual(['pgdata/0']);
    expect(await tools.storageList('logs')).toEqual([]);
    await tools.storageAdd({ pgdata: 2 });
    expect(tools.storageAdded).toEqual({ pgdata: 2 });
  });

  it('resource-get, credential-get, state-*, relation-model-get and juju-reboot', async () => {
    const tools = new MemoryHookTools({ unit: 'app/0' });
    tools.resources.software = '/tmp/software.zip';
    expect(await tools.resourceGet('software')).toBe('/tmp/software.zip');
    expect(await refusal(tools.resourceGet('nope'))).toBe('exit 1: could not download resource: resource "nope" not found');
    expect(await refusal(tools.credentialGet())).toBe('exit 1: cannot access cloud credentials: permission denied');
    tools.credential = { type: 'lxd' };
    expect(await tools.credentialGet()).toEqual({ type: 'lxd' });
    await tools.stateSet({ a: '1', b: '2' });
    await tools.stateDelete('b');
    expect(await tools.stateGet()).toEqual({ a: '1' });
    expect(await tools.stateGet('b')).toBeNull();
    const rid = tools.addRelation('db', 'pg');
    expect(await tools.relationModelGet(rid)).toEqual({ uuid: tools.modelUuid });
    process.env.JUJU_ACTION_NAME = 'backup';
    expect(await refusal(tools.jujuReboot())).toBe('exit 1: juju-reboot is not supported when running an action.');
    delete process.env.JUJU_ACTION_NAME;
    await tools.jujuReboot();
    expect(tools.rebootRequested).toBe('after-hook');
  });
});
