import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_TYPES_FILE, layersConfigTypes, writeLayersConfigTypes } from './config-types-file.js';
import type { Layer } from './layers.js';

/**
 * `reactive build`'s part: checks the layers' config.yaml as Juju would (an
 * unknown type, a default of the wrong type) and, in a TypeScript charm layer
 * (one with a tsconfig.json or a config.d.ts), writes config.d.ts again.
 */
export function buildConfigTypes(source: string, layers: readonly Layer[]): void {
  if (existsSync(join(source, 'tsconfig.json')) || existsSync(join(source, CONFIG_TYPES_FILE))) writeLayersConfigTypes(source, layers);
  else layersConfigTypes(layers);
}
