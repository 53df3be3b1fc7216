import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { BuildError } from './errors.js';
import { isDir, realDir } from './fs-util.js';
import { isMap, type YamlMap } from './merge.js';
import { findPackage } from './packages.js';
import { LAYER_BASIC_ROOT, SELF_ROOT } from './paths.js';
import { readYAMLMap } from './yaml-file.js';

/** A layer or interface taking part in the build. */
export interface Layer {
  kind: 'layer' | 'interface';
  /** Its name: the `name` key of its layer.yaml/interface.yaml, else NAME of `layer:NAME`, else the folder name. */
  name: string;
  /** How the build refers to it: `layer:NAME`, `interface:NAME`, a path include's last two components, or the charm name for the charm itself. */
  url: string;
  /** Its folder (real path). */
  dir: string;
  /** Its layer.yaml (or interface.yaml) data, `{}` when it has none. */
  config: YamlMap;
  /** The path of that file when it exists. */
  configFile: string | undefined;
  includes: string[];
  /** Its includes as found: `layer:NAME`/`interface:NAME`, or the last two components of a path include's folder. */
  resolvedIncludes: string[];
  exclude: string[];
  ignore: string[];
  /** The npm package it was found in, if any. */
  pkg?: { name: string; version: string; dir: string };
}

export interface SearchContext {
  /** The charm layer's folder (real path). */
  source: string;
  cwd: string;
  layerPath: string[];
  interfacePath: string[];
  log: (line: string) => void;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function stringList(value: unknown, file: string, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new BuildError(`${file}: \`${key}\` must be a list of strings`);
}

/** Reads a layer's (or interface's) folder: its config file, checked for shape. */
export function loadLayer(kind: Layer['kind'], dir: string, defaultName: string, url: string, log: (line: string) => void): Layer {
  const file = join(dir, kind === 'layer' ? 'layer.yaml' : 'interface.yaml');
  const data = readYAMLMap(file);
  const config = data ?? {};
  const where = data ? file : undefined;
  let name = defaultName;
  if (config.name !== undefined) {
    if (typeof config.name !== 'string' || !NAME.test(config.name)) {
      throw new BuildError(`${file}: \`name\` must be a name of letters, digits, ".", "_" and "-", not ${JSON.stringify(config.name)}`);
    }
    name = config.name;
  }
  if (kind === 'layer') {
    if (config.options !== undefined && config.options !== null) {
      if (!isMap(config.options) || !Object.values(config.options).every((v) => v === null || isMap(v))) {
        throw new BuildError(`${file}: \`options\` must map layer names to mappings of option values`);
      }
    }
    if (config.defines !== undefined && config.defines !== null) {
      if (!isMap(config.defines) || !Object.values(config.defines).every(isMap)) {
        throw new BuildError(`${file}: \`defines\` must map option names to JSON schemas`);
      }
    }
    if (config.tactics !== undefined) log(`warning: ${file}: \`tactics\` (Python classes) are not supported by reactive build and are ignored`);
  }
  return {
    kind,
    name,
    url,
    dir: realDir(dir),
    config,
    configFile: where,
    includes: kind === 'layer' ? stringList(config.includes, file, 'includes') : [],
    resolvedIncludes: [],
    exclude: stringList(config.exclude, file, 'exclude'),
    ignore: stringList(config.ignore, file, 'ignore'),
  };
}

function packageInfo(dir: string): { name: string; version: string; dir: string } {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  return { name: pkg.name ?? basename(dir), version: pkg.version ?? '0.0.0', dir };
}

/** The last two components of a path include's folder, as charm-tools writes them into layer.yaml. */
export function normalisePathInclude(spec: string): string {
  return spec
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.')
    .slice(-2)
    .join('/');
}

function describeFrom(from: Layer): string {
  return `included by ${from.url}${from.configFile ? ` in ${from.configFile}` : ''}`;
}

/** Finds the folder of one `includes` entry of layer `from`. */
function findInclude(spec: string, from: Layer, ctx: SearchContext): Layer {
  const colon = spec.indexOf(':');
  if (colon === -1) return findPathInclude(spec, from, ctx);
  const prefix = spec.slice(0, colon);
  if (prefix !== 'layer' && prefix !== 'interface') {
    throw new BuildError(`Unknown include ${JSON.stringify(spec)} (${describeFrom(from)}): use layer:NAME, interface:NAME or a path`);
  }
  const kind = prefix;
  const [name = '', rev] = spec.slice(colon + 1).split('@');
  if (!NAME.test(name)) throw new BuildError(`Bad include ${JSON.stringify(spec)} (${describeFrom(from)}): ${JSON.stringify(name)} is not a ${kind} name`);
  if (rev !== undefined) ctx.log(`warning: ${spec} (${describeFrom(from)}): revisions are not fetched; using ${kind}:${name} as found locally`);
  const url = `${kind}:${name}`;
  const searchPath = kind === 'layer' ? ctx.layerPath : ctx.interfacePath;
  const dirs = searchPath.flatMap((base) => [join(base, name), join(base, `${kind}-${name}`)]);
  for (const dir of dirs) {
    if (isDir(dir)) {
      const layer = loadLayer(kind, dir, name, url, ctx.log);
      ctx.log(`${url}: ${layer.dir}`);
      return layer;
    }
  }
  const folder = kind === 'layer' ? 'layer' : 'interface';
  const packages = [`@reactive/${kind}-${name}`, `reactive-${kind}-${name}`];
  for (const pkgName of packages) {
    const pkgDir = pkgName === '@reactive/layer-basic' ? LAYER_BASIC_ROOT : findPackage(pkgName, [ctx.source, SELF_ROOT]);
    if (!pkgDir) continue;
    let dir = join(pkgDir, folder);
    if (!isDir(dir)) {
      if (kind === 'layer') continue;
      dir = pkgDir;
    }
    const layer = loadLayer(kind, dir, name, url, ctx.log);
    layer.pkg = packageInfo(pkgDir);
    ctx.log(`${url}: ${layer.dir} (npm package ${layer.pkg.name} ${layer.pkg.version})`);
    return layer;
  }
  const envNames = kind === 'layer' ? 'CHARM_LAYERS_DIR and LAYER_PATH are' : 'CHARM_INTERFACES_DIR and INTERFACE_PATH are';
  const looked = dirs.length > 0 ? `looked in ${dirs.join(', ')}` : `${envNames} empty`;
  throw new BuildError(
    `Cannot find ${spec} (${describeFrom(from)}): ${looked}; and no npm package ${packages.join(' or ')}` +
      ` with a ${folder}/ folder is installed in node_modules above ${ctx.source}`,
  );
}

function findPathInclude(spec: string, from: Layer, ctx: SearchContext): Layer {
  const candidates = isAbsolute(spec)
    ? [spec]
    : [...new Set([resolve(from.dir, spec), resolve(ctx.cwd, spec), ...ctx.layerPath.map((base) => resolve(base, spec))])];
  for (const dir of candidates) {
    if (isDir(dir)) {
      const layer = loadLayer('layer', dir, basename(dir), normalisePathInclude(dir), ctx.log);
      ctx.log(`${spec}: ${layer.dir}`);
      return layer;
    }
  }
  throw new BuildError(`Cannot find the layer ${spec} (${describeFrom(from)}): looked in ${candidates.join(', ')}`);
}

/**
 * The layers bottom→top (the charm last) and the interfaces, in charm-tools'
 * order (layers.md A2.4): depth-first, post-order, each layer placed where it
 * is first reached; an include cycle is an error.
 */
export function orderLayers(top: Layer, ctx: SearchContext): { layers: Layer[]; interfaces: Layer[] } {
  const layers: Layer[] = [];
  const interfaces: Layer[] = [];
  const stack: Layer[] = [];
  const visit = (layer: Layer): void => {
    stack.push(layer);
    for (const spec of layer.includes) {
      const found = findInclude(spec, layer, ctx);
      layer.resolvedIncludes.push(found.url);
      if (found.kind === 'interface') {
        if (!interfaces.some((i) => i.name === found.name)) interfaces.push(found);
        continue;
      }
      if (layers.some((l) => l.name === found.name)) continue;
      const onStack = stack.findIndex((l) => l.name === found.name || l.dir === found.dir);
      if (onStack !== -1) {
        const chain = [...stack.slice(onStack), found].map((l) => l.url).join(' -> ');
        throw new BuildError(`Include cycle: ${chain} (${spec} in ${layer.configFile ?? join(layer.dir, 'layer.yaml')})`);
      }
      visit(found);
    }
    stack.pop();
    layers.push(layer);
  };
  visit(top);
  return { layers, interfaces };
}

/** Absolute folders of a colon-separated search path. */
export function splitSearchPath(value: string | undefined, cwd: string): string[] {
  return (value ?? '')
    .split(':')
    .filter((p) => p !== '')
    .map((p) => resolve(cwd, p));
}
