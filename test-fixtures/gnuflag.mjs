// A hook tool's command line parsed as Juju's tools parse it: juju/cmd's Main
// with juju/gnuflag, flags interspersed with arguments. `--` ends the flags; a
// lone `-` or an empty string is an argument; `-abc` is the one-letter flags
// a, b and c (a value flag takes the rest of the cluster, or the next
// argument); an undefined `-h` or `--help` prints the help and exits 0; any
// other undefined flag is an error (exit 2).
import { writeFileSync } from 'node:fs';

/**
 * @param {string[]} args
 * @param {Record<string, 'bool' | 'value'>} flags names without dashes
 * @returns {{ operands: string[] } | { help: true } | { error: string }}
 */
export function parseGnuflag(args, flags) {
  const operands = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return { operands: [...operands, ...args.slice(i + 1)] };
    if (arg === '-' || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const names = long ? [arg.slice(2).split('=')[0]] : [...arg.slice(1)];
    for (let n = 0; n < names.length; n++) {
      const name = names[n];
      const kind = flags[name];
      if (!kind) return name === 'h' || name === 'help' ? { help: true } : { error: `flag provided but not defined: ${name.length > 1 ? '--' : '-'}${name}` };
      if (kind === 'bool') continue;
      const inline = long ? (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined) : names.slice(n + 1).join('') || undefined;
      if (inline === undefined && i + 1 >= args.length) return { error: `flag needs an argument: ${long ? '--' : '-'}${name}` };
      if (inline === undefined) i++;
      break;
    }
  }
  return { operands };
}

/** As a program: `gnuflag.mjs FLAGS_JSON RECORD ARGS...` writes the operands to RECORD.operands; exit 10 for help. */
if (process.argv[1] === import.meta.filename) {
  const [flagsJSON, record, ...args] = process.argv.slice(2);
  const parsed = parseGnuflag(args, JSON.parse(flagsJSON));
  if ('help' in parsed) {
    process.stdout.write("Usage: (the tool's help)\n");
    process.exit(10);
  }
  if ('error' in parsed) {
    process.stderr.write(`ERROR ${parsed.error}\n`);
    process.exit(2);
  }
  writeFileSync(`${record}.operands`, JSON.stringify(parsed.operands));
}
