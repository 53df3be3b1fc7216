import { chmodSync, closeSync, constants, existsSync, fchmodSync, fstatSync, openSync, rmSync, type Stats, statfsSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { storeDamage } from './store-damage.js';
import { UnitStateError } from './unit-state-error.js';

/**
 * The size lmdb-js gives a new lock file: LMDB's MDB_txninfo (272 bytes) and
 * 125 more MDB_reader slots of 64 bytes (126 readers, lmdb-js's default).
 */
export const LOCK_FILE_SIZE = 8272;
/** The free space a new store needs: LMDB writes two meta pages, up to 64 KiB each (the largest page size Linux uses). */
const NEW_STORE_SPACE = 2 * 65536;

/**
 * Readies a store's two files for LMDB, which turns a bad file into a crash:
 * creates them with mode 0600 (and tightens a looser mode on files this user
 * owns: the store may hold secrets), refuses a data file that is damaged,
 * leaving it as it is, and writes a new lock file to its full size. LMDB would
 * extend the lock file without writing it and then write it through memory,
 * which on a full disk is a SIGBUS; here it is ENOSPC, said in one line. A
 * new store gets the same: LMDB crashes (SIGSEGV) when it cannot write the
 * first pages of a store.
 *
 * `readOnly` (a command that only reads) changes nothing: the data file must
 * be a store already (an empty file is refused, not made one), and no mode is
 * tightened. LMDB's readers need the lock file (their slots in it keep a
 * writer from reusing the pages they read), so one is made only when the
 * store has none, as LMDB itself would.
 *
 * Resolves with the files it created, for {@link removeCreatedFiles} when the
 * open fails after it; when it throws, it has removed them itself.
 */
export function prepareStoreFiles(path: string, opts: { readOnly?: boolean } = {}): string[] {
  const readOnly = opts.readOnly ?? false;
  const created: string[] = [];
  try {
    checkDataFile(path, readOnly, created);
    allocateLockFile(path, readOnly, created);
  } catch (error) {
    removeCreatedFiles(path, created);
    throw error;
  }
  return created;
}

/**
 * Removes the files an open created, once it failed: nothing new is left
 * behind. Never files another process may be using meanwhile: a store file
 * only while it is empty (LMDB writes its first pages as it opens a new
 * store), a lock file only while it is short of its full size (the process that
 * creates it fills it in before LMDB maps it) or goes with its empty store.
 */
export function removeCreatedFiles(path: string, created: readonly string[]): void {
  const unused = (file: string, size: number) => !existsSync(file) || statSync(file).size < size;
  const storeUnused = created.includes(path) && unused(path, 1);
  for (const file of created) if (storeUnused || unused(file, file === path ? 1 : LOCK_FILE_SIZE)) rmSync(file, { force: true });
}

function checkDataFile(path: string, readOnly: boolean, created: string[]): void {
  const fd = readOnly ? openStoreFile(path, constants.O_RDONLY) : createStoreFile(path, constants.O_RDWR, created);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnitStateError(`unit state ${path}: not a regular file`);
    if (stat.size === 0 && readOnly) throw new UnitStateError(`unit state ${path}: not a unit state store (an empty file)`);
    if (stat.size === 0) checkRoomForNewStore(path);
    const damage = stat.size === 0 ? undefined : storeDamage(fd, stat.size);
    if (damage) throw new UnitStateError(`unit state ${path} is damaged (${damage}): move it aside`);
    if (!readOnly) tighten(fd, stat);
  } finally {
    closeSync(fd);
  }
}

function checkRoomForNewStore(path: string): void {
  const disk = statfsSync(dirname(path));
  // Root may use the blocks a file system keeps for it (hooks run as root).
  const free = (process.geteuid?.() === 0 ? disk.bfree : disk.bavail) * disk.bsize;
  if (free < NEW_STORE_SPACE) {
    throw new UnitStateError(`unit state ${path}: cannot start a store (ENOSPC: no space left on device: ${free} bytes free, it needs ${NEW_STORE_SPACE})`);
  }
}

/**
 * Creates the lock file, written in full, unless there is one. An existing lock
 * file is never opened: LMDB's POSIX locks on it tell other processes the store
 * is in use, and closing any descriptor of the file drops every lock this
 * process holds on it (another copy of this package in the process, or other
 * code, may have the store open).
 */
function allocateLockFile(path: string, readOnly: boolean, created: string[]): void {
  const lock = `${path}-lock`;
  const fd = createLockFile(path, lock, readOnly);
  if (fd === undefined) return;
  created.push(lock);
  try {
    const zeros = Buffer.alloc(LOCK_FILE_SIZE);
    for (let written = 0; written < zeros.length;) written += writeSync(fd, zeros, written);
  } catch (error) {
    throw new UnitStateError(`unit state ${path}: cannot write its lock file ${lock} (${systemReason(error)})`);
  } finally {
    closeSync(fd);
  }
}

/** A descriptor of the new lock file, or undefined when there is one already (tightened unless `readOnly`) or a reader goes without. */
function createLockFile(path: string, lock: string, readOnly: boolean): number | undefined {
  try {
    const existing = statSync(lock, { throwIfNoEntry: false });
    if (existing) {
      if (!readOnly && isLoose(existing)) chmodSync(lock, 0o600);
      return undefined;
    }
    // Appending never overwrites what LMDB writes in it, should another process start using it meanwhile.
    return openSync(lock, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Made meanwhile by another process, which fills it in.
    if (code === 'EEXIST') return undefined;
    // A reader that may not write here goes without, as LMDB does (MDB_RDONLY on EROFS or EACCES).
    if (readOnly && (code === 'EROFS' || code === 'EACCES')) return undefined;
    throw openError(path, lock, error);
  }
}

/** Opens the store at `path`, creating it (mode 0600) if there is none, and then adding it to `created`. */
function createStoreFile(path: string, flags: number, created: string[]): number {
  try {
    return openSync(path, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw openError(path, path, error);
  }
  let fd: number;
  try {
    // Exclusive: a file another process made meanwhile is theirs, not one to remove.
    fd = openSync(path, flags | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return openStoreFile(path, flags);
    throw openError(path, path, error);
  }
  created.push(path);
  return fd;
}

/** Opens the store at `path`, or says in one line why not. */
function openStoreFile(path: string, flags: number): number {
  try {
    return openSync(path, flags);
  } catch (error) {
    throw openError(path, path, error);
  }
}

function openError(path: string, file: string, error: unknown): UnitStateError {
  const dir = dirname(path);
  if (!existsSync(dir)) return new UnitStateError(`unit state ${path}: directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) return new UnitStateError(`unit state ${path}: ${dir} is not a directory`);
  const what = file === path ? '' : ` its lock file ${file}`;
  // ENOENT in a folder that exists: a file opened without being created.
  const verb = existsSync(file) || (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'open' : 'create';
  return new UnitStateError(`unit state ${path}: cannot ${verb}${what} (${systemReason(error)})`, { cause: error });
}

function tighten(fd: number, stat: Stats): void {
  if (isLoose(stat)) fchmodSync(fd, 0o600);
}

const isLoose = (stat: Stats): boolean => (stat.mode & 0o077) !== 0 && stat.uid === process.geteuid?.();

/** "ENOSPC: no space left on device", without the system call and path Node adds. */
export function systemReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+(?: '[^']*')*$/, '');
}
