import { parse } from 'yaml';
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
