import { CliError, UsageError } from './errors.js';
import { pythonJSON } from '@reactive/hookenv';
import { pythonCsv, pythonPformat } from './python-output.js';
import { isPlainObject, pythonRepr, pythonStr } from './python-repr.js';

/** The output formats of the Python CLI (charm-helpers' OutputFormatter). */
export const FORMATS = ['raw', 'json', 'py', 'yaml', 'csv', 'tab'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/**
 * The text a command's result prints as. For the commands of the Python CLI
 * (`python`), exactly what charm-helpers' OutputFormatter writes:
 *
 * - raw: a list one item per line, anything else as Python's `str()` (`None`,
 *   `True`, `{'a': 1}`), with no newline at the end;
 * - json: `json.dump` (`["a", "b"]`, non-ASCII escaped), no newline at the end;
 * - py: `pprint` (dict keys sorted, long lists one item per line);
 * - yaml: YAML, mapping keys sorted;
 * - csv / tab: Python's csv writer (`\r\n`, every row iterated as Python does).
 *
 * The commands for people end every non-empty output with a newline, and
 * csv/tab rows are a list of lists, a list one value per row, or a mapping
 * as key/value rows.
 */
export async function formatOutput(value: unknown, format: Format, opts: { python?: boolean } = {}): Promise<string> {
  const python = opts.python ?? true;
  if (format !== 'raw' && format !== 'py') value = plainData(value, format);
  switch (format) {
    case 'raw': {
      const text = Array.isArray(value) ? value.map(pythonStr).join('\n') : pythonStr(value);
      return python ? text : withNewline(text);
    }
    case 'json':
      return python ? pythonJSON(value, { sortKeys: false }) : `${JSON.stringify(value)}\n`;
    case 'py':
      return `${python ? pythonPformat(value) : pythonRepr(value)}\n`;
    case 'yaml': {
      const { stringify } = await import('yaml');
      return stringify(value ?? null, { sortMapEntries: python });
    }
    case 'csv':
      return python ? pythonCsv(value, ',') : delimited(value, ',');
    case 'tab':
      return python ? pythonCsv(value, '\t') : delimited(value, '\t');
  }
}

/** The value as JSON data (what toJSON gives for objects that have it), or an error for what cannot be (cycles, BigInt). */
function plainData(value: unknown, format: Format): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
  } catch (error) {
    throw new CliError(`cannot print the result as ${format}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function rowsOf(value: unknown): unknown[][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((item) => (Array.isArray(item) ? item : isRecord(item) ? Object.values(item) : [item]));
  if (isRecord(value)) return Object.entries(value);
  return [[value]];
}

function delimited(value: unknown, delimiter: string): string {
  return rowsOf(value)
    .map((row) => row.map((cell) => csvCell(cell, delimiter)).join(delimiter) + '\n')
    .join('');
}

function csvCell(cell: unknown, delimiter: string): string {
  const text = cell === null || cell === undefined ? '' : typeof cell === 'object' ? JSON.stringify(cell) : pythonStr(cell);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);
}

/** The format chosen by `--format FMT` and the `-r -j -p -y -c -t` switches: at most one. */
export function chosenFormat(options: Record<string, unknown>): Format | undefined {
  const chosen = new Set<Format>();
  if (typeof options.format === 'string') {
    if (!isFormat(options.format)) throw new UsageError(`--format: invalid choice '${options.format}' (choose from ${FORMATS.join(', ')})`);
    chosen.add(options.format);
  }
  for (const format of FORMATS) if (options[format] === true) chosen.add(format);
  if (chosen.size > 1) throw new UsageError(`choose one output format, not ${[...chosen].join(' and ')}`);
  return chosen.values().next().value;
}
