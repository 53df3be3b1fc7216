import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { open as openLMDB, type Database } from 'lmdb';
import { charmDir } from './context.js';
import { toJSONText } from './json-value.js';

/** LMDB's default limit on a key, in bytes. */
const MAX_KEY_BYTES = 1978;
const DELETED = null;
const NOT_READ = 0;

/** A unit-state operation that failed; the message names the store and the key. */
export class UnitStateError extends Error {
  override name = 'UnitStateError';
}

/**
 * The unit's key/value store (charm-helpers' `unitdata.kv()`), on LMDB.
 *
 * The first read loads the committed entries into memory in one scan, so every
 * later read is a map lookup. Changes are kept in memory and visible at once to
 * this process; `commit()` writes all of them in one LMDB write transaction, so
 * a process that dies before or during the commit leaves the store exactly as
 * it was. Values are stored as JSON text.
 */
export class UnitState {
  readonly path: string;
  private readonly db: Database<string, string>;
  /** Committed keys, loaded on first use, with their JSON text once read (NOT_READ before). */
  private committed: Map<string, string | typeof NOT_READ> | undefined;
  /** Uncommitted changes: key -> JSON text, or DELETED. */
  private readonly pending = new Map<string, string | typeof DELETED>();

  private constructor(path: string, db: Database<string, string>) {
    this.path = path;
    this.db = db;
  }

  /** Opens (creating if needed, mode 0600) the store file at `path`. */
  static open(path: string): UnitState {
    const dir = dirname(path);
    if (!existsSync(dir)) throw new UnitStateError(`unit state ${path}: directory ${dir} does not exist`);
    if (!statSync(dir).isDirectory()) throw new UnitStateError(`unit state ${path}: ${dir} is not a directory`);
    createPrivate(path);
    createPrivate(`${path}-lock`);
    checkHeader(path);
    let db: Database<string, string>;
    try {
      db = openLMDB<string, string>({ path, encoding: 'string', noSubdir: true, compression: false, cache: false });
    } catch (error) {
      throw new UnitStateError(`unit state ${path}: cannot open (${reason(error)})`);
    }
    return new UnitState(path, db);
  }

  /** The decoded value of `key`, or `fallback` when it is not set. */
  get<T = unknown>(key: string, fallback?: T): T | undefined {
    const text = this.text(key);
    return text === undefined ? fallback : (JSON.parse(text) as T);
  }

  /** Sets `key` to `value`, which must be something JSON can hold. */
  set(key: string, value: unknown): void {
    checkKey(key);
    this.pending.set(key, toJSONText(value, `unit state key "${key}"`));
  }

  unset(key: string): void {
    checkKey(key);
    this.pending.set(key, DELETED);
  }

  has(key: string): boolean {
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending !== DELETED;
    return this.load().has(key);
  }

  /** Sets `prefix + key` for every entry of `mapping`. */
  update(mapping: Record<string, unknown>, opts: { prefix?: string } = {}): void {
    const prefix = opts.prefix ?? '';
    for (const [key, value] of Object.entries(mapping)) this.set(prefix + key, value);
  }

  /** Every key that starts with `prefix` (an exact prefix, not SQL LIKE), sorted. */
  keys(prefix = ''): string[] {
    const keys: string[] = [];
    for (const key of this.load().keys()) {
      if (key.startsWith(prefix) && !this.pending.has(key)) keys.push(key);
    }
    for (const [key, text] of this.pending) {
      if (text !== DELETED && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  /** The entries whose keys start with `prefix`, decoded; `strip` drops the prefix. */
  getRange(prefix: string, opts: { strip?: boolean } = {}): Record<string, unknown> {
    const range: Record<string, unknown> = {};
    for (const key of this.keys(prefix)) {
      const name = opts.strip ? key.slice(prefix.length) : key;
      Object.defineProperty(range, name, { value: this.get(key), enumerable: true, writable: true, configurable: true });
    }
    return range;
  }

  /** Unsets `prefix + key` for each of `keys`, or every key starting with `prefix`. */
  unsetRange(keys?: string[], prefix = ''): void {
    const targets = keys ? keys.map((key) => prefix + key) : this.keys(prefix);
    for (const key of targets) this.unset(key);
  }

  /** Whether there are changes not yet committed. */
  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /** Writes every pending change in one transaction. */
  commit(): void {
    if (this.pending.size === 0) return;
    try {
      this.db.transactionSync(() => {
        for (const [key, text] of this.pending) {
          if (text === DELETED) this.db.removeSync(key);
          else this.db.putSync(key, text);
        }
      });
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: commit failed, nothing written (${reason(error)})`);
    }
    if (this.committed) {
      for (const [key, text] of this.pending) {
        if (text === DELETED) this.committed.delete(key);
        else this.committed.set(key, text);
      }
    }
    this.pending.clear();
  }

  /** Drops every pending change. */
  revert(): void {
    this.pending.clear();
  }

  /** Forgets what was loaded, so the next read sees what other processes committed meanwhile. */
  refresh(): void {
    this.committed = undefined;
    this.db.resetReadTxn();
  }

  /** Resolves once committed changes are durable on disk. */
  async flushed(): Promise<void> {
    await this.db.flushed;
  }

  /** Waits for durability and closes the store; pending changes are dropped. */
  async close(): Promise<void> {
    this.pending.clear();
    this.committed = undefined;
    await this.db.close();
  }

  private text(key: string): string | undefined {
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending === DELETED ? undefined : pending;
    const committed = this.load();
    const text = committed.get(key);
    if (text !== NOT_READ) return text;
    const read = this.guarded(() => this.db.get(key));
    if (read === undefined) committed.delete(key);
    else committed.set(key, read);
    return read;
  }

  /** Loads the committed keys in one scan; values are read when first asked for. */
  private load(): Map<string, string | typeof NOT_READ> {
    if (this.committed) return this.committed;
    const committed = new Map<string, string | typeof NOT_READ>();
    this.guarded(() => {
      for (const key of this.db.getKeys({})) committed.set(key, NOT_READ);
    });
    this.committed = committed;
    return committed;
  }

  private guarded<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: cannot read (${reason(error)})`);
    }
  }
}

let current: UnitState | undefined;

/** The path of this unit's store: `$UNIT_STATE_DB`, else `<charm dir>/.unit-state.lmdb`. */
export function unitStatePath(): string {
  return process.env.UNIT_STATE_DB || join(charmDir(), '.unit-state.lmdb');
}

/** The unit's store, opened on first use. */
export function unitState(): UnitState {
  current ??= UnitState.open(unitStatePath());
  return current;
}

/** Replaces the process's store (the harness and tests use this); `undefined` reopens from the environment on next use. */
export function setUnitState(state: UnitState | undefined): void {
  current = state;
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new UnitStateError(`unit state key must be a non-empty string, got ${JSON.stringify(key)}`);
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most keys need no count.
  if (key.length * 3 > MAX_KEY_BYTES && Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new UnitStateError(`unit state key "${key.slice(0, 60)}…" is longer than ${MAX_KEY_BYTES} bytes`);
  }
}

const LMDB_MAGIC = 0xbeefc0de;

/**
 * LMDB trusts its file and crashes the process on garbage, so a non-empty file
 * must start with an LMDB meta page (magic number after the page header).
 */
function checkHeader(path: string): void {
  const header = Buffer.alloc(32);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length === 0) return;
  const valid = length === header.length && (header.readUInt32LE(16) === LMDB_MAGIC || header.readUInt32LE(24) === LMDB_MAGIC);
  if (!valid) throw new UnitStateError(`unit state ${path}: not an LMDB store (corrupt file?); move it aside to start afresh`);
}

/** Creates the file with mode 0600 if it does not exist, so LMDB never makes it world-readable. */
function createPrivate(path: string): void {
  try {
    closeSync(openSync(path, 'a', 0o600));
  } catch (error) {
    throw new UnitStateError(`unit state ${path}: cannot create (${reason(error)})`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
