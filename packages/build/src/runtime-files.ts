import { BuildError } from './errors.js';

/** Node's process.arch -> Debian's names, which Juju and charmcraft use. */
export const DEBIAN_ARCHITECTURES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };

/** This machine's architecture, as Debian names it. */
export function machineArchitecture(): string {
  return DEBIAN_ARCHITECTURES[process.arch] ?? process.arch;
}

/** Node's name of a Debian architecture; refuses one Juju does not run on. */
export function nodeArchitecture(arch: string): string {
  const node = Object.entries(DEBIAN_ARCHITECTURES).find(([, debian]) => debian === arch)?.[0];
  if (!node) throw new BuildError(`--arch ${arch}: not an architecture Juju knows (${Object.values(DEBIAN_ARCHITECTURES).join(', ')})`);
  return node;
}

/**
 * npm packages a charm never loads on its unit: node-addon-api is headers for
 * building native modules; msgpackr-extract is msgpackr's native decoder,
 * which @reactive/hookenv turns off (the unit state holds strings).
 */
export function unusedOnUnit(name: string): boolean {
  return name === 'node-addon-api' || name === 'msgpackr-extract' || name.startsWith('@msgpackr-extract/');
}

/** lmdb's prebuilt binaries: one package per platform. */
const LMDB_BINARIES = /^@lmdb\/lmdb-([a-z]+)-([a-z0-9]+)$/;

/** Whether a platform package of a native module is for the charm's target (linux, `arch`). */
export function forTarget(name: string, arch: string): boolean {
  const binary = LMDB_BINARIES.exec(name);
  return !binary || (binary[1] === 'linux' && binary[2] === nodeArchitecture(arch));
}

/** At a package's root only: a `doc/` deeper in may be code (yaml's dist/doc/). */
const DEV_FOLDERS = /^(test|tests|__tests__|docs|examples?|benchmarks?|\.github)\//i;
/** Declarations, C sources, build files, and documents (a `history.js` is code: only text endings count). */
const DEV_FILES = /\.(d\.[cm]?ts|c|cc|cpp|h|hpp|gyp|gypi)$|(^|\/)(readme|changelog|history|contributing|security)(\.(md|markdown|txt|rst))?$/i;
/** Files of particular packages that only build or browsers use. */
const UNUSED_FILES: Record<string, RegExp> = {
  lmdb: /^(dependencies|src)\//,
  yaml: /^browser\//,
};

/**
 * Whether a file of an npm package is needed on the unit: not tests, docs,
 * type declarations, C sources or build files; of the framework's packages
 * their bundles only; source maps only of the
 * framework's own bundles (a hook's error names their sources); of lmdb's
 * prebuilt binaries only the N-API one for glibc, which every Node version
 * on Ubuntu loads.
 */
export function keptOnUnit(name: string, rel: string): boolean {
  if (DEV_FOLDERS.test(rel) || DEV_FILES.test(rel)) return false;
  // The framework runs from its bundles (and the CLI's CommonJS entry); its
  // separate modules serve authors only. A
  // bundle's code cache is written on the unit, by the Node there.
  if (name.startsWith('@reactive/') && rel.startsWith('dist/')) return /^dist\/(bundle\.js|bundle-modules\.cjs\.map|[\w-]+\.cjs)$/.test(rel);
  if (rel.endsWith('.map') && !(name.startsWith('@reactive/') && rel === 'dist/bundle-modules.cjs.map')) return false;
  if (UNUSED_FILES[name]?.test(rel)) return false;
  if (LMDB_BINARIES.test(name) && rel.endsWith('.node')) return rel === 'node.napi.glibc.node';
  return true;
}
