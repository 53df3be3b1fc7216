import { basename } from 'node:path';
import { CliError, oneLine, UsageError } from './errors.js';
import type { Format } from './format.js';
import type { Listing } from './listing.js';
import { positionalInvocation, usageOf, type Caller, type CommandSpec, type Input } from './registry.js';

/** Where the CLI writes; tests may capture it. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A parsed command line: the command, its input, and the output format. */
export interface Invocation {
  spec: CommandSpec;
  input: Input;
  format: Format;
}

/** The program's name as invoked: `reactive` or `charms.reactive`. */
export function programName(argv1 = process.argv[1]): string {
  // `reactive` as npm links it, or bin/reactive.cjs, which a built charm's bin/reactive runs.
  const name = argv1 ? basename(argv1, '.cjs') : '';
  return name === 'reactive' ? 'reactive' : 'charms.reactive';
}

/**
 * Runs one command line (without the node and script arguments) and returns
 * the exit status: 0/1 for tests, 0 for other commands, 2 for usage errors, 1
 * for any other error (one line on stderr; the stack too when REACTIVE_DEBUG
 * is set). The unit state is committed after a command succeeds, and not at
 * all when it fails.
 */
export async function run(argv: string[], io: CliIO = processIO, program = programName()): Promise<number> {
  let spec: CommandSpec | undefined;
  try {
    const fast = positionalInvocation(argv);
    let invocation: Invocation | number;
    if (fast) invocation = { ...fast, format: 'raw' };
    else invocation = await (await import('./program.js')).parseCommandLine(argv, io, program);
    if (typeof invocation === 'number') return invocation;
    spec = invocation.spec;
    return await execute(invocation, io, { program });
  } catch (error) {
    return report(error, io, program, spec);
  }
}

/**
 * Runs a command line in a hook process, for one of its external handlers
 * (see agent.ts): every command of the Python CLI, options and all, against
 * the hook's open unit state, whose changes the hook commits with its own (or
 * drops, if it fails), with the handler's directory and environment. Returns
 * undefined for the commands for people and authors, which the handler runs
 * itself (they read other stores or none).
 */
export async function runInHook(argv: string[], io: CliIO, program: string, caller: Caller): Promise<number | undefined> {
  let spec: CommandSpec | undefined;
  try {
    const fast = positionalInvocation(argv);
    if (fast && !forHandlers(fast.spec)) return undefined;
    let invocation: Invocation | number;
    if (fast) invocation = { ...fast, format: 'raw' };
    else invocation = await (await import('./program.js')).parseCommandLine(argv, io, program);
    if (typeof invocation === 'number') return invocation;
    spec = invocation.spec;
    if (!forHandlers(spec)) return undefined;
    return await execute({ ...invocation, input: { ...invocation.input, caller } }, io, { program, inHook: true });
  } catch (error) {
    return report(error, io, program, spec);
  }
}

/** Whether the hook process answers the command for a handler: all but the commands for people and authors. */
function forHandlers(spec: CommandSpec): boolean {
  return spec.group !== 'For people:' && spec.group !== 'For charm authors:';
}

async function execute({ spec, input, format }: Invocation, io: CliIO, opts: { program: string; inHook?: boolean }): Promise<number> {
  const { openUnitState, commitUnitState } = await import('./state.js');
  // In a hook (runInHook), the hook's open unit state is the process's already.
  if (!opts.inHook) {
    if (spec.state === 'write') openUnitState();
    else if (spec.state === 'inspect') openUnitState({ path: await (await import('./sim-unit.js')).inspectedStatePath(input.options), readOnly: true });
  }
  const streams = { progress: (line: string) => io.stderr(`${line}\n`), ...(format === 'raw' ? { live: io.stdout } : {}) };
  const outcome = await spec.run(opts.inHook ? input : { ...input, ...streams });
  let text = '';
  const python = spec.output === 'python';
  // Python formats '' for test and no-output commands: nothing in raw, `""` in json.
  if ('output' in outcome || (python && format !== 'raw')) {
    let value = 'output' in outcome ? outcome.output : '';
    if (isListing(value)) value = format === 'raw' ? value.toText() : value.toJSON();
    const { formatOutput } = await import('./format.js');
    text = await formatOutput(value, format, { python });
  }
  if (!opts.inHook) await commitUnitState();
  if (text) io.stdout(text);
  if (outcome.error) io.stderr(`${opts.program} ${spec.name}: ${outcome.error}\n`);
  return outcome.exitCode ?? 0;
}

/** A listing for people (listing.ts), recognised without loading its module on the fast path. */
function isListing(value: unknown): value is Listing {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[Symbol.for('@reactive/cli listing')] === true;
}

function report(error: unknown, io: CliIO, program: string, spec: CommandSpec | undefined): number {
  const where = spec ? `${program} ${spec.name}` : program;
  const code = error instanceof CliError ? error.exitCode : 1;
  let message = oneLine(error);
  if (spec && message.startsWith(`${spec.name}: `)) message = message.slice(spec.name.length + 2);
  const usage = error instanceof UsageError;
  io.stderr(`${where}: ${usage ? 'error: ' : ''}${message}\n`);
  if (usage) io.stderr(`${usageOf(program, spec)}\nRun '${where} --help' for help.\n`);
  if (process.env.REACTIVE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return code;
}
