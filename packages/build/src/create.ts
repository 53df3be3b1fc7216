import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_TYPES_FILE, writeConfigTypes } from './config-types-file.js';
import { BuildError } from './errors.js';

const NAME = /^[a-z][a-z0-9-]*$/;
/** This package's folder; its templates hold __NAME__ and __VERSION__ to fill in. */
const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const TEMPLATES = join(PACKAGE, 'templates');
/** Every package of the framework: a charm's npm install takes them all from the same tarballs. */
const FRAMEWORK_PACKAGES = ['hookenv', 'flags', 'bus', 'endpoints', 'patterns', 'layer-basic', 'build', 'cli', 'harness'].map((name) => `@reactive/${name}`);

export interface CreateOptions {
  /** A JavaScript charm instead of a TypeScript one. */
  js?: boolean;
  /**
   * The folder of the framework's tarballs (`npm run pack-packages` in a clone
   * writes them into its `packed/`): the charm's package.json installs
   * @reactive/* from there. Default: the clone's `packed/` when this package
   * runs from a clone, else the folder of the tarball it was installed from,
   * else the npm registry.
   */
  packages?: string;
  /** The URL of the charm's source, layer.yaml's `repo`; without it the key is there, empty, to fill in. */
  repo?: string;
}

export interface Created {
  dir: string;
  name: string;
  files: string[];
  /** The tarballs' folder the charm installs @reactive/* from, and whether they are there yet; absent for the registry. */
  packages?: { dir: string; packed: boolean };
}

/**
 * A new charm layer in `dir` (a new or an empty folder, named after its last
 * path component): a metadata.yaml, a config.yaml with one option, a
 * layer.yaml including layer:basic, `reactive/<name>.ts` (or `.js`) with a
 * first handler, a Harness test and its vitest config, a package.json whose
 * scripts test, build and pack it, a README and a .gitignore; in TypeScript a
 * tsconfig.json and config.d.ts. Nothing is written when it fails.
 */
export function create(dir: string, opts: CreateOptions = {}): Created {
  const target = resolve(dir);
  const name = basename(target);
  if (!NAME.test(name)) throw new BuildError(`${dir}: a charm name starts with a lowercase letter and has only lowercase letters, digits and dashes`);
  checkTarget(dir, target);
  const version = (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  const packages = opts.packages === undefined ? (cloneTarballs() ?? installedTarballs()) : resolve(opts.packages);
  if (opts.packages !== undefined) checkTarballs(opts.packages, packages!, version);
  const files = charmFiles({ __NAME__: name, __VERSION__: version, __REPO__: repoValue(opts.repo) }, opts.js ? 'js' : 'ts');
  if (packages) files.set('package.json', installFrom(files.get('package.json')!, target, packages, version));
  // config().get() of a TypeScript charm is typed from config.yaml.
  writeFolder(target, files, (dir) => {
    if (!opts.js) writeConfigTypes(dir);
  });
  return {
    dir: target,
    name,
    files: [...files.keys(), ...(opts.js ? [] : [CONFIG_TYPES_FILE])].sort(),
    ...(packages ? { packages: { dir: packages, packed: existsSync(join(packages, tarball('@reactive/bus', version))) } } : {}),
  };
}

/** The charm goes into a new folder, or an empty one. */
function checkTarget(dir: string, target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new BuildError(`${dir}: already exists, and is not a folder`);
  if (readdirSync(target).length) throw new BuildError(`${dir}: already exists, and is not empty`);
}

/** What follows `repo:` in layer.yaml: the URL as a YAML string, or nothing (the key is there, to fill in). */
function repoValue(repo: string | undefined): string {
  if (repo === undefined) return '';
  if (!/^\S+$/.test(repo)) throw new BuildError(`--repo ${JSON.stringify(repo)}: the URL of the charm's source, without spaces or line breaks`);
  return ` ${JSON.stringify(repo)}`;
}

/** The template's files (the common ones, then the language's), by path in the charm, with `values` for their placeholders. */
function charmFiles(values: Record<string, string>, language: 'js' | 'ts'): Map<string, string> {
  const fill = (text: string) => Object.entries(values).reduce((filled, [placeholder, value]) => filled.replaceAll(placeholder, value), text);
  const files = new Map<string, string>();
  for (const template of ['charm', language]) {
    const root = join(TEMPLATES, template);
    // npm leaves any .gitignore out of a package: the template's is `gitignore`.
    for (const source of templateFiles(root)) files.set(fill(relative(root, source)).replace(/^gitignore$/, '.gitignore'), fill(readFileSync(source, 'utf8')));
  }
  return files;
}

/**
 * Writes the files into a temporary folder beside `target`, then `more`, then
 * renames it into place, or its entries into an existing empty `target` (which
 * may be a shell's working directory): the charm appears whole or not at all.
 */
function writeFolder(target: string, files: Map<string, string>, more: (dir: string) => void): void {
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}-${randomUUID()}`);
  mkdirSync(temp);
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      writeFileSync(join(temp, path), text);
    }
    more(temp);
    if (existsSync(target)) moveEntries(temp, target);
    else renameSync(temp, target);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function moveEntries(from: string, to: string): void {
  const moved: string[] = [];
  try {
    for (const entry of readdirSync(from)) {
      renameSync(join(from, entry), join(to, entry));
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved) rmSync(join(to, entry), { recursive: true, force: true });
    throw error;
  }
}

/** `npm pack`'s file name for a package. */
function tarball(pkg: string, version: string): string {
  return `${pkg.replace('@', '').replace('/', '-')}-${version}.tgz`;
}

/** The clone's `packed/` when this package runs from a clone of the repository (not from an installed package). */
function cloneTarballs(): string | undefined {
  const root = join(PACKAGE, '..', '..');
  return basename(dirname(resolve(PACKAGE))) === 'packages' && existsSync(join(root, 'lerna.json')) ? join(root, 'packed') : undefined;
}

/** The folder of the tarball npm installed this package from, as npm's node_modules/.package-lock.json records it, if it was one. */
function installedTarballs(): string | undefined {
  const modules = dirname(dirname(resolve(PACKAGE)));
  const lock = join(modules, '.package-lock.json');
  if (basename(modules) !== 'node_modules' || !existsSync(lock)) return undefined;
  const lockfile = JSON.parse(readFileSync(lock, 'utf8')) as { packages?: Record<string, { resolved?: string }> };
  const resolved = lockfile.packages?.['node_modules/@reactive/build']?.resolved;
  return resolved?.startsWith('file:') && resolved.endsWith('.tgz') ? dirname(resolve(dirname(modules), resolved.slice('file:'.length))) : undefined;
}

function checkTarballs(given: string, dir: string, version: string): void {
  const missing = FRAMEWORK_PACKAGES.map((pkg) => tarball(pkg, version)).find((file) => !existsSync(join(dir, file)));
  if (missing)
    throw new BuildError(`${given}: no ${missing} there (npm run pack-packages in a clone of reactive writes the packages' tarballs into its packed/)`);
}

/**
 * The package.json with every @reactive/* spec a `file:` path to its tarball in
 * `dir`, and the same specs as overrides: the packages' own dependencies on
 * each other name registry versions, which npm then takes from the tarballs too.
 * The paths are relative to the charm, as `npm install <tarball>` writes them:
 * npm refuses to add a package whose spec differs from its override.
 */
function installFrom(text: string, charm: string, dir: string, version: string): string {
  const pkg = JSON.parse(text) as Record<string, unknown> & { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const spec = (name: string) => `file:${relative(charm, join(dir, tarball(name, version)))}`;
  for (const deps of [pkg.dependencies, pkg.devDependencies]) for (const name of Object.keys(deps)) if (name.startsWith('@reactive/')) deps[name] = spec(name);
  pkg.overrides = Object.fromEntries(FRAMEWORK_PACKAGES.map((name) => [name, spec(name)]));
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
