import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
const interfacePath = [join(charm, '..', 'interfaces')];
let harness: Harness;
afterEach(() => harness?.cleanUp());

const provider = 'database-provider';
const conf = () => join(harness.stateDir, 'charm', 'database-app.conf');
const requestedSecrets = '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';

/** database-app/0 related to the database, joined; the relation id. */
async function joined(opts: { juju: '2.9' | '3.6'; leader?: boolean }): Promise<string> {
  harness = new Harness(charm, { unit: 'database-app/0', leader: opts.leader ?? true, interfacePath, juju: opts.juju });
  await harness.runHook('install');
  expect(harness.status).toEqual({ status: 'blocked', message: 'Needs a database relation' });
  const rid = harness.addRelation('db', provider, { units: { [`${provider}/0`]: {} } });
  await harness.runHook('db-relation-joined', { relationId: rid, remoteUnit: `${provider}/0` });
  expect(harness.status).toEqual({ status: 'waiting', message: 'Waiting for database credentials' });
  return rid;
}

async function answered(rid: string, data: Record<string, string>): Promise<void> {
  harness.setRemoteData(rid, provider, { database: 'database-app', endpoints: 'db-0.local:5432', ...data });
  await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: `${provider}/0` });
}

describe('database-app under Juju 3.6', () => {
  it('asks for its database and for secrets, then connects with the credentials of the secret-user secret', async () => {
    const rid = await joined({ juju: '3.6' });
    expect(harness.publishedApp(rid)).toEqual({ database: 'database-app', 'requested-secrets': requestedSecrets });

    const uri = harness.tools.addRemoteSecret(rid, { username: 'relation_0', password: 's3cr3t-pw' });
    await answered(rid, { 'secret-user': uri });
    expect(harness.status).toEqual({ status: 'active', message: 'Connected to db-0.local:5432 as relation_0 (credentials from the secret)' });
    expect(readFileSync(conf(), 'utf8')).toBe('endpoints = db-0.local:5432\nuser = relation_0\npassword = s3cr3t-pw\n');
    expect(statSync(conf()).mode & 0o777).toBe(0o600);
    expect(JSON.stringify([harness.logs, harness.state(), harness.lastHook()])).not.toContain('s3cr3t-pw');
  });

  it('reads the new password in the secret-changed hook of the label data_interfaces gives the secret', async () => {
    const rid = await joined({ juju: '3.6' });
    const uri = harness.tools.addRemoteSecret(rid, { username: 'relation_0', password: 'pw' });
    await answered(rid, { 'secret-user': uri });

    const [changed, ...others] = harness.tools.setRemoteSecret(rid, uri, { username: 'relation_0', password: 'pw2' });
    expect(others).toEqual([]);
    expect(changed).toEqual({ hook: 'secret-changed', unit: 'database-app/0', id: uri, label: `db.${rid.split(':')[1]}.user.secret` });
    await harness.runHook('secret-changed', { secret: { id: uri, label: changed!.label! } });
    expect(readFileSync(conf(), 'utf8')).toBe('endpoints = db-0.local:5432\nuser = relation_0\npassword = pw2\n');
  });

  it('leaves the request to the leader and still connects on another unit', async () => {
    const rid = await joined({ juju: '3.6', leader: false });
    expect(harness.publishedApp(rid)).toEqual({});
    expect(harness.flags()).not.toContain('db.database.requested');
    await answered(rid, { 'secret-user': harness.tools.addRemoteSecret(rid, { username: 'relation_0', password: 'pw' }) });
    expect(harness.status.status).toBe('active');
  });

  it('fails the hook when the secret named in secret-user was not granted to it', async () => {
    const rid = await joined({ juju: '3.6' });
    const uri = harness.tools.addRemoteSecret(rid, { username: 'relation_0', password: 'pw' });
    harness.tools.revokeRemoteSecret(rid, uri);
    harness.setRemoteData(rid, provider, { database: 'database-app', endpoints: 'db-0.local:5432', 'secret-user': uri });
    const result = await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: `${provider}/0`, expectFailure: true });
    expect(String(result.error)).toContain('permission denied');
  });
});

describe('database-app under Juju 2.9 (no secrets)', () => {
  it('asks for its database without secrets, then connects with the username and password of the databag', async () => {
    const rid = await joined({ juju: '2.9' });
    expect(harness.publishedApp(rid)).toEqual({ database: 'database-app' });
    await answered(rid, { username: 'relation_0', password: 'pw' });
    expect(harness.status).toEqual({ status: 'active', message: 'Connected to db-0.local:5432 as relation_0 (credentials from the databag)' });
    expect(readFileSync(conf(), 'utf8')).toBe('endpoints = db-0.local:5432\nuser = relation_0\npassword = pw\n');
  });

  it('goes back to blocked when the relation is removed', async () => {
    const rid = await joined({ juju: '2.9' });
    await answered(rid, { username: 'relation_0', password: 'pw' });
    harness.removeRemoteUnit(rid, `${provider}/0`);
    await harness.runHook('db-relation-departed', { relationId: rid, remoteUnit: `${provider}/0` });
    harness.removeRelation(rid);
    await harness.runHook('update-status');
    expect(harness.status).toEqual({ status: 'blocked', message: 'Needs a database relation' });
    expect(harness.flags().filter((flag) => flag.startsWith('db.'))).toEqual([]);
  });
});
