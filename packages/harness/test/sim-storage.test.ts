// Storage detaching in the simulator, through a charm of plain sh hooks
// calling the hook commands as any charm does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimeline, parseModel, Simulation, type RunResult } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const hook = (body: string) => ({ content: `#!/bin/sh\nset -e\n${body}\n`, mode: 0o755 });

function quiet(result: RunResult): RunResult {
  if (!result.quiesced || result.errors.length) console.log(formatTimeline(result.timeline));
  expect(result.errors).toEqual([]);
  return result;
}

/** A unit with two instances of `data` (one at deploy, one from storage-add) and a peer relation; its hooks write what they see to `seen`. */
const disk = (seen: string) =>
  makeCharm({
    'metadata.yaml': 'name: disk\npeers:\n  cluster: {interface: disk-cluster}\nstorage:\n  data:\n    type: filesystem\n    multiple: {range: 1-2}\n',
    'hooks/config-changed': hook('[ "$(storage-list data | wc -l)" -gt 1 ] || storage-add data=1'),
    'hooks/data-storage-detaching': hook(
      `echo "$JUJU_HOOK_NAME $JUJU_STORAGE_ID $(storage-get kind) $(storage-get location) $JUJU_STORAGE_LOCATION $(storage-list | tr '\\n' ' ')" >> ${seen}`,
    ),
    'hooks/stop': hook(`echo "stop: $(storage-list | tr '\\n' ' ')" >> ${seen}`),
  });

describe('storage detaching in the simulator', () => {
  it("runs <name>-storage-detaching for each attached instance of a unit being removed, before its relations' hooks and stop, with storage-get answering", async () => {
    const dir = tempDir();
    const seen = join(dir, 'seen');
    const sim = await Simulation.create(parseModel({ applications: { disk: { charm: disk(seen) } } }), join(dir, 'state'));
    quiet(await sim.run());
    const unitDir = sim.unitDir('disk/0');
    sim.removeUnit('disk/0');
    const result = quiet(await sim.run());
    expect(result.timeline.map((e) => e.hook)).toEqual(['data-storage-detaching', 'data-storage-detaching', 'cluster-relation-broken', 'stop', 'remove']);
    const at = (n: number) => join(unitDir, 'storage', 'data', String(n));
    expect(readFileSync(seen, 'utf8')).toBe(
      [
        `data-storage-detaching data/0 filesystem ${at(0)} ${at(0)} data/0 data/1 `,
        `data-storage-detaching data/1 filesystem ${at(1)} ${at(1)} data/1 `,
        'stop: ',
        '',
      ].join('\n'),
    );
  });

  it('runs none for storage whose storage-attached has not run', async () => {
    const dir = tempDir();
    const seen = join(dir, 'seen');
    const sim = await Simulation.create(parseModel({ applications: { disk: { charm: disk(seen) } } }), join(dir, 'state'));
    // Stopped before the storage-attached of data/1, which config-changed asked for.
    await expect(sim.run({ maxHooks: 6 })).rejects.toThrow(/1 hooks? (is|are) still queued/);
    sim.removeUnit('disk/0');
    const result = quiet(await sim.run());
    expect(result.timeline.map((e) => e.hook)).toEqual(['data-storage-detaching', 'cluster-relation-broken', 'stop', 'remove']);
  });
});
