import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { harnessPackage } from '../authoring.js';
import { CliError, UsageError } from '../errors.js';
import { report } from '../listing.js';

/**
 * `reactive sim MODEL`: deploys the model into its state folder (or loads it,
 * and applies --set, --remove-relation, --update-status), runs the hooks to
 * quiescence and prints the timeline and the status. Charm layers are built
 * into the state folder first.
 */
export async function simCommand(model: string, options: Record<string, string | undefined>): Promise<object> {
  const sim = await harnessPackage();
  const modelFile = resolve(model);
  if (!existsSync(modelFile)) throw new CliError(`${model}: no such model file`);
  const stateDir = resolve(options.state ?? join(dirname(modelFile), '.sim'));
  const maxHooks = options['max-hooks'] === undefined ? 500 : Number(options['max-hooks']);
  if (!Number.isInteger(maxHooks) || maxHooks < 1) throw new UsageError(`--max-hooks: expected a positive whole number, got ${options['max-hooks']}`);
  try {
    const spec = await sim.buildCharmLayers(sim.loadModelFile(modelFile), stateDir, { interfacePath: interfacePath(modelFile) });
    const simulation = sim.Simulation.open(spec, stateDir);
    for (const assignment of lines(options.set)) {
      const { app, option, value } = sim.parseSetArgument(assignment);
      simulation.setConfig(app, { [option]: value });
    }
    const removal = lines(options['remove-relation']);
    if (removal.length > 0) simulation.removeRelation(removal[0]!, removal[1]);
    if (options['update-status'] === 'true') simulation.updateStatus();
    const result = await simulation.run({ maxHooks });
    const status = simulation.status();
    await simulation.close?.();
    const color = process.stdout.isTTY === true;
    const why = options.why === 'true' ? sim.formatWhy(status, (unit) => simulation.notRun(unit)) : '';
    const text = `${sim.formatTimeline(result.timeline, { color })}\n${sim.formatStatus(status)}${why ? `\n${why}` : ''}`;
    if (result.errors.length > 0) process.exitCode = 1;
    return report(text, { ...result, status });
  } catch (error) {
    if (error instanceof sim.ModelError || error instanceof sim.NotQuiescentError) throw new CliError((error as Error).message);
    throw error;
  }
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
