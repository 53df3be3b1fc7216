import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
const interfacePath = [join(charm, '..', 'interfaces')];
let harness: Harness;
afterEach(() => harness?.cleanUp());

const database = { host: '"tiny-db-0.local"', port: '5432', database: '"my-app"', user: '"my-app-user"', password: '"pw"' };

describe('my-app', () => {
  it('is blocked without an admin password, waits for a database, then renders its config and restarts', async () => {
    harness = new Harness(charm, { unit: 'my-app/0', interfacePath });
    await harness.runHook('install');
    expect(harness.status).toEqual({ status: 'blocked', message: 'Missing admin password' });

    harness.updateConfig({ 'admin-pass': 's3cret' });
    await harness.runHook('config-changed');
    expect(harness.status).toEqual({ status: 'waiting', message: 'Waiting on database' });

    const rid = harness.addRelation('db', 'tiny-db', { units: { 'tiny-db/0': {} } });
    await harness.runHook('db-relation-joined', { relationId: rid, remoteUnit: 'tiny-db/0' });
    expect(harness.published(rid)).toEqual({ database: '"my-app"' });

    harness.setRemoteData(rid, 'tiny-db/0', database);
    const changed = await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: 'tiny-db/0' });
    expect(changed.handlers.map((id) => id.split(':').at(-1))).toEqual(['renderConfig', 'restartService', 'ready']);
    expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
    const built = (await import('node:path')).join(harness.stateDir, 'charm');
    expect(readFileSync(join(built, 'app.conf'), 'utf8')).toBe(
      'db_conn = host=tiny-db-0.local port=5432 dbname=my-app user=my-app-user password=pw\nadmin_pass = s3cret\n',
    );

    // Nothing changed: no restart.
    const again = await harness.runHook('update-status');
    expect(again.handlers.map((id) => id.split(':').at(-1))).toEqual(['renderConfig', 'ready']);
  });

  it('goes back to waiting when the database relation is removed', async () => {
    harness = new Harness(charm, { unit: 'my-app/0', interfacePath, config: { 'admin-pass': 'x' } });
    const rid = harness.addRelation('db', 'tiny-db', { units: { 'tiny-db/0': database } });
    await harness.runHook('install');
    await harness.runHook('db-relation-changed', { relationId: rid, remoteUnit: 'tiny-db/0' });
    expect(harness.status.status).toBe('active');
    harness.removeRemoteUnit(rid, 'tiny-db/0');
    await harness.runHook('db-relation-departed', { relationId: rid, remoteUnit: 'tiny-db/0' });
    harness.removeRelation(rid);
    const broken = await harness.runHook('update-status');
    expect(broken.flags).not.toContain('db.database.available');
    expect(harness.status).toEqual({ status: 'waiting', message: 'Waiting on database' });
  });
});
