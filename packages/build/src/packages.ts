import { dirname, join } from 'node:path';
import { isFile, realDir } from './fs-util.js';

/**
 * The real directory of npm package `name` as Node would resolve it from
 * `from`: the first `node_modules/<name>/package.json` in `from` or a folder
 * above it.
 */
export function findPackageFrom(name: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (isFile(join(candidate, 'package.json'))) return realDir(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The first of `from` that can see package `name`. */
export function findPackage(name: string, from: readonly string[]): string | undefined {
  for (const dir of from) {
    const found = findPackageFrom(name, dir);
    if (found) return found;
  }
  return undefined;
}
