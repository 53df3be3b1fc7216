// What every `reactive sim` command shares: the state folder, the model in it
// (loaded with live output and build progress), running it to quiescence and
// the outcome: exit 1, with one line saying why, when it does not settle or a
// unit is left in error.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunResult, Simulation, SimulationOptions, TimelineEntry } from '@reactive/harness';
import { harnessPackage } from '../authoring.js';
import { CliError, UsageError } from '../errors.js';
import { report } from '../listing.js';
import type { Input, Outcome } from '../registry.js';

export type Harness = typeof import('@reactive/harness');

/** The state folder of a command: --state, else `.sim` in the current directory. */
export function stateDirOf(input: Input): string {
  return resolve(input.options.state ?? '.sim');
}

/** The harness package, and the simulation options of a command: live timeline lines and build progress. */
export async function session(input: Input): Promise<{ sim: Harness; opts: SimulationOptions; units: (names: string[]) => void }> {
  const sim = await harnessPackage();
  let width = 0;
  const live = input.live;
  const opts: SimulationOptions = {
    ...(live ? { onEntry: (entry: TimelineEntry) => live(sim.formatTimeline([entry], { color: colored(), unitWidth: width })) } : {}),
    ...(input.progress ? { build: { log: input.progress } } : {}),
  };
  return { sim, opts, units: (names) => (width = Math.max(0, ...names.map((name) => name.length))) };
}

/** The model saved in the state folder (one line when there is none). */
export async function loadModel(input: Input): Promise<{ sim: Harness; simulation: Simulation }> {
  const { sim, opts, units } = await session(input);
  const stateDir = stateDirOf(input);
  if (!existsSync(join(stateDir, 'model.json'))) {
    throw new CliError(
      `${input.options.state ?? '.sim'} holds no model: reactive sim MODEL.yaml deploys one${input.options.state ? '' : ' there (or give --state DIR)'}`,
    );
  }
  const simulation = sim.Simulation.load(stateDir, opts);
  units(Object.keys(simulation.snapshot().units));
  return { sim, simulation };
}

/** Runs `work` and says a model error in one line (exit 1). */
export async function modelErrors<T>(sim: Harness, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof sim.ModelError) throw new CliError(error.message);
    throw error;
  }
}

/** The --max-hooks option (undefined: the simulator's default, which grows with the model). */
export function maxHooksOf(input: Input): number | undefined {
  const given = input.options['max-hooks'];
  if (given === undefined) return undefined;
  const maxHooks = Number(given);
  if (!Number.isInteger(maxHooks) || maxHooks < 1) throw new UsageError(`--max-hooks: expected a positive whole number, got ${given}`);
  return maxHooks;
}

/** The --parallel option (undefined: the simulator's default, the cores). */
export function parallelOf(input: Input): number | undefined {
  const given = input.options.parallel;
  if (given === undefined) return undefined;
  const parallel = Number(given);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel: expected a whole number of units from 1, got ${given}`);
  return parallel;
}

/**
 * Builds the charm layers again (a fixed charm runs from the next hook on),
 * runs the queued hooks and reports the timeline (unless printed live) and
 * the status; exit 1 with why when the model does not settle or a unit is
 * left in error.
 */
export async function settle(sim: Harness, simulation: Simulation, input: Input, opts: { rebuild: boolean }): Promise<Outcome> {
  if (opts.rebuild) await simulation.rebuild();
  let result: RunResult | undefined;
  let timeline: TimelineEntry[];
  let unsettled: string | undefined;
  try {
    const maxHooks = maxHooksOf(input);
    const parallel = parallelOf(input);
    result = await simulation.run({ ...(maxHooks === undefined ? {} : { maxHooks }), ...(parallel === undefined ? {} : { parallel }) });
    timeline = result.timeline;
  } catch (error) {
    if (!(error instanceof sim.NotQuiescentError)) throw error;
    timeline = error.timeline;
    unsettled = error.message;
  }
  const status = simulation.status();
  const why = input.options.why === 'true' ? sim.formatWhy(status, (unit) => simulation.notRun(unit)) : '';
  const shown = input.live ? '' : sim.formatTimeline(timeline, { color: colored() });
  const text = `${shown}${shown || timeline.length ? '\n' : ''}${sim.formatStatus(status)}${why ? `\n${why}` : ''}`;
  const error = unsettled ?? (result && inError(result));
  return { output: report(text, { ...(result ?? { timeline, quiesced: false }), status }), ...(error ? { exitCode: 1, error } : {}) };
}

/** `unit web/0 in error: ...` (undefined when no unit is). */
function inError(result: RunResult): string | undefined {
  if (result.errors.length === 0) return undefined;
  const each = result.errors.map((e) => `${e.unit} (its ${e.hook} hook failed ${e.attempts} time${e.attempts === 1 ? '' : 's'})`);
  const first = result.errors[0]!.unit;
  return `${result.errors.length === 1 ? 'unit' : 'units'} in error: ${each.join(', ')}; once fixed: reactive sim resolve ${first}`;
}

/** INTERFACE_PATH, else an `interfaces/` folder beside `path` (as the examples have one beside their model and charms). */
export function interfacePath(path: string): string[] {
  const env = process.env.INTERFACE_PATH;
  if (env) return env.split(':').filter(Boolean);
  const beside = join(dirname(path), 'interfaces');
  return existsSync(beside) ? [beside] : [];
}

export function colored(): boolean {
  return process.stdout.isTTY === true;
}
