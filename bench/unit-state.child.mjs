// One timed process for unit-state.bench.mjs. Usage: MODE DIR FLAGS
// Each figure is taken cold (first time in a fresh process, as in a hook),
// and again warm (same work, same process, once the code is compiled).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { getFlags, setFlag } from '@reactive/flags';

const [mode, dir, count] = process.argv.slice(2);
const flags = Array.from({ length: Number(count) }, (_, i) => `app.component-${i}.ready`);
const result = {};

function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function writeRound(suffix, name) {
  const path = join(dir, `${name}.lmdb`);
  setUnitState(UnitState.open(path));
  result[`setFlag${suffix}`] = time(() => {
    for (const flag of flags) setFlag(flag);
  });
  result[`commit${suffix}`] = time(() => unitState().commit());
  let all;
  result[`getFlags${suffix}`] = time(() => (all = getFlags()));
  if (all.length !== flags.length) throw new Error(`expected ${flags.length} flags, got ${all.length}`);
  await unitState().close();
}

function readRound(suffix) {
  let all;
  result[`openAndLoad${suffix}`] = time(() => {
    setUnitState(UnitState.open(join(dir, 'state.lmdb')));
    all = getFlags();
  });
  if (all.length !== flags.length) throw new Error(`expected ${flags.length} flags, got ${all.length}`);
}

if (mode === 'write') {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await writeRound('', 'state');
  await writeRound('Warm', 'warm');
}
if (mode === 'read') {
  // Load the LMDB library first: the figure is opening a store, not loading code.
  await UnitState.open(join(dir, 'warm.lmdb')).close();
  readRound('');
  await unitState().close();
  readRound('Warm');
}
console.log(JSON.stringify(result));
