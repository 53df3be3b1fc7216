// The crash fuzz in its CI size: 40 SIGKILLs over the four modes. The long
// run is `npm run fuzz` (500 kills). See test/crash-fuzz/fuzz.mjs.
import { describe, expect, it } from 'vitest';
import { fuzz, MODES } from './crash-fuzz/fuzz.mjs';

describe('a hook killed at any moment', () => {
  it('leaves the unit state as before or after the hook, never between, and Juju gets all the data once retried', async () => {
    const lines: string[] = [];
    const counts = await fuzz({ kills: 40, log: (line: string) => void lines.push(line) });
    if (counts.partial || counts.reopenFailures || counts.notRepublished) console.log(lines.join('\n'));
    expect(counts.kills).toBe(40);
    expect(counts.partial).toBe(0);
    expect(counts.reopenFailures).toBe(0);
    expect(counts.notRepublished).toBe(0);
    expect(counts.before + counts.after).toBe(40);
    expect(Object.keys(counts.byMode).sort()).toEqual([...MODES].sort());
  }, 900_000);
});
