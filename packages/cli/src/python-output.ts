import { isPlainObject, pythonRepr, pythonStr } from './python-repr.js';
import { CliError } from './errors.js';

/**
 * Python's `pprint.pformat(value)` (width 80) for JSON-like values: the repr
 * with dict keys sorted, and a list, tuple or dict that does not fit on its
 * line one item per line, indented as pprint does. (Long strings are not
 * split into pieces as pprint splits them.)
 */
export function pythonPformat(value: unknown, width = 80): string {
  return format(value, 0, 0, width);
}

function format(value: unknown, indent: number, allowance: number, width: number): string {
  const rep = sortedRepr(value);
  if (rep.length <= width - indent - allowance) return rep;
  if (Array.isArray(value) && value.length > 0) {
    return `[${items(value, indent + 1, (item, last) => format(item, indent + 1, last ? allowance + 1 : 1, width))}]`;
  }
  if (isRecord(value) && Object.keys(value).length > 0) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${items(entries, indent + 1, ([key, item], last) => {
      const keyRep = pythonRepr(key);
      return `${keyRep}: ${format(item, indent + 1 + keyRep.length + 2, last ? allowance + 1 : 1, width)}`;
    })}}`;
  }
  return rep;
}

/** The items one per line, as pprint's `_format_items` writes them; `each` formats an item (knowing if it is the last). */
function items<T>(list: T[], indent: number, each: (item: T, last: boolean) => string): string {
  return list.map((item, i) => each(item, i === list.length - 1)).join(`,\n${' '.repeat(indent)}`);
}

/** The repr pprint writes on one line: dict keys sorted. */
function sortedRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${pythonRepr(key)}: ${sortedRepr(value[key])}`).join(', ')}}`;
  }
  return pythonRepr(value);
}

/**
 * What Python's `csv.writer(out, dialect).writerows(value)` writes: every row
 * and every cell is iterated as Python iterates it (a string by character, a
 * dict by key), lines end with `\r\n`, cells are quoted when they hold the
 * delimiter, a quote or a line break (and a lone empty cell is `""`).
 */
export function pythonCsv(value: unknown, delimiter: string): string {
  return iterate(value, 'rows')
    .map((row) => {
      const cells = iterate(row, 'row').map((cell) => csvCell(cell, delimiter));
      return `${cells.length === 1 && cells[0] === '' ? '""' : cells.join(delimiter)}\r\n`;
    })
    .join('');
}

function iterate(value: unknown, what: 'rows' | 'row'): unknown[] {
  if (typeof value === 'string') return [...value];
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.keys(value);
  const type =
    value === null || value === undefined
      ? 'NoneType'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'int'
          : 'float'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value;
  throw new CliError(what === 'rows' ? `writerows() argument must be iterable, not ${type}` : `iterable expected, not ${type}`);
}

function csvCell(cell: unknown, delimiter: string): string {
  const text = cell === null || cell === undefined ? '' : pythonStr(cell);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);
}
