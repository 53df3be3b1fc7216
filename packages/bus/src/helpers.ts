import type { createHash as CreateHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { INVOKED_PREFIX } from '@reactive/flags';
import { type JSONCompatible, pythonJSON, unitState } from '@reactive/hookenv';

export type HashType = 'md5' | 'sha1' | 'sha256' | 'sha512';
export type FileName = string | (() => string);

const DATA_PREFIX = 'reactive.data_changed.';
const FILES_PREFIX = 'reactive.files_changed.';

/**
 * Whether `data` differs from what was recorded under `id` (true the first
 * time), recording the new hash. Hashes are of Python's `json.dumps(data,
 * sort_keys=True)`, so hashes recorded by the Python library stay valid.
 */
export function dataChanged<T>(id: string, data: T & JSONCompatible<T>, hashType: HashType = 'md5'): boolean {
  const key = DATA_PREFIX + id;
  const hash = digest(pythonJSON(data), hashType);
  const changed = unitState().get(key) !== hash;
  unitState().set(key, hash);
  return changed;
}

/** Like {@link dataChanged}, without recording anything. */
export function isDataChanged<T>(id: string, data: T & JSONCompatible<T>, hashType: HashType = 'md5'): boolean {
  return unitState().get(DATA_PREFIX + id) !== digest(pythonJSON(data), hashType);
}

/**
 * Whether any of the files changed since last checked, recording the new
 * hashes of all of them. A file that never existed is no change; a file that
 * was deleted is a change once.
 */
export function anyFileChanged(files: FileName[], hashType: HashType = 'md5'): boolean {
  let changed = false;
  for (const entry of files) {
    const file = typeof entry === 'function' ? entry() : entry;
    const key = FILES_PREFIX + file;
    const hash = fileHash(file, hashType);
    if ((unitState().get(key) ?? null) !== hash) {
      unitState().set(key, hash);
      changed = true;
    }
  }
  return changed;
}

/** Records that `id` ran (used by `onlyOnce`, and by bash handlers). */
export function markInvoked(id: string): void {
  unitState().set(INVOKED_PREFIX + id, true);
}

export function wasInvoked(id: string): boolean {
  return unitState().get<boolean>(INVOKED_PREFIX + id) === true;
}

function fileHash(file: string, hashType: HashType): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hasher(hashType).update(bytes).digest('hex');
}

let createHash: typeof CreateHash | undefined;

/** node:crypto, loaded when first needed: most hooks hash nothing, and it costs start-up time. */
function hasher(hashType: HashType) {
  createHash ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash;
  return createHash(hashType);
}

function digest(text: string, hashType: HashType): string {
  return hasher(hashType).update(text, 'utf8').digest('hex');
}
