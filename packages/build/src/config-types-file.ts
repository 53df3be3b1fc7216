import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { optionTypes, renderConfigTypes } from './config-types.js';
import { loadLayer, orderLayers, splitSearchPath, stringList, type Layer } from './layers.js';
import { deepMerge, deletePath } from './merge.js';
import { parseYAML } from './yaml-file.js';
import { locator } from './yaml-locate.js';

/** The declarations file `reactive types` and `reactive build` write at a charm layer's root. */
export const CONFIG_TYPES_FILE = 'config.d.ts';

/**
 * The text of config.d.ts for a config.yaml's text (`file` names it in
 * errors): CharmConfig of @reactive/hookenv augmented with its options. An
 * unknown type or a default of the wrong type is a BuildError naming the file,
 * line and option.
 */
export function configTypes(text: string, file: string): string {
  return renderConfigTypes(optionTypes(parseYAML(text, file), locator([{ file, text }])), basename(file));
}

/** Search paths for `layer:NAME` and `interface:NAME` (default: the build's, from the environment). */
export interface SearchPaths {
  layerPath?: string[];
  interfacePath?: string[];
}

/**
 * Writes `<layerDir>/config.d.ts` from the options of the layer and of the
 * layers it includes (found as `reactive build` finds them), merged as the
 * build merges config.yaml. Returns its path; an unchanged file is left alone.
 */
export function writeConfigTypes(layerDir: string, paths: SearchPaths = {}): string {
  return writeLayersConfigTypes(layerDir, includedLayers(layerDir, paths));
}

/** {@link writeConfigTypes} for layers already found (bottom→top, the charm layer last). */
export function writeLayersConfigTypes(layerDir: string, layers: readonly Layer[]): string {
  const text = layersConfigTypes(layers);
  const path = join(layerDir, CONFIG_TYPES_FILE);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  return path;
}

/** The text of config.d.ts for layers bottom→top; errors name the config.yaml of the highest layer setting the key at fault. */
export function layersConfigTypes(layers: readonly Layer[]): string {
  const sources = layers
    .map((layer) => join(layer.dir, 'config.yaml'))
    .filter((file) => existsSync(file))
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .reverse();
  const top = join(layers.at(-1)!.dir, 'config.yaml');
  return renderConfigTypes(optionTypes(mergedConfig(layers), locator(sources, top)), layers.length > 1 ? 'the config.yaml of each layer' : 'config.yaml');
}

/** config.yaml merged bottom→top as the build merges it: each layer's `config.deletes`, then its file. */
function mergedConfig(layers: readonly Layer[]): unknown {
  let merged: unknown;
  for (const layer of layers) {
    const section = layer.config.config;
    if (merged !== undefined && section && typeof section === 'object' && 'deletes' in section) {
      const file = layer.configFile ?? join(layer.dir, 'layer.yaml');
      for (const path of stringList(section.deletes, file, 'config.deletes')) deletePath(merged, `options.${path}`);
    }
    const file = join(layer.dir, 'config.yaml');
    if (existsSync(file)) merged = deepMerge(merged, parseYAML(readFileSync(file, 'utf8'), file) ?? {});
  }
  return merged;
}

function includedLayers(layerDir: string, paths: SearchPaths): Layer[] {
  const cwd = process.cwd();
  const source = realpathSync(layerDir);
  const fromEnv = (current: string, legacy: string): string[] => [...splitSearchPath(process.env[current], cwd), ...splitSearchPath(process.env[legacy], cwd)];
  const ctx = {
    source,
    cwd,
    layerPath: paths.layerPath ?? fromEnv('CHARM_LAYERS_DIR', 'LAYER_PATH'),
    interfacePath: paths.interfacePath ?? fromEnv('CHARM_INTERFACES_DIR', 'INTERFACE_PATH'),
    log: () => undefined,
  };
  const top = loadLayer('layer', source, basename(source), '', ctx.log);
  top.url = top.name;
  return orderLayers(top, ctx).layers;
}
