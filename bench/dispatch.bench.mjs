// Whole hook processes of a synthetic reactive charm on @reactive/bus: N handlers
// (N = 10, 100, 1,000, 10,000) in N/10 chains of depth 10, every handler firing in
// one config-changed hook (each timed run starts from an empty unit state). The
// figure is the wall time of the hook process, as Juju would run it (the hook file
// executed directly, fake hook tools on PATH, NODE_EXTRA_CA_CERTS unset), median of
// 25 runs (5 for N = 1,000, 3 for N = 10,000); a row per N counts the hook-tool
// calls it made.
//
// For reference, Python charms.reactive took 0.24 s (N=10), 0.76 s (N=100) and
// 101 s (N=1,000) per hook for the same charm shape. A first row times the floor
// under any hook here: a process started as the hook is, doing only what every
// hook must (start Node, call the same three hook tools, load LMDB, read and
// write the store); each N also gets its hook time minus the floor, which moves
// less with the machine's speed than either (for N = 10 and 100, a floor run
// precedes each hook run and the row is the median of the differences). Each N also has a row for the predicate evaluations of its
// hook; and the baton shape (each handler sets the next flag and clears its
// own, so each of its clears makes the dispatch re-test what is queued) has
// rows at N = 1,000 and 10,000, with a target against the set-only N = 10,000.
// A hook compiles from code caches that the first hooks on a unit write: the
// framework's bundles and LMDB from their own (scripts/bundle.mjs, hookenv),
// the rest (the charm's modules, the hook entry) from Node's compile cache,
// which layer:basic's hook stub enables (NODE_COMPILE_CACHE in the charm dir).
// A row times the N = 10 hook without the bundles' caches and Node's (removed
// before each run); then three hooks write them, as on a unit after its first
// hooks, and the other rows run with them (each charm's first hook, untimed,
// writes its compile cache). The floor runs as before, without Node's cache.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAG_PREFIX } from '@reactive/flags';
import { UnitState } from '@reactive/hookenv';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { FLOOR_SOURCE, median, row, unitEnv } from './lib.mjs';
import { batonFlags, CHAIN_DEPTH, chainFlags, removeCharm, writeEntry, writeSyntheticCharm } from './synthetic-charm.mjs';

const HOOK = 'config-changed';
// `overFloor`: a target for the hook minus the floor, the floor sampled just
// before each of the hook's runs (so both see the same moment of a shared machine).
const CASES = [
  { handlers: 10, runs: 25, max: 0.12, overFloor: 15 },
  { handlers: 100, runs: 25, max: 0.15, overFloor: 15 },
  { handlers: 1_000, runs: 5, max: 0.4 },
  { handlers: 10_000, runs: 3, max: 2 },
];
const BATON_CASES = [
  { handlers: 1_000, runs: 5 },
  { handlers: 10_000, runs: 3 },
];
/** The baton shape's N = 10,000 hook at most this many times the set-only N = 10,000 one. */
const BATON_RATIO = 1.2;
/** The flight record may add at most 5% to the N = 1,000 hook. */
const RECORDING_RATIO = 1.05;

export async function run() {
  const rows = [];
  const floorCharm = writeFloorCharm();
  const floorSamples = [];
  const sampleFloor = () => {
    const seconds = runFloor(floorCharm);
    floorSamples.push(seconds);
    return seconds;
  };
  try {
    for (let i = 0; i < 5; i++) sampleFloor();
    rows.push(measureWithoutCodeCache(sampleFloor));
    const floorRow = row('the floor: Node start, 3 hook-tool calls, LMDB read + write, no framework (reference)', 0, 's');
    rows.push(floorRow);
    await measureCases(rows, sampleFloor, floorSamples);
    floorRow.value = median(floorSamples);
  } finally {
    removeCharm(floorCharm);
  }
  return rows;
}

/** The code caches of the bundles a synthetic charm's hook loads. */
const CODE_CACHES = ['@reactive/bus', '@reactive/flags', '@reactive/hookenv'].map((name) =>
  join(dirname(fileURLToPath(import.meta.resolve(name))), 'bundle-modules.cjs.v8cache'),
);
/** Where the hook stub puts a charm's compile cache. */
const compileCache = (charm) => join(charm, '.reactive-cache', 'node-compile-cache');

/**
 * The N = 10 hook, each run beside a floor run, with no code cache of the
 * bundles and no compile cache (removed before each run: the first hook on a
 * unit); then three hooks that write them.
 */
function measureWithoutCodeCache(sampleFloor, runs = 9) {
  const charm = writeSyntheticCharm(CHAIN_DEPTH);
  try {
    const differences = [];
    for (let i = 0; i < runs; i++) {
      const floor = sampleFloor();
      for (const cache of CODE_CACHES) rmSync(cache, { force: true });
      rmSync(compileCache(charm), { recursive: true, force: true });
      differences.push(timedRun(charm) - floor);
    }
    for (const cache of CODE_CACHES) rmSync(cache, { force: true });
    for (let i = 0; i < 3; i++) timedRun(charm);
    return row(`${HOOK} hook, N=10, no code cache yet (a unit's first hook), over the floor`, Math.round(median(differences) * 1000), 'ms');
  } finally {
    removeCharm(charm);
  }
}

/** The rows of every case; `floorSamples` holds the floor's runs so far (the larger N are compared with their median). */
async function measureCases(rows, sampleFloor, floorSamples) {
  const floor = () => median(floorSamples);
  const setOnly = new Map();
  for (const { handlers, runs, max, overFloor } of CASES) {
    const { seconds, calls, evaluations, overTheFloor } = await measure(handlers, runs, 'chains', overFloor ? sampleFloor : undefined);
    setOnly.set(handlers, seconds);
    const n = handlers.toLocaleString('en');
    rows.push(row(`${HOOK} hook, N=${n} handlers`, seconds, 's', max));
    const share = overTheFloor ?? seconds - floor();
    const how = overTheFloor === undefined ? '' : ', each run beside a floor run';
    rows.push(row(`  the same, over the floor (the framework's share${how})`, Math.round(share * 1000), 'ms', overFloor));
    rows.push(row(`hook-tool calls per hook, N=${n}`, calls, 'calls'));
    rows.push(row(`predicate evaluations per hook, N=${n}`, evaluations, 'evaluations'));
  }
  for (const { handlers, runs } of BATON_CASES) {
    const { seconds, evaluations } = await measure(handlers, runs, 'baton');
    const n = handlers.toLocaleString('en');
    rows.push(row(`${HOOK} hook, baton shape (set next, clear own), N=${n}`, seconds, 's'));
    rows.push(row(`  predicate evaluations per hook, baton N=${n}`, evaluations, 'evaluations'));
    if (setOnly.has(handlers)) {
      const ratio = Math.round((seconds / setOnly.get(handlers)) * 100) / 100;
      rows.push(row(`  baton N=${n} over the set-only N=${n} of this run`, ratio, 'x', handlers === 10_000 ? BATON_RATIO : undefined));
    }
  }
  rows.push(...(await measureRecordingCost()));
}

/**
 * What the flight record costs: the N = 1,000 hook with it and without it
 * (REACTIVE_FLIGHT_RECORDER=off), runs alternating.
 */
async function measureRecordingCost(handlers = 1_000, runs = 11) {
  const charm = cachedCharm(handlers);
  try {
    const on = [];
    const off = [];
    for (let i = 0; i < runs; i++) {
      off.push(timedRun(charm, { REACTIVE_FLIGHT_RECORDER: 'off' }));
      on.push(timedRun(charm));
    }
    const ratio = Math.round((median(on) / median(off)) * 1000) / 1000;
    const n = handlers.toLocaleString('en');
    return [
      row(`${HOOK} hook, N=${n}, flight recorder off`, median(off), 's'),
      row(`  the same with the flight record (the default), over it off`, ratio, 'x', RECORDING_RATIO),
    ];
  } finally {
    removeCharm(charm);
  }
}

/** A synthetic charm whose first hook has run, untimed, and written its compile cache. */
function cachedCharm(handlers, shape = 'chains') {
  const charm = writeSyntheticCharm(handlers, { shape });
  timedRun(charm);
  return charm;
}

function timedRun(charm, env = {}) {
  const { child, seconds } = runHook(charm, undefined, [], env);
  if (child.status !== 0) throw new Error(`${HOOK} hook exited ${child.status ?? child.signal}: ${child.stderr}`);
  return seconds;
}

/** A charm folder holding the floor as `hooks/floor`, started as the hook is. */
function writeFloorCharm() {
  const charm = writeSyntheticCharm(CHAIN_DEPTH);
  writeEntry(charm, 'floor', FLOOR_SOURCE);
  return charm;
}

/** One run of the floor process: its wall time in seconds. */
function runFloor(charm) {
  const { child, seconds } = runHook(charm, join(charm, 'hooks', 'floor'), [], {}, false);
  if (child.status !== 0) throw new Error(`the floor process exited ${child.status ?? child.signal}: ${child.stderr}`);
  return seconds;
}

/**
 * The hook of a synthetic charm of N handlers, `runs` times: its median wall
 * time, tool calls and predicate evaluations. With `sampleFloor`, a floor run
 * precedes each hook run, and `overTheFloor` is the median of the differences.
 */
async function measure(handlers, runs, shape = 'chains', sampleFloor = undefined) {
  const charm = cachedCharm(handlers, shape);
  try {
    const times = [];
    const counts = [];
    const evaluations = [];
    const differences = [];
    for (let i = 0; i < runs; i++) {
      const floor = sampleFloor?.();
      const { child, seconds, calls } = runHook(charm);
      if (child.error) throw new Error(`${HOOK} hook (N=${handlers}) could not run: ${child.error.message}\n${child.stderr ?? ''}`);
      if (child.status !== 0) {
        throw new Error(
          `${HOOK} hook (N=${handlers}) exited with ${child.status ?? child.signal}` +
            `\n--- stderr ---\n${child.stderr}\n--- stdout ---\n${child.stdout}` +
            `\n--- hook-tool calls ---\n${calls.map(describe).join('\n')}` +
            `\n--- the same hook again, printing the error its catch discards ---\n${diagnose(charm)}`,
        );
      }
      await checkFlags(charm, handlers, shape);
      times.push(seconds);
      if (floor !== undefined) differences.push(seconds - floor);
      counts.push(calls.length);
      const stats = child.stderr.match(/^BENCH_STATS (.*)$/m);
      if (stats) evaluations.push(JSON.parse(stats[1]).predicateEvaluations);
      if (i === 0) process.stderr.write(`  N=${handlers}: hook-tool calls ${summarise(calls)}\n`);
    }
    if (new Set(counts).size !== 1) process.stderr.write(`  N=${handlers}: hook-tool call counts vary between runs: ${counts.join(', ')}\n`);
    return {
      seconds: median(times),
      calls: median(counts),
      evaluations: evaluations.length ? median(evaluations) : undefined,
      overTheFloor: differences.length ? median(differences) : undefined,
    };
  } finally {
    removeCharm(charm);
  }
}

/** One hook process from an empty unit state, with fresh fake hook tools (and the charm's compile cache, as the hook stub gives it). */
function runHook(charm, hook = join(charm, 'hooks', HOOK), args = [], extraEnv = {}, cached = true) {
  const db = join(charm, '.unit-state.lmdb');
  rmSync(db, { force: true });
  rmSync(`${db}-lock`, { force: true });
  const toolsDir = join(charm, '.fake-hook-tools');
  rmSync(toolsDir, { recursive: true, force: true });
  mkdirSync(toolsDir);
  const tools = new FakeHookTools(toolsDir).add('config-get', { stdout: '{}\n' }).add('juju-log').add('status-set').add('is-leader', { stdout: 'false\n' });
  const env = unitEnv({
    JUJU_CHARM_DIR: charm,
    JUJU_UNIT_NAME: 'synthetic/0',
    JUJU_HOOK_NAME: HOOK,
    UNIT_STATE_DB: db,
    BENCH_STATS: '1',
    PATH: tools.path(),
    ...(cached ? { NODE_COMPILE_CACHE: compileCache(charm) } : {}),
    ...extraEnv,
  });
  const start = performance.now();
  const child = spawnSync(hook, args, {
    cwd: charm,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60 * 1000,
  });
  const seconds = (performance.now() - start) / 1000;
  return { child, seconds, calls: tools.calls() };
}

function describe({ tool, args }) {
  const text = [tool, ...args].join(' ');
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

/** Runs the hook once more with an entry that prints why main() rejected; returns its stderr. */
function diagnose(charm) {
  const hook = join(charm, 'hooks', 'diagnose.mjs');
  writeFileSync(hook, "#!/usr/bin/env node\nimport { main } from '@reactive/bus';\nmain().catch((error) => { console.error(error); process.exit(1); });\n");
  chmodSync(hook, 0o755);
  const { child } = runHook(charm, hook);
  return `exit ${child.status ?? child.signal}\n${child.stderr}`;
}

/** Fails unless exactly the flags the shape leaves (N chain flags, or each baton's last) are set in the committed unit state. */
async function checkFlags(charm, handlers, shape) {
  const state = UnitState.open(join(charm, '.unit-state.lmdb'));
  try {
    const set = new Set(state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length)));
    const expected = shape === 'baton' ? batonFlags(handlers) : chainFlags(handlers);
    const prefix = shape === 'baton' ? /^baton\.\d+\.\d+$/ : /^chain\./;
    const missing = expected.filter((flag) => !set.has(flag));
    const chain = [...set].filter((flag) => prefix.test(flag));
    if (missing.length > 0 || chain.length !== expected.length) {
      throw new Error(
        `${HOOK} hook (N=${handlers}, ${shape}): expected ${expected.length} flags set, found ${chain.length}` +
          (missing.length ? `; missing e.g. ${missing.slice(0, 5).join(', ')}` : ''),
      );
    }
  } finally {
    await state.close();
  }
}

function summarise(calls) {
  const byTool = new Map();
  for (const { tool } of calls) byTool.set(tool, (byTool.get(tool) ?? 0) + 1);
  return `${calls.length} (${[...byTool].map(([tool, count]) => `${tool} ${count}`).join(', ') || 'none'})`;
}
