import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Who owns a file written: undefined leaves that id as the process's. */
export interface Ownership {
  uid?: number;
  gid?: number;
}

/**
 * Creates the missing folders of `dir` (mode 0755), the last one owned as
 * `owner` says. It walks up to the first folder that exists and creates each
 * level below it in turn: Node's recursive mkdir loops forever where a parent
 * exists but refuses children (under /proc).
 */
export function makeFolders(dir: string, owner: Ownership): void {
  const missing: string[] = [];
  for (let path = dir; !exists(path); path = dirname(path)) missing.unshift(path);
  for (const path of missing) {
    try {
      mkdirSync(path, 0o755);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderError(path, error);
    }
  }
  try {
    if (missing.length > 0) ownFolder(dir, owner);
  } catch (error) {
    throw folderError(dir, error);
  }
}

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    throw folderError(path, error);
  }
}

function folderError(path: string, error: unknown): Error {
  return new Error(`cannot create the folder ${path}: ${(error as Error).message}`, { cause: error });
}

/** chown through a descriptor of the folder itself: a link put in its place is not followed. */
function ownFolder(dir: string, { uid, gid }: Ownership): void {
  if (uid === undefined && gid === undefined) return;
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    fchownSync(fd, uid ?? -1, gid ?? -1);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `text` to `target` in one rename, with `mode` and `owner`. The
 * temporary file next to it has a random name and is created new
 * (O_EXCL|O_NOFOLLOW), then owned, moded, written and synced through its
 * descriptor: a link planted in the folder is never followed, even as root.
 */
export function writeFileAtomically(target: string, text: string, mode: number, owner: Ownership): void {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    created = true;
    try {
      writeThrough(fd, text, mode, owner);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    if (created) rmSync(temp, { force: true });
    throw new Error(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

function writeThrough(fd: number, text: string, mode: number, { uid, gid }: Ownership): void {
  // chown first: it clears the set-id bits that mode may ask for.
  if (uid !== undefined || gid !== undefined) fchownSync(fd, uid ?? -1, gid ?? -1);
  fchmodSync(fd, mode);
  writeFileSync(fd, text);
  fsyncSync(fd);
}
