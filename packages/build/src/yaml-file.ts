import { readFileSync } from 'node:fs';
import { CharmFileError, parseCharmYAML } from '@reactive/bus';
import { stringify } from 'yaml';
import { BuildError } from './errors.js';
import { isMap, type YamlMap } from './merge.js';

/** The text of a YAML file parsed as Juju reads it (parseCharmYAML); malformed YAML is a BuildError naming the file, line and column. */
export function parseYAML(text: string, path: string): unknown {
  try {
    return parseCharmYAML(text, path);
  } catch (error) {
    throw error instanceof CharmFileError ? new BuildError(error.message) : error;
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
    throw new BuildError(
      `${path}: expected a mapping at the top level, found ${Array.isArray(data) ? 'a list' : `the ${typeof data} ${JSON.stringify(data)}`}`,
    );
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
