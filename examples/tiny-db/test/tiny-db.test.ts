import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
let harness: Harness;
afterEach(() => harness?.cleanUp());

describe('tiny-db', () => {
  it('answers a request for a database with connection details, once', async () => {
    harness = new Harness(charm, { unit: 'tiny-db/0', interfacePath: [join(charm, '..', 'interfaces')] });
    await harness.runHook('install');
    expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
    const rid = harness.addRelation('database', 'my-app', { units: { 'my-app/0': { database: '"my-app"' } } });
    await harness.runHook('database-relation-changed', { relationId: rid, remoteUnit: 'my-app/0' });
    const published = harness.published(rid);
    expect(Object.keys(published).sort()).toEqual(['database', 'host', 'password', 'port', 'user']);
    expect(published.database).toBe('"my-app"');
    expect(published.port).toBe('5432');
    const sets = harness.tools.callCounts()['relation-set'];
    await harness.runHook('update-status');
    expect(harness.tools.callCounts()['relation-set']).toBe(sets);
  });
});
