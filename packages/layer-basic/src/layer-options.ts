import { join } from 'node:path';
import { charmDir } from '@reactive/hookenv';
import { CharmFileError, readCharmYAML } from '@reactive/bus';

type Options = Record<string, Record<string, unknown>>;

/**
 * The options of the built charm's layer.yaml: all of them, one layer's
 * (`{}` when it has none), or one option (`null` when unset). The build fills
 * in every default its layers define.
 */
export function layerOption(): Options;
export function layerOption(layer: string): Record<string, unknown>;
export function layerOption(layer: string, option: string): unknown;
export function layerOption(layer?: string, option?: string): unknown {
  const path = join(charmDir(), 'layer.yaml');
  const data = readCharmYAML(path);
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    throw new CharmFileError(`${path}: expected a mapping at the top level`);
  }
  const options = ((data as { options?: Options } | undefined)?.options ?? {}) as Options;
  if (layer === undefined) return options;
  const section = options[layer] ?? {};
  if (option === undefined) return section;
  return Object.hasOwn(section, option) ? section[option] : null;
}
