// The simulator exposes each unit's flight records: history(unit), lastHook(unit),
// and notRun(unit) (what `reactive sim --why` prints for blocked and waiting units).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatWhy, ModelError, Simulation } from '@reactive/harness';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const state = join(tempDir('reactive-sim-flight-'), 'state');
let sim: Simulation;

beforeAll(async () => {
  // my-app alone: no admin password and no database, so it is blocked.
  sim = await Simulation.create({ applications: { 'my-app': { charm: join(examples, 'my-app'), units: 1, config: {} } }, relations: [] }, state, {
    build: { interfacePath: [join(examples, 'interfaces')] },
  });
  const result = await sim.run();
  expect(result.errors).toEqual([]);
}, 120_000);

describe('flight records in the simulator', () => {
  it('history(unit) has one record per hook the unit ran, in order; lastHook(unit) the last', () => {
    const hooks = sim
      .history()
      .filter((entry) => entry.unit === 'my-app/0')
      .map((entry) => entry.hook);
    const records = sim.history('my-app/0');
    expect(records.map((record) => record.hook)).toEqual(hooks);
    expect(records.map((record) => record.seq)).toEqual(hooks.map((_, i) => i + 1));
    expect(sim.lastHook('my-app/0')).toEqual(records.at(-1));
    expect(records[0]!.invoked.map((i) => i.handler.split(':').at(-1))).toEqual(['noDb', 'noAdminPass']);
  });

  it('says why a blocked unit is blocked: the handlers that did not run and the condition that kept each', () => {
    const text = formatWhy(sim.status(), (unit) => sim.notRun(unit));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(`my-app/0 is blocked (Missing admin password); in its last hook, #${sim.lastHook('my-app/0')!.seq} start:`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}reactive\/my-app\.js:\d+:renderConfig was not tested: flag db\.database\.available is not set$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}reactive\/my-app\.js:\d+:ready was not tested: flag myapp\.started is not set$/));
    expect(lines.some((line) => line.includes(':noAdminPass'))).toBe(false);
  });

  it('an unknown unit is a model error', () => {
    expect(() => sim.history('nope/0')).toThrow(ModelError);
  });
});
