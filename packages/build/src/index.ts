import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compose, type Tree } from './compose.js';
import { BuildError } from './errors.js';
import { isDir, isInside } from './fs-util.js';
import { loadLayer, orderLayers, splitSearchPath, type Layer } from './layers.js';
import { findPackage } from './packages.js';
import { checkOldBuild, MANIFEST, writeBuild, type Manifest } from './manifest.js';
import { isMap, type YamlMap } from './merge.js';
import { SELF_ROOT } from './paths.js';
import { externalHandlers, handlerFileWarnings } from './external-handlers.js';
import { compileTypeScript } from './typescript.js';
import { checkJavaScriptImports } from './javascript-imports.js';
import { checkRenderImports } from './render-imports.js';

import { vendor, type RootDependency } from './vendor.js';
import { dumpYAML, parseYAML, readJSONMap, readYAMLMap } from './yaml-file.js';
import { buildConfigTypes } from './build-config-types.js';

/** The package of the charms.reactive CLI and its bash helper. */
const CLI_PACKAGE = '@reactive/cli';

export { BuildError } from './errors.js';
export { CONFIG_TYPES_FILE, configTypes, writeConfigTypes, type SearchPaths } from './config-types-file.js';
export { HOOK_PLACEHOLDER, SECRET_HOOKS, STANDARD_HOOKS, DISPATCH } from './hooks.js';
export { DEFAULT_IGNORES, compilePatterns, type Matcher } from './ignore.js';
export { deepMerge } from './merge.js';
export { validateWithDefaults, type SchemaIssue } from './schema.js';
export { MANIFEST } from './manifest.js';
export { create } from './create.js';
export { pack, type PackOptions, type PackResult } from './pack.js';
export { keptOnUnit } from './runtime-files.js';

export interface BuildOptions {
  /** The charm layer's folder. */
  source: string;
  /**
   * The folder the built charm is written to (it becomes the charm's root:
   * `<output>/hooks/install`, ...). Default: `$CHARM_BUILD_DIR/<charm name>`
   * when CHARM_BUILD_DIR is set, else `<source>/../build/<charm name>`.
   */
  output?: string;
  /** Replace an output folder that was changed since the last build, or that no build made. */
  force?: boolean;
  /** Folders searched for `layer:NAME` (default: charm-tools' $CHARM_LAYERS_DIR, then $LAYER_PATH, colon-separated). */
  layerPath?: string[];
  /** Folders searched for `interface:NAME` (default: $CHARM_INTERFACES_DIR, then $INTERFACE_PATH). */
  interfacePath?: string[];
  /** The built charm's name, for its default output folder (charm-tools' `-n/--name`; default: metadata.yaml's). */
  name?: string;
  /** Receives progress and warning lines (warnings start with `warning: `). */
  log?: (line: string) => void;
  /**
   * Copy the npm packages into the charm's node_modules/ (default). Without,
   * the charm uses whatever node_modules its folder resolves to: the Harness
   * builds that way, so the charm and the test share one copy of the packages.
   */
  vendor?: boolean;
  /**
   * The architecture the charm runs on, as Debian names it (default this
   * machine's): native modules are vendored for it only.
   */
  arch?: string;
  /**
   * charmcraft's manifest.yaml to add (`reactive pack` does): the charm's
   * bases then describe where it runs, and metadata.yaml loses `series`,
   * which Juju reads only when there is no manifest and which would make
   * the charm format v1 (rejected beside manifest bases by Juju 2.9's first
   * releases, gone from Juju 4's metadata).
   */
  manifest?: Record<string, unknown>;
  /**
   * The source maps of compiled TypeScript name the layers' files (as their
   * `sourceRoot`), so that stack frames of a charm run where it was built
   * (the Harness, the simulator) point at the files the author edits. Handler
   * ids are the same either way (`reactive/x.ts:LINE:name`).
   */
  mapsToLayers?: boolean;
}

export interface BuildResult {
  /** The built charm's folder (absolute). */
  output: string;
  /** The layers' names, bottom→top (the charm last). */
  layers: string[];
  /** The interfaces placed in hooks/relations/ (included ones no relation uses are skipped). */
  interfaces: string[];
  /** Every file of the built charm outside node_modules/, relative, sorted (the manifest included). */
  files: string[];
  /** The vendored npm packages, `name@version`, sorted. */
  packages: string[];
}

/** `path` with its existing part resolved through symlinks. */
function realish(path: string): string {
  const rest: string[] = [];
  let p = path;
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    rest.unshift(basename(p));
    p = parent;
  }
  return join(realpathSync(p), ...rest);
}

function gitVersion(dir: string): string | undefined {
  try {
    const out = execFileSync('git', ['describe', '--dirty', '--always'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, encoding: 'utf8' });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function manifestEntry(layer: Layer): Record<string, string> {
  const entry: Record<string, string> = { url: layer.url, path: layer.dir };
  if (layer.pkg) entry.package = `${layer.pkg.name}@${layer.pkg.version}`;
  return entry;
}

/**
 * `reactive build`: composes the charm layer at `source` with the layers and
 * interfaces it includes into a deployable charm (layers.md A), with the npm
 * packages its JavaScript needs copied into its node_modules/. Either the
 * whole charm is written, or (on a BuildError) nothing is.
 */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? (() => undefined);
  const cwd = process.cwd();
  const given = resolve(cwd, opts.source);
  if (!existsSync(given)) throw new BuildError(`The charm layer ${given} does not exist`);
  if (!isDir(given)) throw new BuildError(`The charm layer ${given} is not a folder`);
  const source = realpathSync(given);
  const ctx = {
    source,
    cwd,
    layerPath: opts.layerPath ? opts.layerPath.map((p) => resolve(cwd, p)) : envSearchPath('CHARM_LAYERS_DIR', 'LAYER_PATH', cwd),
    interfacePath: opts.interfacePath ? opts.interfacePath.map((p) => resolve(cwd, p)) : envSearchPath('CHARM_INTERFACES_DIR', 'INTERFACE_PATH', cwd),
    log,
  };

  // The charm layer, named after its metadata.yaml (A2.1), and everything it includes.
  const topMeta = readYAMLMap(join(source, 'metadata.yaml'));
  const metaName = typeof topMeta?.name === 'string' ? topMeta.name : undefined;
  const top = loadLayer('layer', source, metaName ?? basename(given), '', log);
  top.url = metaName ?? top.name;
  const { layers, interfaces } = orderLayers(top, ctx);
  log(`layers: ${layers.map((l) => l.name).join(', ')}${interfaces.length ? `; interfaces: ${interfaces.map((i) => i.name).join(', ')}` : ''}`);
  if (!Object.hasOwn(top.config, 'repo'))
    log(`warning: please add a \`repo\` key to ${top.configFile ?? join(source, 'layer.yaml')}: the URL of the charm's source`);

  // A charm being packed (with a manifest) is what Juju deploys: what only deploying needs is checked there too.
  const composition = compose(layers, interfaces, log, opts.manifest !== undefined);
  const { tree, layerYaml } = composition;
  buildConfigTypes(source, layers);
  if (opts.manifest) addManifest(tree, opts.manifest, top.url);
  const charmName = opts.name ?? composition.charmName;
  if (opts.name !== undefined && !/^[a-z][a-z0-9-]*$/.test(opts.name))
    throw new BuildError(`--name ${JSON.stringify(opts.name)}: a charm name is lower-case letters, digits and dashes, starting with a letter`);

  // Where it goes.
  const outGiven = opts.output
    ? resolve(cwd, opts.output)
    : process.env.CHARM_BUILD_DIR
      ? join(resolve(cwd, process.env.CHARM_BUILD_DIR), charmName)
      : join(dirname(given), 'build', charmName);
  const out = realish(outGiven);
  for (const layer of [...layers, ...interfaces]) {
    if (isInside(out, layer.dir)) {
      throw new BuildError(`The output folder ${out} is inside the ${layer.url} layer (${layer.dir}): build into a folder outside every layer`);
    }
    if (isInside(layer.dir, out)) {
      throw new BuildError(`The output folder ${out} contains the ${layer.url} layer (${layer.dir}), which the build would delete: build into another folder`);
    }
  }

  // The Node.js version the charm needs, for the hook stub (layer:basic).
  const basic = isMap(layerYaml.options) && isMap((layerYaml.options as YamlMap).basic) ? ((layerYaml.options as YamlMap).basic as YamlMap) : undefined;
  if (basic?.node_major !== undefined) tree.set('.node-major', { content: `${basic.node_major}\n`, mode: 0o644, owner: top.url, kind: 'dynamic' });
  if (basic?.node_snap_channel !== undefined)
    tree.set('.node-channel', { content: `${basic.node_snap_channel}\n`, mode: 0o644, owner: top.url, kind: 'dynamic' });

  // version (A11.4): git describe of the charm's source, else its own version file.
  const version = gitVersion(source);
  if (version) tree.set('version', { content: `${version}\n`, mode: 0o644, owner: top.url, kind: 'dynamic' });

  // npm packages: vendored into node_modules/, and the charm's package.json.
  const { packageJson, dependencies } = composition;
  const roots: RootDependency[] = [];
  const rootSpecs: Record<string, string> = {};
  for (const layer of [...layers, ...composition.usedInterfaces].reverse()) {
    if (!layer.pkg || rootSpecs[layer.pkg.name]) continue;
    rootSpecs[layer.pkg.name] = layer.pkg.version;
    roots.push({ name: layer.pkg.name, spec: layer.pkg.version, from: [], declaredBy: layer.url, dir: layer.pkg.dir });
  }
  for (const [name, { spec, layer }] of dependencies) {
    if (rootSpecs[name]) continue;
    rootSpecs[name] = spec;
    roots.push({ name, spec, from: [...new Set([layer.dir, source, SELF_ROOT])], declaredBy: `${layer.url} (${join(layer.dir, 'package.json')})` });
  }
  for (const warning of handlerFileWarnings(tree)) log(`warning: ${warning}`);
  // Bash (and other external) handlers call charms.reactive: the CLI goes with the charm.
  const handlers = externalHandlers(tree);
  if (handlers.length > 0 && !rootSpecs[CLI_PACKAGE]) {
    const dir = findPackage(CLI_PACKAGE, [source, SELF_ROOT]);
    if (!dir) {
      throw new BuildError(
        `${handlers[0]} is an external handler, which needs ${CLI_PACKAGE} on the unit, and it is not installed in node_modules above ${source} or ${SELF_ROOT}; run npm install ${CLI_PACKAGE}`,
      );
    }
    rootSpecs[CLI_PACKAGE] = String(readJSONMap(join(dir, 'package.json')).version);
    roots.push({ name: CLI_PACKAGE, spec: rootSpecs[CLI_PACKAGE], from: [source, SELF_ROOT], declaredBy: `the external handler ${handlers[0]}`, dir });
  }
  const carried = { packages: new Set([...Object.keys(rootSpecs), ...layerPackageDependencies(layers)]), devOnly: composition.devDependencies };
  checkRenderImports(tree, carried);
  await checkJavaScriptImports(tree, carried);
  await compileTypeScript(tree, { carried, mapsToLayers: opts.mapsToLayers ?? false, log });
  const vendored = opts.vendor === false ? { packages: [] as string[] } : vendor(roots, [source, SELF_ROOT], tree, opts.arch);
  tree.set('package.json', { content: charmPackageJson(packageJson, charmName, rootSpecs), mode: 0o644, owner: top.url, kind: 'dynamic' });

  checkOldBuild(out, opts.force ?? false);
  const manifestLayers: Manifest['layers'] = [...layers, ...composition.usedInterfaces].map(manifestEntry);
  writeBuild(out, tree, manifestLayers);
  const files = [...tree.keys(), MANIFEST].filter((rel) => !rel.startsWith('node_modules/')).sort();
  log(`built ${charmName} into ${out}: ${files.length} files, ${vendored.packages.length} npm packages`);
  return {
    output: out,
    layers: layers.map((l) => l.name),
    interfaces: composition.usedInterfaces.map((i) => i.name),
    files,
    packages: vendored.packages,
  };
}

/** What the layer packages depend on: vendored with them, at the top of node_modules/ (layer:basic brings @reactive/bus, flags and hookenv). */
function layerPackageDependencies(layers: readonly Layer[]): string[] {
  return layers.flatMap((layer) => {
    const dependencies = layer.pkg ? readJSONMap(join(layer.pkg.dir, 'package.json')).dependencies : undefined;
    return isMap(dependencies) ? Object.keys(dependencies) : [];
  });
}

function charmPackageJson(merged: YamlMap, charmName: string, dependencies: Record<string, string>): string {
  const out: YamlMap = { name: merged.name ?? charmName, private: true, type: 'module' };
  const dropped = new Set(['name', 'private', 'type', 'dependencies', 'devDependencies', 'workspaces']);
  for (const [key, value] of Object.entries(merged)) if (!dropped.has(key)) out[key] = value;
  const names = Object.keys(dependencies).sort();
  if (names.length > 0) out.dependencies = Object.fromEntries(names.map((n) => [n, dependencies[n]]));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A search path from charm-tools' variable, then the older colon-separated one. */
function envSearchPath(current: string, legacy: string, cwd: string): string[] {
  return [...splitSearchPath(process.env[current], cwd), ...splitSearchPath(process.env[legacy], cwd)];
}

/** manifest.yaml, and metadata.yaml without the `series` the manifest's bases replace. */
function addManifest(tree: Tree, manifest: Record<string, unknown>, owner: string): void {
  const metadata = tree.get('metadata.yaml')!;
  const { series: _replaced, ...rest } = parseYAML(String(metadata.content), 'metadata.yaml') as YamlMap;
  tree.set('metadata.yaml', { ...metadata, content: dumpYAML(rest) });
  tree.set('manifest.yaml', { content: dumpYAML(manifest), mode: 0o644, owner, kind: 'dynamic' });
}
