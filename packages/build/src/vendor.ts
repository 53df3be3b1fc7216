import { sep } from 'node:path';
import { bundlePackage, MODULE_FILE } from './bundle-package.js';
import { BuildError } from './errors.js';
import { walk } from './fs-util.js';
import { compilePatterns } from './ignore.js';
import { isMap, type YamlMap } from './merge.js';
import { findPackage, findPackageFrom } from './packages.js';
import { forTarget, keptOnUnit, machineArchitecture, nodeArchitecture, unusedOnUnit } from './runtime-files.js';
import { readJSONMap } from './yaml-file.js';
import type { Tree } from './compose.js';

/** A package the charm itself depends on. */
export interface RootDependency {
  name: string;
  /** The version range written into the charm's package.json. */
  spec: string;
  /** Where to look for it: folders whose node_modules (or those above) may hold it. */
  from: string[];
  /** Who asked for it, for error messages. */
  declaredBy: string;
  /** The exact package folder, when already known (a layer found in an npm package). */
  dir?: string;
}

export interface Vendored {
  /** `name@version` of every vendored package, sorted. */
  packages: string[];
}

const ALWAYS_PUBLISHED = /^(readme|license|licence|changelog|notice)(\..*)?$/i;
const NEVER_COPIED = compilePatterns(['node_modules', '.git', '/package-lock.json', '/.npmrc']);

function packageId(dir: string): string {
  const manifest = readJSONMap(`${dir}/package.json`);
  return `${String(manifest.name)}@${String(manifest.version)}`;
}

function parentPackage(outDir: string): string {
  const at = outDir.lastIndexOf('/node_modules/');
  return at === -1 ? '' : outDir.slice(0, at);
}

function slot(dir: string, name: string): string {
  return dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
}

/**
 * Copies `roots` and everything they depend on (dependencies, and optional and
 * peer dependencies that are installed, but not the peers a package marks
 * optional) into `tree` under `node_modules/`,
 * laid out so that Node's resolution from each copy finds the same package
 * the build found: hoisted to the top where no other version is there,
 * nested under the package that needs it otherwise. Each package is taken
 * from where Node resolves it from the package that needs it, following
 * symlinks; a linked (workspace) package contributes what `npm publish` would
 * (its package.json `files`), an installed one all its files but its own
 * node_modules.
 */
export function vendor(roots: RootDependency[], fallback: string[], tree: Tree, arch = machineArchitecture()): Vendored {
  // Where each package went, and which package (folder, and name@version) it is.
  const placed = new Map<string, { dir: string; id: string }>();
  const queue: Array<{ outDir: string; dir: string }> = [];
  const place = (name: string, dir: string, requester: string): void => {
    const id = packageId(dir);
    let target = slot('', name);
    for (let d = requester; ; d = parentPackage(d)) {
      const candidate = slot(d, name);
      const there = placed.get(candidate);
      if (there && (there.dir === dir || there.id === id)) return; // the same package, or another copy of the same version
      if (there !== undefined) {
        if (requester === '') return; // two layers name the same package: the first (highest) wins
        target = slot(requester, name);
        break;
      }
      if (d === '') break;
    }
    placed.set(target, { dir, id });
    queue.push({ outDir: target, dir });
  };

  for (const root of roots) {
    const dir = root.dir ?? findPackage(root.name, root.from);
    if (!dir) {
      throw new BuildError(
        `Cannot vendor the npm package ${root.name} (${root.spec}, a dependency of ${root.declaredBy}): ` +
          `it is not installed in node_modules above ${root.from.join(' or ')}; run npm install`,
      );
    }
    place(root.name, dir, '');
  }

  const packages: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const { outDir, dir } = queue[i]!;
    const manifest = readJSONMap(`${dir}/package.json`);
    const id = `${String(manifest.name ?? outDir.split('node_modules/').at(-1))}@${String(manifest.version ?? '0.0.0')}`;
    packages.push(id);
    copyPackage(dir, manifest, outDir, `npm:${id}`, tree, String(manifest.name ?? ''));
    const wanted: Array<[string, boolean]> = [];
    const section = (key: string): YamlMap => (isMap(manifest[key]) ? (manifest[key] as YamlMap) : {});
    for (const name of Object.keys(section('dependencies'))) wanted.push([name, true]);
    const optionalPeers = section('peerDependenciesMeta');
    for (const key of ['optionalDependencies', 'peerDependencies']) {
      for (const name of Object.keys(section(key))) {
        // An optional peer is what a package can use when it is there: on a unit, only if the charm needs it itself.
        if (key === 'peerDependencies' && isMap(optionalPeers[name]) && optionalPeers[name].optional === true) continue;
        if (!wanted.some(([n]) => n === name)) wanted.push([name, false]);
      }
    }
    for (const [name, required] of wanted) {
      if (unusedOnUnit(name) || !forTarget(name, arch)) continue;
      const found = findPackageFrom(name, dir) ?? findPackage(name, fallback);
      if (!found) {
        if (!required) continue;
        throw new BuildError(`Cannot vendor the npm package ${name}, a dependency of ${id}: it is not installed in node_modules above ${dir}; run npm install`);
      }
      place(name, found, outDir);
    }
  }
  checkNativeBinaries(packages, arch);
  return { packages: [...new Set(packages)].sort() };
}

/** lmdb without its prebuilt binary for the target could not open the unit state: say how to get it. */
function checkNativeBinaries(packages: string[], arch: string): void {
  const lmdb = packages.find((id) => id.startsWith('lmdb@'));
  if (!lmdb || packages.some((id) => id.startsWith(`@lmdb/lmdb-linux-${nodeArchitecture(arch)}@`))) return;
  const version = lmdb.slice('lmdb@'.length);
  throw new BuildError(
    `lmdb's prebuilt binary for linux ${arch} is not installed here (npm installs the one for this machine): ` +
      `run npm install --no-save --force @lmdb/lmdb-linux-${nodeArchitecture(arch)}@${version}, then build again`,
  );
}

/**
 * Copies the files of a package that run on the unit (runtime-files.ts); an
 * installed CommonJS package whose modules can be joined into one file
 * (bundle-package.ts) contributes that file instead of its modules.
 */
function copyPackage(dir: string, manifest: YamlMap, outDir: string, owner: string, tree: Tree, name: string): void {
  const linked = !dir.split(sep).includes('node_modules');
  const files = linked && Array.isArray(manifest.files) ? compilePatterns(manifest.files.map(String), { anchored: true }) : undefined;
  const main = typeof manifest.main === 'string' ? manifest.main.replace(/^\.\//, '') : undefined;
  const bundled = linked ? undefined : bundlePackage(dir, manifest);
  for (const file of walk(dir, [NEVER_COPIED])) {
    if (
      files &&
      !(file.rel === 'package.json' || file.rel === main || (!file.rel.includes('/') && ALWAYS_PUBLISHED.test(file.rel)) || files.matches(file.rel, false))
    ) {
      continue;
    }
    if (!keptOnUnit(name, file.rel) || (bundled && MODULE_FILE.test(file.rel))) continue;
    tree.set(`${outDir}/${file.rel}`, { source: file.abs, mode: file.mode, owner, kind: 'static' });
  }
  for (const [rel, content] of bundled?.files ?? []) tree.set(`${outDir}/${rel}`, { content, mode: 0o644, owner, kind: 'dynamic' });
}
