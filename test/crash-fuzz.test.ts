// The crash fuzz in its CI size: 40 SIGKILLs over the four modes, and 20 more
// with the charm bringing its own copy of @reactive/hookenv. The long run is
// `npm run fuzz` (500 kills). See test/crash-fuzz/fuzz.mjs.
import { describe, expect, it } from 'vitest';
import { fuzz, MODES } from './crash-fuzz/fuzz.mjs';

async function expectAllOrNothing(kills: number, twoCopies: boolean): Promise<void> {
  const lines: string[] = [];
  const counts = await fuzz({ kills, twoCopies, log: (line: string) => void lines.push(line) });
  if (counts.partial || counts.reopenFailures || counts.notRepublished) console.log(lines.join('\n'));
  expect(counts.kills).toBe(kills);
  expect(counts.partial).toBe(0);
  expect(counts.reopenFailures).toBe(0);
  expect(counts.notRepublished).toBe(0);
  expect(counts.before + counts.after).toBe(kills);
  expect(Object.keys(counts.byMode).sort()).toEqual([...MODES].sort());
}

describe('a hook killed at any moment', () => {
  it('leaves the unit state as before or after the hook, never between, and Juju gets all the data once retried', async () => {
    await expectAllOrNothing(40, false);
  }, 900_000);

  it('does so too when the charm loads its own copy of @reactive/hookenv beside the one the framework loads', async () => {
    await expectAllOrNothing(20, true);
  }, 900_000);
});
