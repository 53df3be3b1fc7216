import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import type { Input, Outcome } from '../registry.js';
import { runSimCommand, SIM_COMMANDS } from './sim-commands.js';
import { interfacePath, modelErrors, session, settle, stateDirOf } from './sim-session.js';

/**
 * `reactive sim [MODEL]`: deploys the model file into the state folder (or
 * loads the model there, building its charm layers again), applies --set,
 * --remove-relation and --update-status, runs the hooks to quiescence and
 * prints the timeline (as it goes) and the status. `reactive sim COMMAND ...`
 * runs one of SIM_COMMANDS (status, resolve, add-unit, relate, run, log...).
 */
export async function simCommand(input: Input): Promise<Outcome> {
  const [first, ...rest] = (input.args.args as string[] | undefined) ?? [];
  if (first !== undefined && Object.hasOwn(SIM_COMMANDS, first)) {
    if (input.options.explore !== undefined) throw new UsageError(`--explore explores a model file, not "reactive sim ${first}"`);
    return runSimCommand(first, rest, input);
  }
  if (rest.length > 0) throw new CliError(`unknown command "${first}": one of ${Object.keys(SIM_COMMANDS).join(', ')}, or a model file alone`);
  return simulateModel(first, input);
}

async function simulateModel(model: string | undefined, input: Input): Promise<Outcome> {
  if (input.options.explore !== undefined) return (await import('./sim-explore.js')).exploreModel(model, input);
  const { sim, opts, units } = await session(input);
  const stateDir = stateDirOf(input);
  const existing = existsSync(join(stateDir, 'model.json'));
  const modelFile = model === undefined ? undefined : resolve(model);
  if (modelFile && !existsSync(modelFile)) throw new CliError(`${model}: no such model file`);
  if (!modelFile && !existing) throw new CliError(`${input.options.state ?? '.sim'} holds no model: give a model file (reactive sim MODEL.yaml)`);
  return modelErrors(sim, async () => {
    const build = { ...opts.build, ...(modelFile ? { interfacePath: interfacePath(modelFile) } : {}) };
    if (existing && model !== undefined) {
      input.progress?.(
        `${input.options.state ?? '.sim'} holds a model: ${model} is not read again (change the model with reactive sim deploy, relate, config...; or remove the folder)`,
      );
    }
    const simulation = existing
      ? sim.Simulation.load(stateDir, opts)
      : await sim.Simulation.create(sim.loadModelFile(modelFile!), stateDir, { ...opts, build });
    units(Object.keys(simulation.snapshot().units));
    for (const assignment of lines(input.options.set)) {
      const { app, option, value } = sim.parseSetArgument(assignment);
      simulation.setConfig(app, { [option]: value });
    }
    const removal = lines(input.options['remove-relation']);
    if (removal.length > 0) simulation.removeRelation(removal[0]!, removal[1]);
    if (input.options['update-status'] === 'true') simulation.updateStatus();
    return settle(sim, simulation, input, { rebuild: existing });
  });
}

function lines(value: string | undefined): string[] {
  return value ? value.split('\n').filter(Boolean) : [];
}
