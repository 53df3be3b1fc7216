// The database example in the simulator (examples/database-model.yaml):
// database-app reaches active with the credentials database-provider hands
// it, in a secret under Juju 3.6 and 4.0 and in the databag under 2.9.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModelFile, Simulation } from '@reactive/harness';

const examples = join(import.meta.dirname, '..');
let sim: Simulation | undefined;
let state: string | undefined;
afterEach(async () => {
  await sim?.close?.();
  if (state) rmSync(state, { recursive: true, force: true });
});

async function run(juju: '2.9' | '3.6' | '4.0') {
  state = mkdtempSync(join(tmpdir(), 'reactive-database-'));
  sim = await Simulation.create({ ...loadModelFile(join(examples, 'database-model.yaml')), juju }, state, {
    build: { interfacePath: [join(examples, 'interfaces')] },
  });
  const result = await sim.run();
  expect(result.quiesced).toBe(true);
  expect(result.errors).toEqual([]);
  const status = sim.status();
  const leader = status.applications['database-provider']!.leader!.replace('/', '-');
  const [relation] = status.relations;
  return { status, leader, app: relation!.applications['database-app']!, provider: relation!.applications['database-provider']! };
}

const workload = (status: ReturnType<Simulation['status']>, unit: string) => `${status.units[unit]!.status}: ${status.units[unit]!.message}`;

describe('the database example model', () => {
  it.each(['3.6', '4.0'] as const)(
    'under Juju %s: every database-app unit connects with the username and password of the secret the provider granted',
    async (juju) => {
      const { status, leader, app, provider } = await run(juju);
      for (const unit of ['database-app/0', 'database-app/1']) {
        expect(workload(status, unit)).toMatch(new RegExp(`^active: Connected to ${leader}\\.local:5432 as relation_\\d+ \\(credentials from the secret\\)$`));
      }
      expect(app).toMatchObject({ database: 'database-app', 'requested-secrets': expect.stringContaining('"password"') });
      expect(Object.keys(provider).sort()).toEqual(['database', 'endpoints', 'secret-user', 'version']);
      expect(provider['secret-user']).toMatch(/^secret:/);
      expect(JSON.stringify(status)).not.toContain('password"');
    },
  );

  it('under Juju 2.9: the same, with the username and password in the databag', async () => {
    const { status, leader, app, provider } = await run('2.9');
    for (const unit of ['database-app/0', 'database-app/1']) {
      expect(workload(status, unit)).toMatch(new RegExp(`^active: Connected to ${leader}\\.local:5432 as relation_\\d+ \\(credentials from the databag\\)$`));
    }
    expect(app).toEqual({ database: 'database-app' });
    expect(Object.keys(provider).sort()).toEqual(['database', 'endpoints', 'password', 'username', 'version']);
  });
});
