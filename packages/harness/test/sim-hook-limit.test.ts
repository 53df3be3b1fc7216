// The hook limit of a run grows with the model (a relation's hooks grow with
// the product of its two sides' units), and the limit error says how many
// hooks ran and what was left queued, by unit and hook.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMaxHooks, NotQuiescentError, Simulation, type ModelSpec } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

/** Two applications of `units` units each, related, whose charms have no hooks (Juju skips them: nothing runs). */
function emptyModel(units: number): ModelSpec {
  const server = makeCharm({ 'metadata.yaml': 'name: server\nprovides:\n  api: {interface: api}\n' });
  const client = makeCharm({ 'metadata.yaml': 'name: client\nrequires:\n  api: {interface: api}\n' });
  return {
    applications: { server: { charm: server, units, config: {} }, client: { charm: client, units, config: {} } },
    relations: [['client:api', 'server:api']],
  };
}

describe('the hook limit', () => {
  it('grows with the units on each side of a relation, so a 12 + 12 model settles by default', async () => {
    const sim = await Simulation.create(emptyModel(12), join(tempDir(), 'state'));
    // 24 units × (6 + 2) + 288 remote units × 3, twice.
    expect(defaultMaxHooks(sim.snapshot())).toBe(2 * (24 * 8 + 288 * 3));
    const result = await sim.run();
    expect(result.quiesced).toBe(true);
    // install, relation-created, leader-elected or leader-settings-changed, config-changed, start; joined and changed per remote unit.
    expect(result.timeline).toHaveLength(24 * 5 + 288 * 2);
  });

  it('is 500 for a small model', async () => {
    const sim = await Simulation.create(emptyModel(1), join(tempDir(), 'state'));
    expect(defaultMaxHooks(sim.snapshot())).toBe(500);
  });

  it('stops a run with how many hooks ran and what is still queued, by unit and hook', async () => {
    const sim = await Simulation.create(emptyModel(2), join(tempDir(), 'state'));
    const error = await sim.run({ maxHooks: 10 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotQuiescentError);
    expect((error as NotQuiescentError).timeline).toHaveLength(10);
    expect((error as Error).message).toBe(
      'the model did not quiesce: it fired 10 hooks, the limit (maxHooks). 26 hooks are still queued: ' +
        'client/0 install, api-relation-created, leader-elected, config-changed, start, api-relation-joined ×2, api-relation-changed ×2; ' +
        'client/1 install, api-relation-created, leader-settings-changed, config-changed, start, api-relation-joined ×2, api-relation-changed ×2; ' +
        'server/0 api-relation-joined ×2, api-relation-changed ×2; server/1 api-relation-joined ×2, api-relation-changed ×2; ' +
        'the model is saved (run again to go on).',
    );
  });
});
