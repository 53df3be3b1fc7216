// npm run build's second step, after one `tsc -b` over every package: runs
// the build script of each package (`tsc -b && node ../../scripts/bundle.mjs`)
// whose bundle may be out of date, dependencies first, and skips the others,
// so a build with nothing changed takes a second, not half a minute.
//
// A package's key is a hash of what its build reads and writes: its
// package.json, every file tsc and the bundle step write in its dist/ (code,
// declarations, maps; not the code caches hooks write there), the same of every
// @reactive package it depends on, scripts/bundle.mjs and the lock file (the
// esbuild and TypeScript that run). After a build the key is written to
// dist/.build-key (removed first: a failed build leaves none); a package is
// built again when its key differs or is missing. Keys are of
// contents, not times: a source saved unchanged rebuilds nothing (tsc emits
// the same files), a changed one does (tsc rewrites its dist/), and so does
// any change to bundle.mjs, to the lock file, or to a dependency's dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const SHARED = ['scripts/bundle.mjs', 'package-lock.json'];
const KEY_FILE = '.build-key';
const OUTPUT = /\.[cm]?js(\.map)?$|\.d\.[cm]?ts$/;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

const digest = (...parts) => parts.reduce((hash, part) => hash.update(part).update('\0'), createHash('sha256')).digest('hex');

/** The workspace packages (packages/*) with a build script, by name: folder, manifest text, the names of the workspace packages they depend on. */
function workspacePackages() {
  const packages = new Map();
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', folder);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    const manifest = JSON.parse(text);
    if (manifest.scripts?.build) packages.set(manifest.name, { dir, text, names: DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {})) });
  }
  for (const each of packages.values()) each.dependencies = each.names.filter((name) => packages.has(name));
  return packages;
}

/** Package names, each after the packages it depends on. */
function buildOrder(packages) {
  const order = [];
  const state = new Map();
  const visit = (name, path) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`build: packages depend on each other in a cycle: ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dependency of packages.get(name).dependencies) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of packages.keys()) visit(name, []);
  return order;
}

/** A hash of the build's outputs in `dir`/dist. */
function distDigest(dir) {
  const dist = join(dir, 'dist');
  if (!existsSync(dist)) return 'no dist';
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && OUTPUT.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return digest(...files.flatMap((file) => [relative(dist, file), digest(readFileSync(file))]));
}

/** Every workspace package `name` depends on, directly or not. */
function closure(packages, name, found = new Set()) {
  for (const dependency of packages.get(name).dependencies) {
    if (!found.has(dependency)) closure(packages, dependency, found.add(dependency));
  }
  return found;
}

function main() {
  const packages = workspacePackages();
  const shared = digest(...SHARED.flatMap((file) => [file, readFileSync(join(root, file))]));
  const dists = new Map();
  const keyOf = (name) => {
    const { dir, text } = packages.get(name);
    dists.set(name, distDigest(dir));
    const dependencies = [...closure(packages, name)].sort();
    return digest(shared, text, dists.get(name), ...dependencies.flatMap((dependency) => [dependency, dists.get(dependency)]));
  };
  const built = [];
  for (const name of buildOrder(packages)) {
    const { dir } = packages.get(name);
    const keyFile = join(dir, 'dist', KEY_FILE);
    if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === keyOf(name)) continue;
    rmSync(keyFile, { force: true });
    const run = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`build: ${name} failed (npm run build in ${relative(root, dir)} exited ${run.status ?? run.signal})`);
    writeFileSync(keyFile, keyOf(name));
    built.push(name);
  }
  const upToDate = packages.size - built.length;
  console.log(`build: ${built.length > 0 ? `built ${built.join(', ')}; ` : ''}${upToDate} of ${packages.size} packages up to date`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
