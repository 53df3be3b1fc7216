// `reactive sim MODEL --explore N`: the model run from scratch under N
// orderings of its units' hooks, in <state>/explore/seed-<n>, side by side;
// exit 1 when they do not all settle the same way.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { report } from '../listing.js';
import type { Input, Outcome } from '../registry.js';
import { interfacePath, maxHooksOf, modelErrors, session, stateDirOf } from './sim-session.js';

/** The most orderings one --explore runs. */
const MAX_RUNS = 10_000;

export async function exploreModel(model: string | undefined, input: Input): Promise<Outcome> {
  const runs = exploreRuns(input.options.explore!);
  if (model === undefined) throw new UsageError('--explore: give the model file to explore (reactive sim MODEL.yaml --explore N)');
  const modelFile = resolve(model);
  if (!existsSync(modelFile)) throw new CliError(`${model}: no such model file`);
  const { sim, opts } = await session(input);
  const dir = join(stateDirOf(input), 'explore');
  rmSync(dir, { recursive: true, force: true });
  const maxHooks = maxHooksOf(input);
  return modelErrors(sim, async () => {
    const exploration = await sim.explore(sim.loadModelFile(modelFile), {
      runs,
      dir,
      ...(maxHooks === undefined ? {} : { maxHooks }),
      simulation: { build: { ...opts.build, interfacePath: interfacePath(modelFile) } },
      onRun: (run) => input.progress?.(`seed ${run.seed}: ${run.unsettled ? 'did not settle' : 'settled'} after ${run.timeline.length} hooks`),
    });
    const first = exploration.runs[0]!;
    const error =
      exploration.outcomes.length > 1
        ? sim.explorationSummary(exploration)
        : first.unsettled
          ? `the model settled under none of the ${runs} orderings; seed ${first.seed}: ${first.unsettled}`
          : undefined;
    return { output: report(sim.formatExploration(exploration), exploration), ...(error ? { exitCode: 1, error } : {}) };
  });
}

function exploreRuns(given: string): number {
  const runs = Number(given);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    throw new UsageError(`--explore: expected how many orderings to run, 1 to ${MAX_RUNS}, got ${given}`);
  return runs;
}
