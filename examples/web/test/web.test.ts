import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
let harness: Harness;
afterEach(() => harness?.cleanUp());

describe('web', () => {
  it('asks for a certificate, serves once answered, and publishes its address to http clients', async () => {
    harness = new Harness(charm, { unit: 'web/0', interfacePath: [join(charm, '..', 'interfaces')] });
    const certs = harness.addRelation('certificates', 'ca', { units: { 'ca/0': {} } });
    await harness.runHook('certificates-relation-joined', { relationId: certs, remoteUnit: 'ca/0' });
    expect(harness.status).toEqual({ status: 'waiting', message: 'Waiting for a certificate' });
    const [key] = Object.keys(harness.published(certs));
    expect(key).toMatch(/^request_/);
    const request = JSON.parse(harness.published(certs)[key!]!);
    expect(request).toMatchObject({ common_name: 'web-0.local', sans: ['web-0.local', 'localhost'] });

    harness.setRemoteData(certs, 'ca/0', {
      [`response_${request.request_id}`]: '{"ca": "x", "certificate": "-----BEGIN CERTIFICATE-----\\nABCDEFGHIJ\\n-----END CERTIFICATE-----"}',
    });
    await harness.runHook('certificates-relation-changed', { relationId: certs, remoteUnit: 'ca/0' });
    expect(harness.status).toEqual({ status: 'active', message: 'Serving https on port 443 (ABCDEFGH…)' });

    const site = harness.addRelation('website', 'monitor', { units: { 'monitor/0': {} } });
    await harness.runHook('website-relation-joined', { relationId: site, remoteUnit: 'monitor/0' });
    expect(harness.published(site)).toEqual({ hostname: 'web-0.local', port: '443' });
  });

  it('type-checks as the TypeScript charm it is: its own tsconfig, config() typed by config.d.ts', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(charm, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const errors = ts.getPreEmitDiagnostics(ts.createProgram(parsed.fileNames, parsed.options));
    expect(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    expect(parsed.fileNames.map((file) => file.slice(charm.length + 1)).sort()).toEqual(['config.d.ts', 'reactive/web.ts', 'test/web.test.ts']);
  });
});
