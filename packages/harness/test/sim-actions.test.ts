// Actions in the simulator (`juju run`): the action's process has the action
// tools; what else it writes commits as a hook's writes do (and queues the
// hooks they cause) when it exits 0, and nothing when it fails.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError, Simulation } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const script = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

async function model(): Promise<Simulation> {
  const app = makeCharm({
    'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
    'actions.yaml': 'publish:\n  params:\n    value: {type: string}\n    fail: {type: boolean, default: false}\n  required: [value]\n',
    'actions/publish': script(
      'relation-set -r "$(relation-ids db)" key="$(action-get value)"\naction-set published="$(action-get value)"\n[ "$(action-get fail)" = True ] && exit 3\nexit 0',
    ),
  });
  const db = makeCharm({ 'metadata.yaml': 'name: db\nprovides:\n  database: {interface: pgsql}\n' });
  const sim = await Simulation.create(
    { applications: { app: { charm: app, units: 1, config: {} }, db: { charm: db, units: 1, config: {} } }, relations: [['app:db', 'db:database']] },
    join(tempDir(), 'state'),
  );
  await sim.run();
  return sim;
}

describe('runAction', () => {
  it("commits the action's relation data on exit 0 and queues relation-changed on the other side", async () => {
    const sim = await model();
    const result = await sim.runAction('app/0', 'publish', { value: 'x' });
    expect(result).toMatchObject({ unit: 'app/0', action: 'publish', status: 'completed', results: { published: 'x' }, exitCode: 0 });
    expect(sim.status().relations[0]!.units['app/0']).toMatchObject({ key: 'x' });
    expect(sim.status().pending).toEqual(['db/0 database-relation-changed (database:0 from app/0)']);
    expect((await sim.run()).timeline.map((e) => `${e.unit} ${e.hook}`)).toEqual(['db/0 database-relation-changed']);
  });

  it('commits nothing when the action fails, and leaves the unit out of error', async () => {
    const sim = await model();
    const result = await sim.runAction('app/0', 'publish', { value: 'y', fail: true });
    expect(result).toMatchObject({ status: 'failed', message: 'exit status 3', exitCode: 3 });
    expect(sim.status().relations[0]!.units['app/0']!.key).toBeUndefined();
    expect(sim.status().units['app/0']!.status).not.toBe('error');
    expect(sim.status().pending).toEqual([]);
  });

  it('refuses an undeclared action or parameters of the wrong type before running anything', async () => {
    const sim = await model();
    const before = sim.snapshot();
    await expect(sim.runAction('app/0', 'backup')).rejects.toThrow(new ModelError('unit app/0 has no action "backup" (its actions: publish)'));
    await expect(sim.runAction('app/0', 'publish', { value: 3 })).rejects.toThrow('action "publish": parameter "value" must be a string, got 3');
    await expect(sim.runAction('db/0', 'publish', { value: 'x' })).rejects.toThrow('unit db/0 has no action "publish" (its charm declares no action)');
    expect(sim.snapshot()).toEqual(before);
  });
});
