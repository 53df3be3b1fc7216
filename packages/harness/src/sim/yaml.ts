import { isMap, isScalar, parse, parseDocument } from 'yaml';
import { readCharmYAML } from '@reactive/bus';

// YAML in and out. Charm files are read with @reactive/bus's readCharmYAML
// (YAML 1.1 as Juju reads them; the parsed form kept in `.reactive-cache/`
// beside the file); model specs and tool input are YAML 1.2; output
// is written by a small emitter of plain data, as Juju's tools print it.

/** A YAML file, parsed; `undefined` when it does not exist. Errors name the file (and line). */
export function readYAMLFile(path: string): unknown {
  return readCharmYAML(path);
}

/** YAML (or JSON) text, parsed; errors name `source` (and the line). */
export function parseYAMLText(text: string, source: string): unknown {
  try {
    return parse(text) ?? null;
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new Error(`${source}${line ? `:${line}` : ''}: malformed YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * A YAML map read as Juju reads relation-set's --file (into Go's
 * `map[string]string` with yaml.v2): each key and value keeps its text as
 * written (`08544`, `1e3`, `yes` stay strings), a null value is `''`. Throws for
 * malformed YAML, a document that is not a map, or a value that is not a
 * scalar, naming `source` (and the line).
 */
export function parseStringMap(text: string, source: string): Record<string, string> {
  const doc = parseDocument(text, { version: '1.1', prettyErrors: true });
  const [error] = doc.errors;
  if (error) throw new Error(`${source}:${error.linePos?.[0]?.line ?? 1}: malformed YAML: ${error.message.split('\n')[0]}`);
  const out: Record<string, string> = {};
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return out;
  if (!isMap(doc.contents)) throw new Error('expected a YAML map of settings');
  for (const { key, value } of doc.contents.items) {
    if (!isScalar(key)) throw new Error(`${source}: a key that is not a scalar`);
    const name = String(key.source ?? key.value);
    if (value !== null && !isScalar(value)) {
      throw new Error(`${source}:${lineOf(text, value.range?.[0])}: the value of "${name}" is not a string (a ${isMap(value) ? 'map' : 'sequence'})`);
    }
    const textValue = value === null || value.value === null ? '' : String(value.source ?? value.value);
    Object.defineProperty(out, name, { value: textValue, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function lineOf(text: string, offset = 0): number {
  return text.slice(0, offset).split('\n').length;
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+-]*$/;
const KEYWORDS = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return PLAIN.test(value) && !KEYWORDS.test(value) ? value : JSON.stringify(value);
  return String(value);
}

/** Plain data as YAML (block style; strings quoted as JSON where needed). Ends with a newline unless empty. */
export function toYAML(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}[]\n`;
    return value
      .map((item) => {
        if (item !== null && typeof item === 'object' && Object.keys(item).length > 0) {
          const nested = toYAML(item, `${indent}  `);
          return `${indent}- ${nested.slice(indent.length + 2)}`;
        }
        return `${indent}- ${inline(item)}\n`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return `${indent}{}\n`;
    return entries
      .map(([key, item]) => {
        if (item !== null && typeof item === 'object' && Object.keys(item).length > 0) {
          return `${indent}${scalar(key)}:\n${toYAML(item, `${indent}  `)}`;
        }
        return `${indent}${scalar(key)}: ${inline(item)}\n`;
      })
      .join('');
  }
  return `${indent}${scalar(value)}\n`;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return scalar(value);
}
