import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { harnessPackage } from './authoring.js';
import { CliError, NotFoundError, UsageError } from './errors.js';

/**
 * The unit state an inspecting command reads (`reactive history`, `why`,
 * `flags`, `kv`): --state, or with --unit that unit's in the simulator's
 * state folder (--sim, default ./.sim).
 */
export async function inspectedStatePath(options: Record<string, string | undefined>): Promise<string | undefined> {
  const { unit, sim, state } = options;
  if (unit === undefined) {
    if (sim !== undefined) throw new UsageError('--sim goes with --unit: the simulated unit whose state to read');
    return state;
  }
  if (state !== undefined) throw new UsageError('--state and --unit: give one (--unit reads a simulated unit’s state from the --sim folder)');
  const harness = await harnessPackage('--unit');
  const folder = sim ?? '.sim';
  if (!existsSync(resolve(folder, 'model.json')))
    throw new CliError(`${folder} holds no model of the simulator${sim ? '' : ' (give its folder with --sim DIR)'}`);
  let path: string;
  try {
    path = harness.Simulation.load(resolve(folder)).unitStatePath(unit);
  } catch (error) {
    if (error instanceof harness.ModelError) throw new CliError(`${folder}: ${error.message}`);
    throw error;
  }
  if (!existsSync(path)) throw new NotFoundError(`unit ${unit} has run no hook yet (no unit state at ${path})`);
  return path;
}
