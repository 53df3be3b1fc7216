import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { chosenFormat, FORMATS } from './format.js';
import { COMMANDS, usageOf, type CommandSpec, type Input } from './registry.js';
import type { CliIO, Invocation } from './run.js';

const FORMAT_SWITCHES: Array<[string, string]> = [
  ['-r, --raw', 'raw output (default): lists one item per line, other values as Python prints them'],
  ['-j, --json', 'JSON output'],
  ['-p, --py', 'Python repr output'],
  ['-y, --yaml', 'YAML output'],
  ['-c, --csv', 'CSV output (rows)'],
  ['-t, --tab', 'tab-separated output (rows)'],
];

/**
 * The output format options; on subcommands they are accepted (after the
 * command too) but not listed. A command with a `--format` of its own
 * (`graph --format dot|mermaid`) keeps the switches only.
 */
function addFormatOptions(command: Command, hidden = false, withFormat = true): Command {
  const format = new Option('--format <fmt>', 'output format').choices(FORMATS);
  if (withFormat) command.addOption(hidden ? format.hideHelp() : format);
  for (const [flags, description] of FORMAT_SWITCHES) {
    const option = new Option(flags, description);
    command.addOption(hidden ? option.hideHelp() : option);
  }
  return command;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * Parses a command line with commander (the slow path: options, help, usage
 * errors). Returns the invocation, or the exit status when commander answered
 * by itself (help and version: 0; a usage error: 2, message and usage on stderr).
 */
export async function parseCommandLine(argv: string[], io: CliIO, name: string): Promise<Invocation | number> {
  let parsed: { spec: CommandSpec; input: Input; options: Record<string, unknown> } | undefined;
  /** The subcommand whose parsing failed, if it was one (commander reports errors on the command at fault). */
  let failing: CommandSpec | undefined;
  if (argv.length === 0) {
    io.stderr(`${name}: error: a command is required\n${usageOf(name)}\nRun '${name} --help' for help.\n`);
    return 2;
  }
  const program = new Command(name);
  program
    .description('The charms.reactive command line: flags, handler tests, templates and relations, for hooks and handlers in any language.')
    .usage('[options] COMMAND [args...]')
    .version(version(), '-V, --version', 'print the version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: () => undefined,
    })
    .helpCommand('help [command]', 'show the help of a command');
  addFormatOptions(program);

  for (const spec of COMMANDS) {
    const sub = program.command(spec.name).description(spec.summary).helpGroup(spec.group);
    for (const arg of spec.args) {
      sub.argument(arg.variadic ? `[${arg.name}...]` : arg.optional ? `[${arg.name}]` : `<${arg.name}>`, arg.description);
    }
    for (const option of spec.options) sub.option(option.flags, option.description);
    addFormatOptions(sub, true, !ownsFormat(spec));
    sub.addHelpText('after', '\nOutput format: --format FMT or -r/-j/-p/-y/-c/-t, before or after the command.');
    sub.configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: () => {
        failing = spec;
      },
    });
    sub.action((...params: unknown[]) => {
      const input: Input = { args: {}, options: {} };
      spec.args.forEach((arg, index) => {
        input.args[arg.name] = params[index] as string | string[] | undefined;
      });
      const local = sub.opts<Record<string, unknown>>();
      for (const option of spec.options) {
        const key = /--([\w-]+)/.exec(option.flags)![1]!;
        // commander keys a dashed option (--remove-relation) in camelCase.
        const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
        // commander keys --no-retry as `retry: false`.
        const negated = key.startsWith('no-') && local[camel(key.slice(3))] === false;
        const value = negated || (local[key] ?? local[camel(key)]);
        if (typeof value === 'string') input.options[key] = value;
        else if (value === true) input.options[key] = 'true';
        else if (Array.isArray(value)) input.options[key] = value.join('\n');
      }
      const { format: _own, ...switches } = local;
      parsed = { spec, input, options: ownsFormat(spec) ? switches : local };
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    const message = error.code === 'commander.help' ? 'a command is required' : error.message.replace(/^error:\s*/, '');
    return usageError(io, name, failing, message);
  }
  if (!parsed) {
    io.stderr(`${name}: error: a command is required\n${usageOf(name)}\n`);
    return 2;
  }
  const { spec, input, options } = parsed;
  try {
    return { spec, input, format: chosenFormat({ ...program.opts(), ...prefixed(options) }) ?? 'raw' };
  } catch (error) {
    return usageError(io, name, spec, (error as Error).message);
  }
}

function ownsFormat(spec: CommandSpec): boolean {
  return spec.options.some((option) => /(^|\s)--format\b/.test(option.flags));
}

/** A subcommand's format options, merged with the program's so that a conflict between the two shows. */
function prefixed(options: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'format' && typeof value === 'string') merged[value] = true;
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

function usageError(io: CliIO, name: string, spec: CommandSpec | undefined, message: string): number {
  const command = spec ? `${name} ${spec.name}` : name;
  io.stderr(`${command}: error: ${message}\n${usageOf(name, spec)}\nRun '${command} --help' for help.\n`);
  return 2;
}
