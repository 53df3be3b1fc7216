// What a hook tool printed with --format=json, read strictly. Juju always
// prints JSON there (`null` for nothing), so output that is not JSON, or JSON
// of another kind than the tool prints, is a broken tool or agent: an error
// naming the tool, never "no data" a hook would commit flags on.
import { HookToolError } from './hook-tools.js';

/** What a tool prints: any JSON, or JSON of one kind (`null` passes, except for `boolean`). */
export type OutputKind = 'any' | 'object' | 'strings' | 'string' | 'boolean';

const KIND_NAMES: Record<Exclude<OutputKind, 'any'>, string> = {
  object: 'an object',
  strings: 'a list of strings',
  string: 'a string',
  boolean: 'true or false',
};

/** The value `tool` printed; `null` for no output at all. */
export function readToolJSON<T>(tool: string, args: string[], stdout: string, kind: OutputKind): T | null {
  if (stdout.trim() === '' && kind !== 'boolean') return null;
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw outputError(tool, args, 'something that is not JSON', stdout);
  }
  if (kind !== 'any' && !isKind(value, kind)) throw outputError(tool, args, `JSON that is not ${KIND_NAMES[kind]}`, stdout);
  return value as T;
}

function isKind(value: unknown, kind: Exclude<OutputKind, 'any'>): boolean {
  if (kind === 'boolean') return typeof value === 'boolean';
  if (value === null) return true;
  if (kind === 'object') return typeof value === 'object' && !Array.isArray(value);
  if (kind === 'string') return typeof value === 'string';
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** One line: `TOOL printed WHAT: "<the first 80 characters, escaped>"`. */
function outputError(tool: string, args: string[], what: string, stdout: string): HookToolError {
  const error = new HookToolError(tool, args, 0, '');
  // Set before anything reads the stack, which V8 formats with the message on first read.
  error.message = `${tool} printed ${what}: ${preview(stdout)}`;
  return error;
}

/** `text` cut to 80 characters, quoted, every control character escaped (C1 and line separators too). */
function preview(text: string): string {
  const characters = Array.from(text);
  const head = characters.length > 80 ? `${characters.slice(0, 80).join('')}…` : text;
  return JSON.stringify(head).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
