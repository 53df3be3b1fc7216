// The example charms together in the simulator (examples/model.yaml): every
// hook a real process, in Juju's order, to quiescence, under Juju 3.6 (the
// simulator's default) and 4.0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile, Simulation } from '@reactive/harness';

const examples = join(import.meta.dirname, '..');

describe.each(['3.6', '4.0'] as const)('the example model under Juju %s', (juju) => {
  const state = mkdtempSync(join(tmpdir(), 'reactive-examples-'));
  let sim: Simulation;

  beforeAll(async () => {
    sim = await Simulation.create(loadModelFile(join(examples, 'model.yaml')), state, { juju, build: { interfacePath: [join(examples, 'interfaces')] } });
  }, 60_000);
  afterAll(async () => {
    await sim?.close?.();
    rmSync(state, { recursive: true, force: true });
  });

  const workload = (unit: string) => {
    const { status, message } = sim.status().units[unit]!;
    return `${status}: ${message}`;
  };

  it('runs to quiescence with every unit active', async () => {
    const result = await sim.run();
    expect(result.quiesced).toBe(true);
    expect(result.errors).toEqual([]);
    expect(workload('my-app/0')).toBe('active: Ready');
    expect(workload('tiny-db/0')).toBe('active: Ready');
    expect(workload('ca/0')).toBe('active: Signed 1 certificate(s)');
    expect(workload('web/0')).toMatch(/^active: Serving https on port 443 \(.{8}…\)$/);
    expect(workload('monitor/0')).toBe('active: Watching 1 web service(s)');
    expect(sim.flags('my-app/0')).toEqual(expect.arrayContaining(['db.connected', 'db.database.available', 'myapp.started']));
    expect(sim.flags('tiny-db/0')).toEqual(expect.arrayContaining(['database.database.requested', 'tiny-db.started']));
    expect(sim.flags('ca/0')).toEqual(expect.arrayContaining(['endpoint.certificates.has_requests']));
    expect(sim.flags('web/0')).toEqual(
      expect.arrayContaining(['endpoint.certificates.has_responses', 'endpoint.certificates.all_responses', 'web.certificate.requested', 'website.available']),
    );
    expect(sim.flags('monitor/0')).toEqual(expect.arrayContaining(['website.available', 'endpoint.website.joined']));
    // The CA answered every request. Its responder sets new_requests as each hook starts, so the flag clears at its next hook:
    // with units in parallel, web/0's request can come in beside the CA's join, and the hook that signs it be the CA's last.
    sim.updateStatus(['ca/0']);
    await sim.run();
    expect(sim.flags('ca/0')).not.toContain('endpoint.certificates.new_requests');
  });

  it('takes my-app back to waiting through departed and broken when the database relation goes', async () => {
    sim.removeRelation('my-app:db', 'tiny-db:database');
    const { timeline, quiesced } = await sim.run();
    expect(quiesced).toBe(true);
    const myApp = timeline.filter((entry) => entry.unit === 'my-app/0').map((entry) => entry.hook);
    expect(myApp).toEqual(['db-relation-departed', 'db-relation-broken']);
    expect(workload('my-app/0')).toBe('waiting: Waiting on database');
    expect(sim.flags('my-app/0')).not.toContain('db.database.available');
  });
});
