import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

const charm = join(import.meta.dirname, '..');
let harness: Harness;
afterEach(() => harness?.cleanUp());

describe('monitor (bash handlers)', () => {
  it('waits for a website, then watches the services the http relation reports', async () => {
    harness = new Harness(charm, { unit: 'monitor/0', interfacePath: [join(charm, '..', 'interfaces')] });
    await harness.runHook('install');
    expect(harness.status).toEqual({ status: 'waiting', message: 'Waiting for a website to watch' });

    const rid = harness.addRelation('website', 'web', { units: { 'web/0': { hostname: 'web-0.local', port: '443' } } });
    const changed = await harness.runHook('website-relation-changed', { relationId: rid, remoteUnit: 'web/0' });
    expect(changed.flags).toContain('website.available');
    expect(changed.handlers).toEqual([`reactive/monitor.sh "b'watch\\n'"`]);
    expect(changed.output).toContain('Will invoke: watch\n');
    expect(changed.output).toContain('Invoking bash reactive handler: watch\n');
    expect(harness.status).toEqual({ status: 'active', message: 'Watching 1 web service(s)' });
  });
});
