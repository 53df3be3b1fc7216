// Flags on the LMDB unit state. Each figure is the median over fresh processes;
// the targets apply to the cold figures (a hook is a fresh process), the warm
// ones show the same work once the code is compiled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianOfChildRuns, row } from './lib.mjs';

const FLAGS = 10_000;
const n = FLAGS.toLocaleString('en');

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'reactive-bench-'));
  try {
    const child = join(import.meta.dirname, 'unit-state.child.mjs');
    const write = medianOfChildRuns(child, ['write', dir, String(FLAGS)]);
    const read = medianOfChildRuns(child, ['read', dir, String(FLAGS)]);
    return [
      row(`${n} setFlag() calls, cold`, write.setFlag, 'ms', 20),
      row(`${n} setFlag() calls, warm`, write.setFlagWarm, 'ms'),
      row(`commit of ${n} changed keys, cold`, write.commit, 'ms', 50),
      row(`commit of ${n} changed keys, warm`, write.commitWarm, 'ms'),
      row(`getFlags() with ${n} flags set, cold`, write.getFlags, 'ms'),
      row(`open store + read ${n} flags, cold (library loaded)`, read.openAndLoad, 'ms', 15),
      row(`open store + read ${n} flags, warm`, read.openAndLoadWarm, 'ms'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
