// The `reactive sim COMMAND` commands, as close to Juju's as the simulator
// goes: each changes the model in the state folder (refusing bad input with
// one line and the folder unchanged), then runs it to quiescence.
import { basename, resolve } from 'node:path';
import type { Simulation } from '@reactive/harness';
import { CliError, UsageError } from '../errors.js';
import { report } from '../listing.js';
import type { Input, Outcome } from '../registry.js';
import { runActionCommand } from './sim-action.js';
import { interfacePath, loadModel, modelErrors, settle, type Harness } from './sim-session.js';

interface SimCommand {
  usage: string;
  /** How many arguments it takes after its name: [least, most]. */
  args: [number, number];
  run(args: string[], input: Input): Promise<Outcome>;
}

/** A command that changes the model, then runs it (and builds its charm layers again first). */
function change(usage: string, args: [number, number], apply: (simulation: Simulation, args: string[], input: Input, sim: Harness) => unknown): SimCommand {
  return {
    usage,
    args,
    run: async (given, input) => {
      const { sim, simulation } = await loadModel(input);
      return modelErrors(sim, async () => {
        await apply(simulation, given, input, sim);
        return settle(sim, simulation, input, { rebuild: true });
      });
    },
  };
}

export const SIM_COMMANDS: Record<string, SimCommand> = {
  status: {
    usage: 'status',
    args: [0, 0],
    run: async (_args, input) => {
      const { sim, simulation } = await loadModel(input);
      const status = simulation.status();
      return { output: report(sim.formatStatus(status), status) };
    },
  },
  log: {
    usage: 'log UNIT',
    args: [1, 1],
    run: async ([unit], input) => {
      const { sim, simulation } = await loadModel(input);
      const log = await modelErrors(sim, async () => simulation.log(unit!));
      return { output: report(log, { unit, log }) };
    },
  },
  resolve: change('resolve UNIT [--no-retry]', [1, 1], (simulation, [unit], input) =>
    simulation.resolve(unit!, { retry: input.options['no-retry'] !== 'true' }),
  ),
  'add-unit': change('add-unit APP [-n N]', [1, 1], (simulation, [app], input) => simulation.addUnit(app!, count(input.options['num-units']))),
  'remove-unit': change('remove-unit UNIT...', [1, Infinity], (simulation, units) => {
    const known = Object.keys(simulation.snapshot().units);
    const unknown = units.find((unit) => !known.includes(unit));
    if (unknown) throw new CliError(`no unit "${unknown}" in the model (units: ${known.join(', ') || 'none'})`);
    for (const unit of units) simulation.removeUnit(unit);
  }),
  relate: change('relate APP[:ENDPOINT] APP[:ENDPOINT]', [2, 2], (simulation, [a, b]) => simulation.addRelation(a!, b!)),
  'remove-relation': change('remove-relation APP[:ENDPOINT] [APP[:ENDPOINT]] | RELATION-ID', [1, 2], (simulation, [a, b]) => simulation.removeRelation(a!, b)),
  deploy: change('deploy CHARM [APP] [-n N]', [1, 2], (simulation, [charm, name], input) => deploy(simulation, charm!, name, input)),
  config: change('config APP KEY=VALUE...', [2, Infinity], (simulation, [app, ...values]) => simulation.setConfig(app!, keyValues(values))),
  'advance-time': change('advance-time DURATION', [1, 1], (simulation, [duration], _input, sim) => simulation.advanceTime(readDuration(sim, duration!))),
  'update-status': change('update-status [UNIT...]', [0, Infinity], (simulation, units) => simulation.updateStatus(units.length ? units : undefined)),
  run: { usage: 'run UNIT ACTION [KEY=VALUE...]', args: [2, Infinity], run: runActionCommand },
};
SIM_COMMANDS.integrate = SIM_COMMANDS.relate!;

/** Runs `reactive sim NAME ARGS...`. */
export function runSimCommand(name: string, args: string[], input: Input): Promise<Outcome> {
  const command = SIM_COMMANDS[name]!;
  const [least, most] = command.args;
  if (args.length < least || args.length > most) {
    throw new UsageError(`${args.length < least ? 'missing' : 'too many'} arguments: reactive sim ${command.usage}`);
  }
  return command.run(args, input);
}

/** DURATION (25h, 90m, 7d); a bad one is one line and exit 2, the model unchanged. */
function readDuration(sim: Harness, duration: string): number {
  try {
    return sim.readDuration(duration);
  } catch (error) {
    if (error instanceof sim.ModelError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** Deploys CHARM (a charm or a charm layer) as APP, by default the charm folder's name, as `juju deploy ./charm` names it. */
async function deploy(simulation: Simulation, charm: string, name: string | undefined, input: Input): Promise<void> {
  const dir = resolve(charm);
  const app = name ?? basename(dir);
  await simulation.deploy(
    app,
    { charm: dir, charmSpelled: charm, units: count(input.options['num-units']), config: {} },
    { interfacePath: interfacePath(dir) },
  );
}

/** `KEY=VALUE` arguments (values stay strings: setConfig converts them to each option's type). */
function keyValues(args: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected KEY=VALUE, got "${arg}"`);
    values[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return values;
}

/** -n: how many units (default 1). */
function count(option: string | undefined): number {
  if (option === undefined) return 1;
  const n = Number(option);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`-n: expected a number of units from 1 to 100, got ${option}`);
  return n;
}
