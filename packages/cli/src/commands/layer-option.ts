import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { charmDir } from '@reactive/hookenv';
import { CliError } from '../errors.js';

/** What `layer_option` prints, or the exit status for a boolean option. */
export type LayerOptionResult = { kind: 'test'; value: boolean } | { kind: 'value'; value: unknown };

/**
 * `layer_option SECTION OPTION`: an option of the built charm's layer.yaml
 * (`options.SECTION.OPTION`). A boolean answers with the exit status (0 for
 * true, 1 for false) and prints nothing; a list prints one item per line;
 * anything else prints as Python's `str()`, so a missing option prints `None`.
 */
export async function layerOptionCommand(section: string, option: string): Promise<LayerOptionResult> {
  const path = join(charmDir(), 'layer.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CliError(`${path}: malformed YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const options = isMapping(data) && isMapping(data.options) ? data.options : {};
  const values = isMapping(options[section]) ? (options[section] as Record<string, unknown>) : {};
  const value = Object.hasOwn(values, option) ? values[option] : null;
  return typeof value === 'boolean' ? { kind: 'test', value } : { kind: 'value', value };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
