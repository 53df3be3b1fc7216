import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './errors.js';
import {
  DISPATCH,
  RELATION_HOOK_SUFFIXES,
  SECRET_HOOKS,
  STANDARD_HOOKS,
  STORAGE_HOOK_SUFFIXES,
  relations,
  renderHook,
  storageNames,
  type Relation,
} from './hooks.js';
import { DEFAULT_IGNORES, compilePatterns } from './ignore.js';
import { combineLayerYaml } from './layer-yaml.js';
import { stringList, type Layer } from './layers.js';
import { deepMerge, deletePath, isMap, type YamlMap } from './merge.js';
import { walk } from './fs-util.js';
import { dumpYAML, readJSONMap, readYAMLMap } from './yaml-file.js';
import { locator, type YAMLSource } from './yaml-locate.js';
import { checkMetadata } from './metadata-check.js';
import { checkActions } from './actions-check.js';

/** One file of the built charm: copied from `source`, or `content`. */
export interface OutFile {
  source?: string;
  content?: string | Buffer;
  mode: number;
  /** The manifest's owner: a layer's url, an `npm:` package, or the charm name. */
  owner: string;
  kind: 'static' | 'dynamic';
}

/** The built charm, path (relative, with `/`) to file. */
export type Tree = Map<string, OutFile>;

interface Contribution {
  layer: Layer;
  abs: string;
  mode: number;
}

export interface Composition {
  tree: Tree;
  charmName: string;
  metadata: YamlMap;
  layerYaml: YamlMap;
  usedInterfaces: Layer[];
  /** The layers' package.json files deep-merged (`{}` when none has one). */
  packageJson: YamlMap;
  /** Each npm dependency a layer or used interface declares, with the (highest) layer that declares it. */
  dependencies: Map<string, { spec: string; layer: Layer }>;
  /** Each package a layer's or used interface's package.json lists in `devDependencies`, with that file. */
  devDependencies: Map<string, string>;
}

const YAML_SECTIONS = ['metadata', 'config', 'actions', 'dist', 'resources'] as const;
const METADATA_ORDER = ['name', 'summary', 'maintainer', 'maintainers', 'description', 'tags', 'series', 'requires', 'provides', 'peers'];
const ROLE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
/** Root files that are merged or generated rather than copied. */
const SPECIAL = new Set([...YAML_SECTIONS.map((s) => `${s}.yaml`), 'layer.yaml', 'package.json', 'copyright']);

/**
 * Which layer provides each path (layers.md A3, A5): layers bottom→top; a
 * layer's `ignore` first drops the matching paths every lower layer provided,
 * then its own files are added, less those its `exclude` matches.
 */
function planFiles(layers: Layer[]): Map<string, Contribution[]> {
  const plan = new Map<string, Contribution[]>();
  const defaults = compilePatterns(DEFAULT_IGNORES);
  for (const layer of layers) {
    if (layer.ignore.length > 0) {
      const ignore = compilePatterns(layer.ignore);
      for (const rel of [...plan.keys()]) if (ignore.matches(rel, false)) plan.delete(rel);
    }
    for (const file of walk(layer.dir, [defaults, compilePatterns(layer.exclude)])) {
      if (file.rel === 'layer.yaml') continue;
      const list = plan.get(file.rel) ?? [];
      list.push({ layer, abs: file.abs, mode: file.mode });
      plan.set(file.rel, list);
    }
  }
  return plan;
}

function sectionDeletes(layer: Layer, section: string): string[] {
  const value = layer.config[section];
  if (value === undefined || value === null) return [];
  const file = layer.configFile ?? join(layer.dir, 'layer.yaml');
  if (!isMap(value)) throw new BuildError(`${file}: \`${section}\` must be a mapping (holding \`deletes\`)`);
  return stringList(value.deletes, file, `${section}.deletes`);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

interface Merged {
  data: YamlMap;
  top: Contribution;
  /** metadata.yaml only: the lowest layer declaring each storage. */
  storageOwners: Map<string, Layer>;
}

/**
 * A root YAML file merged bottom→top (A6, A7). The `<section>.deletes` of a
 * layer's layer.yaml remove keys from what the layers below it provided,
 * before its own file is merged in; metadata.yaml concatenates `series`
 * top-down and takes `maintainer(s)` from the highest layer only.
 */
function mergeSection(section: (typeof YAML_SECTIONS)[number], layers: Layer[], contributions: Contribution[]): Merged {
  const byLayer = new Map(contributions.map((c) => [c.layer, c]));
  const storageOwners = new Map<string, Layer>();
  let acc: YamlMap | undefined;
  for (const layer of layers) {
    if (acc !== undefined) {
      for (const path of sectionDeletes(layer, section)) deletePath(acc, section === 'config' ? `options.${path}` : path);
    }
    const contribution = byLayer.get(layer);
    if (!contribution) continue;
    const data = readYAMLMap(contribution.abs) ?? {};
    if (section !== 'metadata') {
      acc = deepMerge(acc, data) as YamlMap;
      continue;
    }
    const series = [...new Set([...asList(data.series), ...asList(acc?.series)])];
    acc = deepMerge(acc, data) as YamlMap;
    delete acc.series;
    if (series.length > 0) acc.series = series;
    delete acc.maintainer;
    delete acc.maintainers;
    if (data.maintainer !== undefined) acc.maintainer = data.maintainer;
    if (data.maintainers !== undefined) acc.maintainers = data.maintainers;
    if (isMap(data.storage)) for (const name of Object.keys(data.storage)) if (!storageOwners.has(name)) storageOwners.set(name, layer);
  }
  return { data: acc ?? {}, top: contributions.at(-1)!, storageOwners };
}

/** The layers' copies of a YAML file, highest first, for error lines. */
function yamlSources(contributions: Contribution[]): YAMLSource[] {
  return contributions.map((c) => ({ file: c.abs, text: readFileSync(c.abs, 'utf8') })).reverse();
}

function orderMetadata(data: YamlMap): YamlMap {
  const out: YamlMap = {};
  for (const key of METADATA_ORDER) if (Object.hasOwn(data, key)) out[key] = data[key];
  for (const key of Object.keys(data).sort()) if (!Object.hasOwn(out, key)) out[key] = data[key];
  return out;
}

const CHARM_NAME = /^[a-z][a-z0-9-]*$/;

/** Everything the layers and interfaces make, except the vendored packages, package.json, `version` and the manifest. */
export function compose(layers: Layer[], interfaces: Layer[], log: (line: string) => void, forPack = false): Composition {
  const top = layers.at(-1)!;
  const plan = planFiles(layers);
  const tree: Tree = new Map();

  // metadata.yaml, and the charm's name.
  const metaContributions = plan.get('metadata.yaml') ?? [];
  const topMetaFile = join(top.dir, 'metadata.yaml');
  if (metaContributions.length === 0) {
    throw new BuildError(`${topMetaFile} is missing, and no other layer provides a metadata.yaml: a charm needs one, with at least its name`);
  }
  const meta = mergeSection('metadata', layers, metaContributions);
  const metadata = orderMetadata(meta.data);
  const metaFile = meta.top.abs;
  if (metadata.name === undefined || metadata.name === null) {
    throw new BuildError(
      meta.top.layer === top
        ? `${metaFile}: \`name\` is missing (the charm's name)`
        : `${topMetaFile} is missing: the charm layer needs a metadata.yaml with at least the charm's name`,
    );
  }
  if (typeof metadata.name !== 'string' || !CHARM_NAME.test(metadata.name)) {
    throw new BuildError(
      `${metaFile}: the charm name ${JSON.stringify(metadata.name)} must start with a lowercase letter and hold only lowercase letters, digits and "-"`,
    );
  }
  const charmName = metadata.name;
  checkMetadata(metadata, locator(yamlSources(metaContributions)), forPack);
  tree.set('metadata.yaml', { content: dumpYAML(metadata), mode: 0o644, owner: meta.top.layer.url, kind: 'dynamic' });

  // config.yaml, actions.yaml, dist.yaml, resources.yaml.
  for (const section of YAML_SECTIONS) {
    if (section === 'metadata') continue;
    const contributions = plan.get(`${section}.yaml`) ?? [];
    if (contributions.length === 0) continue;
    const merged = mergeSection(section, layers, contributions);
    if (section === 'actions') checkActions(merged.data, charmName, locator(yamlSources(contributions)), forPack);
    tree.set(`${section}.yaml`, { content: dumpYAML(merged.data), mode: 0o644, owner: merged.top.layer.url, kind: 'dynamic' });
  }

  // layer.yaml, with the options validated and their defaults.
  const layerYaml = combineLayerYaml(layers, charmName);
  tree.set('layer.yaml', { content: dumpYAML(layerYaml), mode: 0o644, owner: top.url, kind: 'dynamic' });

  // package.json: merged later with the vendored packages.
  let packageJson: YamlMap = {};
  const dependencies = new Map<string, { spec: string; layer: Layer }>();
  const devDependencies = new Map<string, string>();
  const addDependencies = (data: YamlMap, layer: Layer, file: string): void => {
    if (isMap(data.devDependencies)) for (const name of Object.keys(data.devDependencies)) devDependencies.set(name, file);
    if (data.dependencies === undefined) return;
    if (!isMap(data.dependencies) || !Object.values(data.dependencies).every((v) => typeof v === 'string')) {
      throw new BuildError(`${file}: \`dependencies\` must map package names to version ranges`);
    }
    for (const [name, spec] of Object.entries(data.dependencies)) dependencies.set(name, { spec: spec as string, layer });
  };
  for (const c of plan.get('package.json') ?? []) {
    const data = readJSONMap(c.abs);
    addDependencies(data, c.layer, c.abs);
    packageJson = deepMerge(packageJson, data) as YamlMap;
  }

  // copyright: the highest layer's, and each lower one's beside it.
  const copyrights = plan.get('copyright') ?? [];
  copyrights.forEach((c, i) => {
    const rel = i === copyrights.length - 1 ? 'copyright' : `copyright.${c.layer.kind}-${c.layer.name}`;
    tree.set(rel, { source: c.abs, mode: c.mode, owner: c.layer.url, kind: 'static' });
  });

  // Every other file: the highest layer's copy.
  for (const [rel, contributions] of plan) {
    if (SPECIAL.has(rel) || contributions.length === 0) continue;
    const c = contributions.at(-1)!;
    tree.set(rel, { source: c.abs, mode: c.mode, owner: c.layer.url, kind: 'static' });
  }

  // Hooks from the template (A8), where no layer ships the file.
  const template = tree.get('hooks/hook.template');
  if (!template?.source) {
    throw new BuildError(`No layer provides hooks/hook.template: include layer:basic (in ${top.configFile ?? join(top.dir, 'layer.yaml')})`);
  }
  const templateText = readFileSync(template.source, 'utf8');
  // `name` is what charm-tools formats into the template: the hook's, relation's or storage's name.
  const generate = (hook: string, owner: string, name = hook): void => {
    const rel = `hooks/${hook}`;
    if (!tree.has(rel)) tree.set(rel, { content: renderHook(templateText, hook, name), mode: 0o755, owner, kind: 'dynamic' });
  };
  for (const hook of [...STANDARD_HOOKS, ...SECRET_HOOKS]) generate(hook, template.owner);
  const rels = relations(metadata, metaFile);
  for (const rel of rels) for (const suffix of RELATION_HOOK_SUFFIXES) generate(`${rel.name}-${suffix}`, template.owner, rel.name);
  for (const name of storageNames(metadata, metaFile)) {
    const owner = meta.storageOwners.get(name)?.url ?? template.owner;
    for (const suffix of STORAGE_HOOK_SUFFIXES) generate(`${name}-${suffix}`, owner, name);
  }
  if (!tree.has('dispatch')) tree.set('dispatch', { content: DISPATCH, mode: 0o755, owner: top.url, kind: 'dynamic' });

  // Interfaces (A9), after the layers' files: they win at the same path.
  const usedInterfaces = placeInterfaces(interfaces, rels, top, tree, log);
  for (const iface of usedInterfaces) {
    const pkgFile = join(iface.dir, 'package.json');
    const file = tree.get(`hooks/relations/${iface.name}/package.json`);
    if (file) addDependencies(readJSONMap(pkgFile), iface, pkgFile);
  }

  return { tree, charmName, metadata, layerYaml, usedInterfaces, packageJson, dependencies, devDependencies };
}

function placeInterfaces(interfaces: Layer[], rels: Relation[], top: Layer, tree: Tree, log: (line: string) => void): Layer[] {
  const used: Layer[] = [];
  const defaults = compilePatterns(DEFAULT_IGNORES);
  const topPatterns = compilePatterns([...top.exclude, ...top.ignore]);
  for (const iface of interfaces) {
    const users = rels.filter((r) => r.interface === iface.name);
    if (users.length === 0) {
      log(`warning: ${iface.url} is included but no relation in metadata.yaml uses interface ${iface.name}: skipped`);
      continue;
    }
    const files = walk(iface.dir, [defaults, compilePatterns([...iface.exclude, ...iface.ignore]), topPatterns]);
    for (const relation of users) {
      const role = relation.role;
      if (files.some((f) => ROLE_EXTENSIONS.some((ext) => f.rel === `${role}${ext}`))) continue;
      if (files.some((f) => f.rel === `${role}.py`)) {
        // A layer written for the Python library: carried as it is, so it can be ported role by role.
        log(
          `warning: ${iface.url} implements ${role} only in Python (${role}.py): endpoint ${relation.name} will have no Endpoint until it has ${role}.js or ${role}.ts`,
        );
        continue;
      }
      throw new BuildError(
        `Missing implementation for interface role: relation "${relation.name}" ${role} interface ${iface.name}, ` +
          `but ${iface.url} (${iface.dir}) has no ${role}.js, ${role}.ts, ${role}.mjs, ${role}.mts, ${role}.cjs or ${role}.cts`,
      );
    }
    for (const f of files) {
      tree.set(`hooks/relations/${iface.name}/${f.rel}`, { source: f.abs, mode: f.mode, owner: iface.url, kind: 'static' });
    }
    used.push(iface);
  }
  return used;
}
