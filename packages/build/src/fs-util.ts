import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './errors.js';
import type { Matcher } from './ignore.js';

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function realDir(path: string): string {
  return realpathSync(path);
}

/** A file found in a tree: its path relative to the root (with `/`), absolute path and mode. */
export interface TreeFile {
  rel: string;
  abs: string;
  mode: number;
}

/**
 * Every regular file under `root` (symlinks followed), in sorted order,
 * skipping what any of `skip` matches (directories are pruned when the matcher
 * says it is safe to).
 */
export function walk(root: string, skip: Matcher[] = []): TreeFile[] {
  const out: TreeFile[] = [];
  const visit = (dir: string, prefix: string): void => {
    const names = readdirSync(dir).sort();
    for (const name of names) {
      const rel = prefix ? `${prefix}/${name}` : name;
      const abs = join(dir, name);
      let stat;
      try {
        stat = statSync(abs);
      } catch {
        throw new BuildError(`${abs} is a broken symbolic link`);
      }
      if (stat.isDirectory()) {
        if (skip.some((m) => m.prunes(rel))) continue;
        visit(abs, rel);
      } else if (stat.isFile()) {
        if (skip.some((m) => m.matches(rel, false))) continue;
        out.push({ rel, abs, mode: stat.mode & 0o777 });
      }
    }
  };
  visit(root, '');
  return out;
}

/** Whether `inner` is `outer` or lies inside it (both absolute, normalised). */
export function isInside(inner: string, outer: string): boolean {
  const o = outer.endsWith('/') ? outer : `${outer}/`;
  return inner === outer || inner.startsWith(o);
}
