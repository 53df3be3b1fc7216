import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
let harness: Harness;
afterEach(() => harness?.cleanUp());

describe('ca', () => {
  it('answers each new request once, under the request id', async () => {
    harness = new Harness(charm, { unit: 'ca/0', interfacePath: [join(charm, '..', 'interfaces')] });
    await harness.runHook('install');
    expect(harness.status).toEqual({ status: 'active', message: 'Ready to sign' });
    const rid = harness.addRelation('certificates', 'web', {
      units: { 'web/0': { request_r1: '{"common_name": "web-0.local", "request_id": "r1", "sans": ["web-0.local"]}' } },
    });
    await harness.runHook('certificates-relation-changed', { relationId: rid, remoteUnit: 'web/0' });
    const response = JSON.parse(harness.published(rid).response_r1!);
    expect(Object.keys(response).sort()).toEqual(['ca', 'certificate']);
    expect(response.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(harness.status).toEqual({ status: 'active', message: 'Signed 1 certificate(s)' });
    const again = await harness.runHook('update-status');
    expect(again.handlers.map((id) => id.split(':').at(-1))).not.toContain('sign');
  });
});
