import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunResult, Simulation, TimelineEntry } from '@reactive/harness';
import { harnessPackage } from '../authoring.js';
import { CliError, UsageError } from '../errors.js';
import { report } from '../listing.js';
import type { Input, Outcome } from '../registry.js';

type Harness = typeof import('@reactive/harness');

/**
 * `reactive sim MODEL`: deploys the model into its state folder (or loads it,
 * and applies --set, --remove-relation, --update-status), runs the hooks to
 * quiescence and prints the timeline and the status. Charm layers are built
 * into the state folder first. Exits 1, with one line saying why, when a unit
 * is left in error or the model does not settle.
 */
export async function simCommand(input: Input): Promise<Outcome> {
  const model = input.args.model as string;
  const options = input.options;
  const sim = await harnessPackage();
  const modelFile = resolve(model);
  if (!existsSync(modelFile)) throw new CliError(`${model}: no such model file`);
  const stateDir = resolve(options.state ?? join(dirname(modelFile), '.sim'));
  const maxHooks = options['max-hooks'] === undefined ? 500 : Number(options['max-hooks']);
  if (!Number.isInteger(maxHooks) || maxHooks < 1) throw new UsageError(`--max-hooks: expected a positive whole number, got ${options['max-hooks']}`);
  try {
    const spec = await sim.buildCharmLayers(sim.loadModelFile(modelFile), stateDir, {
      interfacePath: interfacePath(modelFile),
      ...(input.progress ? { log: input.progress } : {}),
    });
    let units: string[] = [];
    const live = liveTimeline(sim, input.live, () => units);
    const simulation = sim.Simulation.open(spec, stateDir, live ? { onEntry: live } : {});
    units = Object.keys(simulation.snapshot().units);
    for (const assignment of lines(options.set)) {
      const { app, option, value } = sim.parseSetArgument(assignment);
      simulation.setConfig(app, { [option]: value });
    }
    const removal = lines(options['remove-relation']);
    if (removal.length > 0) simulation.removeRelation(removal[0]!, removal[1]);
    if (options['update-status'] === 'true') simulation.updateStatus();
    return await runToQuiescence(sim, simulation, { maxHooks, why: options.why === 'true', live: live !== undefined });
  } catch (error) {
    if (error instanceof sim.ModelError) throw new CliError((error as Error).message);
    throw error;
  }
}

/** Runs the model's queued hooks and reports the timeline and the status; exit 1 with why when it does not settle or a unit is in error. */
async function runToQuiescence(sim: Harness, simulation: Simulation, opts: { maxHooks: number; why: boolean; live: boolean }): Promise<Outcome> {
  let result: RunResult | undefined;
  let timeline: TimelineEntry[];
  let unsettled: string | undefined;
  try {
    result = await simulation.run({ maxHooks: opts.maxHooks });
    timeline = result.timeline;
  } catch (error) {
    if (!(error instanceof sim.NotQuiescentError)) throw error;
    timeline = error.timeline;
    unsettled = error.message;
  }
  const status = simulation.status();
  const why = opts.why ? sim.formatWhy(status, (unit) => simulation.notRun(unit)) : '';
  const shown = opts.live ? '' : sim.formatTimeline(timeline, { color: colored() });
  const text = `${shown}\n${sim.formatStatus(status)}${why ? `\n${why}` : ''}`;
  const error = unsettled ?? (result && inError(result));
  return { output: report(text, { ...(result ?? { timeline, quiesced: false }), status }), ...(error ? { exitCode: 1, error } : {}) };
}

/**
 * Prints each timeline entry as its hook ends, the unit names aligned on the
 * longest of `units()`; undefined when the output is not raw text.
 */
function liveTimeline(sim: Harness, live: Input['live'], units: () => string[]): ((entry: TimelineEntry) => void) | undefined {
  if (!live) return undefined;
  return (entry) => live(sim.formatTimeline([entry], { color: colored(), unitWidth: Math.max(0, ...units().map((unit) => unit.length)) }));
}

function colored(): boolean {
  return process.stdout.isTTY === true;
}

/** `unit web/0 is in error: its config-changed hook failed 3 times` (undefined when no unit is). */
function inError(result: RunResult): string | undefined {
  if (result.errors.length === 0) return undefined;
  const each = result.errors.map((e) => `${e.unit} (its ${e.hook} hook failed ${e.attempts} time${e.attempts === 1 ? '' : 's'})`);
  return `${result.errors.length === 1 ? 'unit' : 'units'} in error: ${each.join(', ')}`;
}

function lines(value: string | undefined): string[] {
  return value ? value.split('\n').filter(Boolean) : [];
}

/** INTERFACE_PATH, else an `interfaces/` folder beside the model (as the examples have). */
function interfacePath(modelFile: string): string[] {
  const env = process.env.INTERFACE_PATH;
  if (env) return env.split(':').filter(Boolean);
  const beside = join(dirname(modelFile), 'interfaces');
  return existsSync(beside) ? [beside] : [];
}
