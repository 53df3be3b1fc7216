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
  const { CharmFileError, readCharmYAML } = await import('@reactive/bus');
  let data: unknown;
  try {
    data = readCharmYAML(path);
  } catch (error) {
    throw error instanceof CharmFileError ? new CliError(error.message) : error;
  }
  if (data === undefined) throw new CliError(`cannot read ${path}: ENOENT`);
  const options = isMapping(data) && isMapping(data.options) ? data.options : {};
  const values = isMapping(options[section]) ? (options[section] as Record<string, unknown>) : {};
  const value = Object.hasOwn(values, option) ? values[option] : null;
  return typeof value === 'boolean' ? { kind: 'test', value } : { kind: 'value', value };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
