// Command lines of hook tools, parsed as Juju's (gnuflag) does: `-r ID`,
// `-r=ID`, `--format json`, `--format=json`, flags and arguments in any order,
// `--` ends the flags, a lone `-` is an argument.

/** A usage error: Juju's tools exit 2 with it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the tool reports on stderr (`ERROR <message>`) with its exit code. */
export class ToolFailure extends Error {
  readonly code: number;

  constructor(message: string, code = 1) {
    super(message);
    this.name = 'ToolFailure';
    this.code = code;
  }
}

/** `-h` or `--help` among the flags: Juju's tools print their help and exit 0. */
export class HelpRequested extends Error {
  override name = 'HelpRequested';
}

/** The values Go's strconv.ParseBool accepts, which Juju's boolean flags take as `--flag=value`. */
const GO_BOOLS = new Map<string, boolean>([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((text): [string, boolean] => [text, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((text): [string, boolean] => [text, false]),
]);

/** Flag names (without dashes) to 'bool' or 'value'; `aliases` maps short names to long ones. */
export interface FlagSpec {
  flags: Record<string, 'bool' | 'value'>;
  aliases?: Record<string, string>;
}

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const given = eq === -1 ? body : body.slice(0, eq);
    const name = spec.aliases?.[given] ?? given;
    const kind = spec.flags[name];
    if (!kind && (given === 'h' || given === 'help')) throw new HelpRequested();
    if (!kind) throw new UsageError(`flag provided but not defined: ${arg.slice(0, arg.length - body.length)}${given}`);
    if (kind === 'bool') {
      if (eq !== -1) {
        const text = body.slice(eq + 1);
        const value = GO_BOOLS.get(text);
        if (value === undefined) {
          throw new UsageError(
            `invalid value "${text}" for flag ${arg.slice(0, arg.length - body.length)}${given}: strconv.ParseBool: parsing "${text}": invalid syntax`,
          );
        }
        if (value) flags.set(name, true);
        else flags.delete(name);
      } else {
        flags.set(name, true);
      }
      continue;
    }
    if (eq !== -1) {
      flags.set(name, body.slice(eq + 1));
    } else {
      if (i + 1 >= args.length) throw new UsageError(`flag needs an argument: ${arg}`);
      flags.set(name, args[++i]!);
    }
  }
  return { flags, positional };
}

/** The value of a value flag, if given. */
export function flagValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `k=v` arguments; an empty value (deletion) is `''`. */
export function keyValues(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected "key=value", got "${arg}"`);
    Object.defineProperty(out, arg.slice(0, eq), { value: arg.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
