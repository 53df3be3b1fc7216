// Each package.json lists exactly what that package's source imports, so a
// charm that installs one package pulls in only what it needs. One addition
// is allowed: an optional peer of one of the package's own dependencies,
// which the package provides (the CLI's render_template calls hookenv's
// render(), whose Nunjucks is an optional peer: the CLI depends on it).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const builtins = new Set(builtinModules);

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The packages a source tree imports (bare specifiers, builtins left out). */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  const pattern = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g;
  for (const file of sourceFiles(dir)) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(pattern)) {
      const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
      if (!builtins.has(name) && !name.startsWith('node:')) found.add(name);
    }
  }
  return found;
}

const built = readdirSync(packagesDir).filter((dir) => existsSync(join(packagesDir, dir, 'src')));

/** The optional peers of the monorepo packages `names`. */
function optionalPeersOf(names: string[]): Set<string> {
  const peers = new Set<string>();
  for (const dir of readdirSync(packagesDir).filter((d) => names.includes(manifest(d).name))) {
    const { peerDependencies = {}, peerDependenciesMeta = {} } = manifest(dir);
    for (const peer of Object.keys(peerDependencies)) if (peerDependenciesMeta[peer]?.optional) peers.add(peer);
  }
  return peers;
}

describe('package boundaries', () => {
  // Optional peers count: the CLI's authoring commands load the build and the simulator when installed.
  it.each(built)('%s depends on exactly what its source imports', (dir) => {
    const { dependencies = {}, peerDependencies = {} } = manifest(dir);
    const provided = optionalPeersOf(Object.keys(dependencies));
    const imported = importedPackages(join(packagesDir, dir, 'src'));
    const deps = Object.keys({ ...dependencies, ...peerDependencies }).filter((name) => imported.has(name) || !provided.has(name));
    expect([...imported].sort()).toEqual(deps.sort());
  });

  it('@reactive/flags pulls in only @reactive/hookenv and LMDB: no template engine, YAML parser or CLI library', () => {
    const closure = new Set<string>();
    const visit = (name: string): void => {
      if (closure.has(name)) return;
      closure.add(name);
      const dir = readdirSync(packagesDir).find((d) => manifest(d).name === name);
      if (dir) for (const dep of Object.keys(manifest(dir).dependencies ?? {})) visit(dep);
    };
    visit('@reactive/flags');
    expect([...closure].sort()).toEqual(['@reactive/flags', '@reactive/hookenv', 'lmdb']);
  });
});
