import { afterEach, describe, expect, it } from 'vitest';
import { credentialGet, MemoryHookTools, resourceGet, secrets, setHookTools, storage } from '@reactive/hookenv';

afterEach(() => {
  setHookTools(undefined);
  delete process.env.JUJU_STORAGE_ID;
});

describe('secrets, storage, resourceGet and credentialGet', () => {
  it('secrets: a URI is an id, anything else a label; the consumer label set with a URI names the secret after', async () => {
    const tools = new MemoryHookTools({ unit: 'app/0', leader: true });
    const db = tools.addRelation('db', 'pg');
    const uri = tools.addRemoteSecret(db, { username: 'app', password: 's3cret' });
    setHookTools(tools);
    expect(await secrets.get(uri, { label: 'db-creds' })).toEqual({ username: 'app', password: 's3cret' });
    tools.setRemoteSecret(db, uri, { username: 'app', password: 'v2' });
    expect((await secrets.get('db-creds')).password).toBe('s3cret');
    expect((await secrets.get('db-creds', { peek: true })).password).toBe('v2');
    expect((await secrets.get(uri.slice('secret:'.length), { refresh: true })).password).toBe('v2');
    expect(tools.calls.filter((c) => c.tool === 'secret-get').map((c) => c.args)).toEqual([
      ['--format=json', '--label=db-creds', uri],
      ['--format=json', '--label=db-creds'],
      ['--format=json', '--label=db-creds', '--peek'],
      ['--format=json', '--refresh', uri.slice('secret:'.length)],
    ]);
  });

  it('secrets: an owner adds, grants, describes, changes and removes', async () => {
    const tools = new MemoryHookTools({ unit: 'pg/0', leader: true });
    const rel = tools.addRelation('database', 'app');
    setHookTools(tools);
    const uri = await secrets.add({ password: 'p1' }, { label: 'user', rotate: 'monthly' });
    await secrets.grant(uri, rel);
    await secrets.set(uri, { password: 'p2' });
    expect(await secrets.ids()).toEqual([uri]);
    expect(await secrets.info('user')).toMatchObject({ id: uri, revision: 2, label: 'user', owner: 'application', rotation: 'monthly' });
    expect(tools.secretEvents).toEqual([{ hook: 'secret-remove', owner: { kind: 'application', name: 'pg' }, id: uri, label: 'user', revision: 1 }]);
    await secrets.remove(uri, { revision: 1 });
    await secrets.revoke(uri, { relationId: rel });
    await secrets.remove(uri);
    expect(await secrets.ids()).toEqual([]);
  });

  it('storage, resourceGet and credentialGet', async () => {
    const tools = new MemoryHookTools({ unit: 'pg/0' });
    const id = tools.addStorage('pgdata', { kind: 'block', location: '/dev/vdb' });
    tools.resources.software = '/var/lib/juju/agents/unit-pg-0/resources/software/software.zip';
    tools.credential = { type: 'lxd', name: 'localhost' };
    setHookTools(tools);
    process.env.JUJU_STORAGE_ID = id;
    expect(await storage.get()).toEqual({ kind: 'block', location: '/dev/vdb' });
    expect(await storage.get(id)).toEqual({ kind: 'block', location: '/dev/vdb' });
    expect(await storage.list()).toEqual(['pgdata/0']);
    await storage.add({ pgdata: 1 });
    expect(tools.storageAdded).toEqual({ pgdata: 1 });
    expect(await resourceGet('software')).toBe('/var/lib/juju/agents/unit-pg-0/resources/software/software.zip');
    expect(await credentialGet()).toEqual({ type: 'lxd', name: 'localhost' });
  });
});
