// The simulator's throughput on the example model (every example together,
// every hook a process), and the time of one hook run in the Harness.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Harness, loadModelFile, Simulation } from '@reactive/harness';
import { row } from './lib.mjs';

const examples = join(import.meta.dirname, '..', 'examples');
const interfacePath = [join(examples, 'interfaces')];

export async function run() {
  delete process.env.NODE_EXTRA_CA_CERTS; // inherited by the hook processes
  return [...(await simulator()), ...(await harness())];
}

async function simulator() {
  const state = mkdtempSync(join(tmpdir(), 'reactive-bench-sim-'));
  try {
    const spec = loadModelFile(join(examples, 'model.yaml'));
    const sim = await Simulation.create(spec, state, { build: { interfacePath } });
    const start = performance.now();
    const { timeline, quiesced } = await sim.run();
    const seconds = (performance.now() - start) / 1000;
    await sim.close?.();
    if (!quiesced) throw new Error('the example model did not quiesce');
    return [
      row(`simulator: example model (${Object.keys(spec.applications).length} apps), hooks run`, timeline.length, 'hooks'),
      row('simulator: throughput', timeline.length / seconds, 'hooks/s'),
    ];
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

async function harness() {
  const h = new Harness(join(examples, 'my-app'), { unit: 'my-app/0', interfacePath, config: { 'admin-pass': 'x' } });
  try {
    await h.runHook('install'); // builds the charm layer once
    const runs = 20;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await h.runHook('update-status');
    return [row('Harness: one hook run (my-app, update-status)', (performance.now() - start) / runs, 'ms')];
  } finally {
    h.cleanUp();
  }
}
