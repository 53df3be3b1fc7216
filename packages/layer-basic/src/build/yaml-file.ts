import { readFileSync } from 'node:fs';
import { parse, stringify, type Tags } from 'yaml';
import { BuildError } from './errors.js';
import { isMap, type YamlMap } from './merge.js';

// YAML 1.1, as PyYAML (charm-tools) and Juju read charm files: `yes`/`on` are
// booleans. Timestamps stay strings, so every value is plain JSON data.
const noTimestamps = (tags: Tags): Tags => tags.filter((tag) => (tag as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp');

/** The text of a YAML file parsed; malformed YAML is a BuildError naming the file, line and column. */
export function parseYAML(text: string, path: string): unknown {
  try {
    return parse(text, { version: '1.1', customTags: noTimestamps, merge: true });
  } catch (error) {
    const pos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const reason = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new BuildError(`${path}${pos ? `:${pos.line}:${pos.col}` : ''}: malformed YAML: ${reason}`);
  }
}

/**
 * A YAML file that must hold a mapping: `undefined` when the file does not
 * exist, `{}` when it is empty.
 */
export function readYAMLMap(path: string): YamlMap | undefined {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BuildError(`${path}: cannot read (${(error as Error).message})`);
  }
  const data = parseYAML(text, path);
  if (data === null || data === undefined) return {};
  if (!isMap(data)) {
    throw new BuildError(`${path}: expected a mapping at the top level, found ${Array.isArray(data) ? 'a list' : `the ${typeof data} ${JSON.stringify(data)}`}`);
  }
  return data;
}

/** A JSON file that must hold an object (package.json). */
export function readJSONMap(path: string): YamlMap {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BuildError(`${path}: malformed JSON: ${(error as Error).message}`);
  }
  if (!isMap(data)) throw new BuildError(`${path}: expected a JSON object at the top level`);
  return data;
}

/** YAML text that YAML 1.1 and 1.2 readers read alike (`"yes"` stays quoted). */
export function dumpYAML(data: unknown): string {
  return stringify(data, { version: '1.1', lineWidth: 0 });
}
