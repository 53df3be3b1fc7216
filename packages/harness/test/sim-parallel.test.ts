// Units' hooks side by side, as Juju's unit agents run them: each hook reads
// the model as its batch began, its writes commit once the batch has ended
// (exit 0) and what they cause is queued then; a seed replays the same run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError, Simulation, type ModelSpec, type TimelineEntry } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const hook = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });
// Each reader's hook takes a different time (by its process id), so their order of ending varies from run to run.
const readToken =
  'sleep 0.0$(($$ % 9)); token=$(relation-get token issuer/0); if [ -n "$token" ]; then status-set active "token $token"; else status-set waiting "no token"; fi';

/** An issuer that publishes a token as a reader joins, and `readers` readers that show it from relation-joined and relation-changed. */
function tokenModel(readers: number): ModelSpec {
  const issuer = makeCharm({
    'metadata.yaml': 'name: issuer\nprovides:\n  token: {interface: token}\n',
    'hooks/token-relation-joined': hook('sleep 0.2; relation-set token=abc'),
  });
  const reader = makeCharm({
    'metadata.yaml': 'name: reader\nrequires:\n  token: {interface: token}\n',
    'hooks/token-relation-joined': hook(readToken),
    'hooks/token-relation-changed': hook(readToken),
  });
  return {
    applications: { issuer: { charm: issuer, units: 1, config: {} }, reader: { charm: reader, units: readers, config: {} } },
    relations: [['reader:token', 'issuer:token']],
  };
}

const shown = (entries: TimelineEntry[]) => entries.map((e) => `${e.batch ?? '-'} ${e.seq} ${e.unit} ${e.hook} ${e.status.status}`);

describe('units in parallel', () => {
  it("runs different units' hooks together, each reading the model as the batch began, committing after", async () => {
    const sim = await Simulation.create(tokenModel(1), join(tempDir(), 'state'));
    const { timeline, quiesced } = await sim.run({ parallel: 2 });
    expect(quiesced).toBe(true);
    // The two units' hooks go in pairs: each pair a batch named by its first hook's seq.
    expect(timeline.slice(0, 10).map((e) => e.batch)).toEqual([1, 1, 3, 3, 5, 5, 7, 7, 9, 9]);
    const joined = timeline.filter((e) => e.hook === 'token-relation-joined');
    expect(joined.map((e) => e.unit).sort()).toEqual(['issuer/0', 'reader/0']);
    expect(joined[0]!.batch).toBe(joined[1]!.batch);
    // The reader's join did not see the token the issuer's join (beside it) wrote; the relation-changed that write queued did.
    expect(joined.find((e) => e.unit === 'reader/0')!.status).toEqual({ status: 'waiting', message: 'no token' });
    expect(timeline.filter((e) => e.unit === 'reader/0').at(-1)).toMatchObject({
      hook: 'token-relation-changed',
      status: { status: 'active', message: 'token abc' },
    });
    expect(sim.history().map((e) => e.batch)).toEqual(timeline.map((e) => e.batch));
  });

  it('replays the same run, batches and all, under the same seed whatever the hooks take', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const sim = await Simulation.create({ ...tokenModel(3), seed: 11 }, join(tempDir(), 'state'));
      runs.push({ timeline: shown((await sim.run({ parallel: 3 })).timeline), status: sim.status().units });
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]!.timeline.filter((line) => !line.startsWith('-')).length).toBeGreaterThan(runs[0]!.timeline.length / 2);
  });

  it('runs one hook at a time with parallel 1, and refuses a bound that is not a whole number from 1', async () => {
    const sim = await Simulation.create(tokenModel(1), join(tempDir(), 'state'));
    await expect(sim.run({ parallel: 0 })).rejects.toThrow(new ModelError('run: parallel must be a whole number from 1, got 0'));
    const { timeline } = await sim.run({ parallel: 1 });
    expect(timeline.every((e) => e.batch === undefined)).toBe(true);
  });

  it('keeps the secrets each hook of a batch made, each with its own id', async () => {
    const keeper = makeCharm({
      'metadata.yaml': 'name: keeper\n',
      'hooks/install': hook('id=$(secret-add --owner unit who="$JUJU_UNIT_NAME") && status-set active "$id"'),
    });
    const sim = await Simulation.create({ applications: { keeper: { charm: keeper, units: 2, config: {} } }, relations: [] }, join(tempDir(), 'state'));
    const { timeline } = await sim.run({ parallel: 2 });
    const installs = timeline.filter((e) => e.hook === 'install');
    expect(installs[0]!.batch).toBe(installs[1]!.batch);
    const ids = installs.map((e) => e.status.message);
    expect(new Set(ids).size).toBe(2);
    expect(Object.keys(sim.snapshot().secrets!.secrets).sort()).toEqual(ids.map((id) => id.replace(/^secret:/, '')).sort());
  });
});
