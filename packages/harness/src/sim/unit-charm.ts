// Each unit's own copy of its application's charm, as Juju unpacks the charm
// into every unit's charm folder: what a charm writes there (charm-helpers'
// config snapshot, ops' .unit-state.db, the framework's unit state) belongs to
// that unit alone, and to this model alone.
import { cpSync, existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { CharmInfo } from './charm.js';

/** What a charm folder may hold that a unit wrote, not the charm: never copied to another unit. */
const UNIT_FILES = /^\.unit-state\./;

/**
 * The charm as `unit` runs it: `charm` copied into `dir` on its first hook.
 * With `refresh` (after a rebuild: Juju's upgrade), the charm's files are
 * copied again over the unit's, and those of the old charm that the new one
 * lacks are removed; the files the unit wrote stay.
 */
export function unitCharm(charm: CharmInfo, dir: string, refresh = false): CharmInfo {
  if (refresh || !existsSync(dir)) {
    const copied = copyCharm(charm.dir, dir, refresh);
    const record = join(dirname(dir), 'charm-files.json');
    for (const file of readRecord(record)) if (!copied.has(file)) rmSync(join(dir, file), { force: true });
    writeFileSync(record, `${JSON.stringify([...copied].sort())}\n`);
  }
  return { ...charm, dir };
}

/** Copies `source` over `target`; returns the files copied (relative paths). */
function copyCharm(source: string, target: string, refresh: boolean): Set<string> {
  const copied = new Set<string>();
  cpSync(source, target, {
    recursive: true,
    verbatimSymlinks: true,
    force: true,
    filter: (from, to) => {
      if (dirname(from) === source && UNIT_FILES.test(basename(from))) return false;
      const stat = lstatSync(from);
      if (!stat.isDirectory()) copied.add(relative(source, from));
      // cpSync refuses to replace a link with one that resolves inside it (node_modules): the old link goes first.
      if (refresh && stat.isSymbolicLink()) rmSync(to, { recursive: true, force: true });
      return true;
    },
  });
  return copied;
}

function readRecord(path: string): string[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as string[];
  } catch {
    return [];
  }
}
