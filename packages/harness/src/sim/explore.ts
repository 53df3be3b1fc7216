// Ordering exploration: the same model run from scratch under many orderings
// of its units' hooks (seeds), side by side, and the outcomes they settle on
// compared.
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCharmLayers } from './build-charms.js';
import { ModelError, NotQuiescentError } from './errors.js';
import { outcomeDiff, outcomeKey, settledOutcome, unsettledOutcome, type Outcome } from './outcome.js';
import { Simulation, type RunOptions, type SimulationOptions } from './simulation.js';
import type { ModelSpec } from './spec.js';
import type { TimelineEntry } from './timeline.js';

export interface ExploreOptions extends RunOptions {
  /** How many orderings: seeds `firstSeed` … `firstSeed + runs - 1`. */
  runs: number;
  /** Each run's state folder is `<dir>/seed-<n>` (kept, to look into); the charm layers are built once, into `<dir>/charms`. */
  dir: string;
  firstSeed?: number;
  /** How many runs go at once (default: the cores, `os.availableParallelism()`); each runs one hook at a time, its hooks are processes, so they use the cores. */
  parallel?: number;
  /** The simulation options of every run (retries, env, hookTimeoutMs, build). */
  simulation?: Omit<SimulationOptions, 'onEntry'>;
  /** Called as each run ends. */
  onRun?: (run: ExploredRun) => void;
}

/** One run of the exploration. */
export interface ExploredRun {
  seed: number;
  stateDir: string;
  /** Why it did not settle (the NotQuiescentError's message); undefined when it settled. */
  unsettled?: string;
  outcome: Outcome;
  timeline: TimelineEntry[];
}

/** The runs that settled the same way (or all did not settle), smallest seed first. */
export interface OutcomeGroup {
  seeds: number[];
  outcome: Outcome;
}

/** How the outcome of seed `seed` (the smallest that reproduces it) differs from the first outcome's (seed `base`). */
export interface Divergence {
  base: number;
  seed: number;
  differences: Array<{ what: string; base: string; other: string }>;
}

export interface Exploration {
  runs: ExploredRun[];
  /** The distinct outcomes, the one of the smallest seed first. */
  outcomes: OutcomeGroup[];
  divergences: Divergence[];
}

/**
 * Runs `spec` from scratch `runs` times, each under its own seed (a random
 * choice, at each step, of which unit's next hook runs), up to `parallel` at
 * once, and compares what they settle on: each unit's status and flags, the
 * relation data and leader data (see `settledOutcome`). A run that does not
 * settle (`maxHooks`, `maxRepeats`) is an outcome of its own.
 */
export async function explore(spec: ModelSpec, opts: ExploreOptions): Promise<Exploration> {
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new ModelError(`explore: runs must be a positive whole number, got ${opts.runs}`);
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const built = await buildCharmLayers(spec, dir, opts.simulation?.build);
  const firstSeed = opts.firstSeed ?? 0;
  const seeds = Array.from({ length: opts.runs }, (_, i) => firstSeed + i);
  const runs = await inParallel(seeds, opts.parallel ?? availableParallelism(), async (seed) => {
    const run = await exploreOne(built, seed, join(dir, `seed-${seed}`), opts);
    opts.onRun?.(run);
    return run;
  });
  return compareRuns(runs);
}

async function exploreOne(spec: ModelSpec, seed: number, stateDir: string, opts: ExploreOptions): Promise<ExploredRun> {
  rmSync(stateDir, { recursive: true, force: true });
  const sim = await Simulation.create({ ...spec, seed }, stateDir, opts.simulation);
  // One hook at a time: each run is one total order of the model's hooks, its seed's.
  const bounds: RunOptions = {
    parallel: 1,
    ...(opts.maxHooks !== undefined ? { maxHooks: opts.maxHooks } : {}),
    ...(opts.maxRepeats !== undefined ? { maxRepeats: opts.maxRepeats } : {}),
  };
  try {
    const { timeline } = await sim.run(bounds);
    return { seed, stateDir, outcome: settledOutcome(sim.status()), timeline };
  } catch (error) {
    if (!(error instanceof NotQuiescentError)) throw error;
    return { seed, stateDir, unsettled: error.message, outcome: unsettledOutcome(), timeline: error.timeline };
  }
}

/** Groups the runs by outcome, and says how each outcome differs from the first. */
export function compareRuns(runs: ExploredRun[]): Exploration {
  const sorted = [...runs].sort((a, b) => a.seed - b.seed);
  const groups = new Map<string, OutcomeGroup>();
  for (const run of sorted) {
    const key = outcomeKey(run.outcome);
    const group = groups.get(key) ?? { seeds: [], outcome: run.outcome };
    group.seeds.push(run.seed);
    groups.set(key, group);
  }
  const outcomes = [...groups.values()];
  const [first, ...others] = outcomes;
  const divergences = others.map((group) => ({
    base: first!.seeds[0]!,
    seed: group.seeds[0]!,
    differences: outcomeDiff(first!.outcome, group.outcome).map(([what, base, other]) => ({ what, base, other })),
  }));
  return { runs: sorted, outcomes, divergences };
}

/** `work` over `items`, at most `limit` at once; results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
      } catch (error) {
        next = items.length; // the others start nothing more
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
