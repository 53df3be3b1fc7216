import { readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, open as OpenLMDB } from 'lmdb';
import { requireWithCodeCache } from './code-cache.js';
import { charmDir } from './context.js';
import { type JSONCompatible, toJSONText } from './json-value.js';
import { SortedEntries } from './sorted-entries.js';
import { prepareStoreFiles, removeCreatedFiles } from './store-files.js';
import { UnitStateError } from './unit-state-error.js';

export { UnitStateError };

/** The LMDB entry holding the whole store: a JSON array [key, JSON text, key, JSON text, ...]. */
const DOCUMENT_KEY = 'unit-state/v1';
/** LMDB keys of side entries: `entry/<name>`. */
const ENTRY_PREFIX = 'entry/';
const DELETED = null;

/** The committed state at one moment (see {@link UnitState.snapshot}). */
export interface UnitStateSnapshot {
  readonly document: string | undefined;
}

/**
 * The unit's key/value store (charm-helpers' `unitdata.kv()`), on LMDB.
 *
 * The store is one LMDB entry, a JSON array of keys each followed by its value's
 * JSON text, read in one go on first use: a hook reads every key it needs with
 * a single LMDB read. Changes are kept in memory and visible at once to this
 * process; `commit()` applies them to the latest committed document inside one
 * LMDB write transaction, so a process that dies before or during the commit
 * leaves the store exactly as it was, and concurrent committers lose nothing.
 */
export class UnitState {
  readonly path: string;
  private readonly db: Database<string, string>;
  /** The committed document, loaded on first use. */
  private committed: SortedEntries | undefined;
  /** Uncommitted changes: key -> JSON text, or DELETED. */
  private readonly pending = new Map<string, string | typeof DELETED>();
  /** Uncommitted side entries: name -> text, or DELETED. */
  private readonly pendingEntries = new Map<string, string | typeof DELETED>();
  /**
   * Live sets of the keys under a prefix (prefix stripped), built on first ask
   * and kept in step with set/unset. A list, not a map: there are one or two,
   * and every set() walks it, cheaply while the code is still cold.
   */
  private readonly keySets: KeySet[] = [];
  private generationCount = 0;
  private closed = false;

  private constructor(
    path: string,
    db: Database<string, string>,
    private readonly readOnly: boolean,
    /** The store's real path, its key in the process's open files. */
    private readonly file: string,
  ) {
    this.path = path;
    this.db = db;
  }

  /**
   * Opens (creating if needed, mode 0600) the store file at `path`; if it
   * fails, the files it created are removed. `readOnly`: an existing store,
   * changed in nothing (see prepareStoreFiles), and no commit.
   */
  static open(path: string, opts: { readOnly?: boolean } = {}): UnitState {
    const readOnly = opts.readOnly ?? false;
    // A store this process has open (through any copy of this package) is mapped: its files are ready.
    const file = realPath(path);
    const { openFiles } = registry;
    const created = openFiles.has(file) ? [] : prepareStoreFiles(path, { readOnly });
    let db: Database<string, string>;
    try {
      db = loadLMDB()<string, string>({ path, encoding: 'string', noSubdir: true, compression: false, cache: false, readOnly });
    } catch (error) {
      removeCreatedFiles(path, created);
      throw new UnitStateError(`unit state ${path}: cannot open (${reason(error)})`);
    }
    openFiles.set(file, (openFiles.get(file) ?? 0) + 1);
    return new UnitState(path, db, readOnly, file);
  }

  /** The decoded value of `key`, or `fallback` when it is not set. */
  get<T = unknown>(key: string, fallback?: T): T | undefined {
    const text = this.text(key);
    if (text === undefined) return fallback;
    return (text === 'null' ? null : text === 'true' ? true : text === 'false' ? false : JSON.parse(text)) as T;
  }

  /** Sets `key` to `value`, which must be something JSON can hold. */
  set<T>(key: string, value: T & JSONCompatible<T>): void {
    checkKey(key);
    // null (a flag without a value) and booleans are the common cases: no message built, no walk.
    this.pending.set(key, value === null ? 'null' : typeof value === 'boolean' ? String(value) : toJSONText(value, `unit state key "${key}"`));
    for (let i = 0; i < this.keySets.length; i++) {
      const { prefix, names } = this.keySets[i]!;
      if (key.startsWith(prefix)) names.add(key.slice(prefix.length));
    }
  }

  unset(key: string): void {
    checkKey(key);
    this.pending.set(key, DELETED);
    for (let i = 0; i < this.keySets.length; i++) {
      const { prefix, names } = this.keySets[i]!;
      if (key.startsWith(prefix)) names.delete(key.slice(prefix.length));
    }
  }

  has(key: string): boolean {
    return this.text(key) !== undefined;
  }

  /** Sets `prefix + key` for every entry of `mapping`. */
  update(mapping: Record<string, unknown>, opts: { prefix?: string } = {}): void {
    const prefix = opts.prefix ?? '';
    for (const [key, value] of Object.entries(mapping)) this.set(prefix + key, value);
  }

  /**
   * Every key that starts with `prefix` (an exact prefix, not SQL LIKE),
   * sorted; `strip` drops the prefix from each.
   */
  keys(prefix = '', opts: { strip?: boolean } = {}): string[] {
    const strip = opts.strip ? prefix.length : 0;
    const committed = this.load().keysWithPrefix(prefix, strip);
    if (this.pending.size === 0) return committed;
    const keys = strip ? committed.filter((key) => !this.pending.has(prefix + key)) : committed.filter((key) => !this.pending.has(key));
    let added = false;
    for (const [key, text] of this.pending) {
      if (text !== DELETED && key.startsWith(prefix)) {
        keys.push(key.slice(strip));
        added = true;
      }
    }
    return added ? keys.sort() : keys;
  }

  /**
   * The keys starting with `prefix`, the prefix dropped, as a set kept in step
   * with this object's set/unset calls: testing for a key (a flag) is a Set
   * lookup. Ask again after anything that changes {@link generation}: the set
   * is rebuilt then, as the store may hold what other processes committed.
   */
  keySet(prefix: string): ReadonlySet<string> {
    for (let i = 0; i < this.keySets.length; i++) if (this.keySets[i]!.prefix === prefix) return this.keySets[i]!.names;
    const names = new Set(this.keys(prefix, { strip: true }));
    this.keySets.push({ prefix, names });
    return names;
  }

  /** The entries whose keys start with `prefix`, decoded; `strip` drops the prefix. */
  getRange(prefix: string, opts: { strip?: boolean } = {}): Record<string, unknown> {
    const range: Record<string, unknown> = {};
    for (const name of this.keys(prefix, opts)) {
      const key = opts.strip ? prefix + name : name;
      Object.defineProperty(range, name, { value: this.get(key), enumerable: true, writable: true, configurable: true });
    }
    return range;
  }

  /** Unsets `prefix + key` for each of `keys`, or every key starting with `prefix`. */
  unsetRange(keys?: string[], prefix = ''): void {
    const targets = keys ? keys.map((key) => prefix + key) : this.keys(prefix);
    for (const key of targets) this.unset(key);
  }

  /**
   * A side entry: text kept in an LMDB entry of its own, beside the document
   * of keys (for bulky data that most hooks never read, such as the flight
   * record), so that loading and committing the keys does not carry it.
   */
  entry(name: string): string | undefined {
    const pending = this.pendingEntries.get(name);
    if (pending !== undefined) return pending === DELETED ? undefined : pending;
    return this.guardedRead(ENTRY_PREFIX + name);
  }

  /** The names of the side entries starting with `prefix`, sorted. */
  entryNames(prefix = ''): string[] {
    const start = ENTRY_PREFIX + prefix;
    const names = new Set<string>();
    try {
      for (const key of this.db.getKeys({ start, end: `${start}\uffff` })) names.add(String(key).slice(ENTRY_PREFIX.length));
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: cannot read (${reason(error)})`);
    }
    for (const [name, text] of this.pendingEntries) {
      if (!name.startsWith(prefix)) continue;
      if (text === DELETED) names.delete(name);
      else names.add(name);
    }
    return [...names].sort();
  }

  /** Sets a side entry (`undefined` removes it); written by the next commit, in its transaction. */
  setEntry(name: string, text: string | undefined): void {
    checkKey(name);
    this.pendingEntries.set(name, text ?? DELETED);
  }

  /** Whether there are changes not yet committed. */
  get dirty(): boolean {
    return this.pending.size > 0 || this.pendingEntries.size > 0;
  }

  /**
   * Changes whenever what the store holds may change other than through
   * set/unset on this object: a commit, a revert, a refresh, a restore, a
   * close. A cache of the state (kept up to date with its own set/unset calls)
   * stays good while this stays the same.
   */
  get generation(): number {
    return this.generationCount;
  }

  /** Applies every pending change to the latest committed state, in one transaction. */
  commit(): void {
    if (!this.dirty) return;
    if (this.readOnly) throw new UnitStateError(`unit state ${this.path}: opened read-only, nothing written`);
    let next: SortedEntries | undefined;
    try {
      next = this.db.transactionSync(() => {
        for (const [name, text] of this.pendingEntries) {
          if (text === DELETED) this.db.removeSync(ENTRY_PREFIX + name);
          else this.db.putSync(ENTRY_PREFIX + name, text);
        }
        if (this.pending.size === 0) return this.committed;
        const latest = this.readDocument().toMap();
        for (const [key, text] of this.pending) {
          if (text === DELETED) latest.delete(key);
          else latest.set(key, text);
        }
        const entries = SortedEntries.fromMap(latest);
        this.db.putSync(DOCUMENT_KEY, entries.serialise());
        return entries;
      });
    } catch (error) {
      if (error instanceof UnitStateError) throw error;
      throw new UnitStateError(`unit state ${this.path}: commit failed, nothing written (${reason(error)})`);
    }
    this.committed = next;
    this.pending.clear();
    this.pendingEntries.clear();
    this.changedGeneration();
  }

  /** Drops every pending change. */
  revert(): void {
    this.pending.clear();
    this.pendingEntries.clear();
    this.changedGeneration();
  }

  /** The committed state as it is on disk now, to {@link restore} later. */
  snapshot(): UnitStateSnapshot {
    this.db.resetReadTxn();
    return { document: this.guardedRead() };
  }

  /** Puts back a snapshot's keys, dropping pending changes and anything committed since (side entries stay as they are). */
  restore(snapshot: UnitStateSnapshot): void {
    try {
      this.db.transactionSync(() => {
        if (snapshot.document === undefined) this.db.removeSync(DOCUMENT_KEY);
        else this.db.putSync(DOCUMENT_KEY, snapshot.document);
      });
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: restore failed (${reason(error)})`);
    }
    this.pending.clear();
    this.pendingEntries.clear();
    this.committed = undefined;
    this.changedGeneration();
  }

  /** Forgets what was loaded, so the next read sees what other processes committed meanwhile. */
  refresh(): void {
    this.committed = undefined;
    this.db.resetReadTxn();
    this.changedGeneration();
  }

  /** Resolves once committed changes are durable on disk. */
  async flushed(): Promise<void> {
    await this.db.flushed;
  }

  /** Waits for durability and closes the store; pending changes are dropped. */
  async close(): Promise<void> {
    this.pending.clear();
    this.pendingEntries.clear();
    this.committed = undefined;
    this.changedGeneration();
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
    const { openFiles } = registry;
    const holders = (openFiles.get(this.file) ?? 1) - 1;
    if (holders > 0) openFiles.set(this.file, holders);
    else openFiles.delete(this.file);
  }

  private changedGeneration(): void {
    this.generationCount++;
    this.keySets.length = 0;
  }

  private text(key: string): string | undefined {
    const pending = this.pending.get(key);
    if (pending !== undefined) return pending === DELETED ? undefined : pending;
    return (this.committed ?? this.load()).get(key);
  }

  private load(): SortedEntries {
    this.committed ??= this.readDocument();
    return this.committed;
  }

  private guardedRead(key = DOCUMENT_KEY): string | undefined {
    try {
      return this.db.get(key);
    } catch (error) {
      throw new UnitStateError(`unit state ${this.path}: cannot read (${reason(error)})`);
    }
  }

  private readDocument(): SortedEntries {
    const text = this.guardedRead();
    if (text === undefined) return SortedEntries.empty();
    const entries = SortedEntries.parse(text);
    if (!entries) throw new UnitStateError(`unit state ${this.path}: the stored document is malformed (corrupt store?)`);
    return entries;
  }
}

interface KeySet {
  readonly prefix: string;
  readonly names: Set<string>;
}

/**
 * What every copy of this package loaded in the process shares (a charm may
 * bring its own copy beside the framework's): the unit's store, so that both
 * see and commit one set of pending changes, and the store files open, by real
 * path. The symbol's version changes with the shape of this record or of
 * UnitState's methods: copies that differ there do not share.
 */
interface Registry {
  current: UnitState | undefined;
  /** The store files the process has open, with how many UnitStates hold each. */
  readonly openFiles: Map<string, number>;
}
const REGISTRY = Symbol.for('@reactive/hookenv.unit-state.v1');
const registry: Registry = ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= { current: undefined, openFiles: new Map() });

/** The path of this unit's store: `$UNIT_STATE_DB`, else `<charm dir>/.unit-state.lmdb`. */
export function unitStatePath(): string {
  return process.env.UNIT_STATE_DB || join(charmDir(), '.unit-state.lmdb');
}

/** The unit's store, opened on first use. */
export function unitState(): UnitState {
  registry.current ??= UnitState.open(unitStatePath());
  return registry.current;
}

/** The process's store if it is open, without opening it. */
export function openedUnitState(): UnitState | undefined {
  return registry.current;
}

/** Replaces the process's store (the harness and tests use this); `undefined` reopens from the environment on next use. */
export function setUnitState(state: UnitState | undefined): void {
  registry.current = state;
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new UnitStateError(`unit state key must be a non-empty string, got ${JSON.stringify(key)}`);
}

let openLMDB: typeof OpenLMDB | undefined;
/** Beside this package's code: LMDB's compiled JavaScript, written by the first hooks (see requireWithCodeCache). */
const LMDB_CODE_CACHE = 'lmdb.v8cache';

/**
 * Loads LMDB on first use, as its single-file CommonJS build (a third of the
 * start-up time of its ES module graph). Its native loader would spawn a
 * process to tell glibc from musl; a look at /lib answers that for it. The
 * store holds strings, never MessagePack, so msgpackr's native decoder (a
 * fifth of LMDB's load time) is not loaded. Its JavaScript compiles with a
 * code cache, as the framework's bundles do.
 */
function loadLMDB(): typeof OpenLMDB {
  if (openLMDB) return openLMDB;
  const env = { LIBC: isMusl() ? 'musl' : 'glibc', MSGPACKR_NATIVE_ACCELERATION_DISABLED: 'true' };
  const saved = Object.keys(env).filter((name) => process.env[name] === undefined);
  for (const [name, value] of Object.entries(env)) process.env[name] ??= value;
  try {
    const lmdb = requireWithCodeCache(createRequire(import.meta.url), 'lmdb', join(dirname(fileURLToPath(import.meta.url)), LMDB_CODE_CACHE));
    openLMDB = (lmdb as { open: typeof OpenLMDB }).open;
  } finally {
    for (const name of saved) delete process.env[name];
  }
  return openLMDB;
}

function isMusl(): boolean {
  try {
    return readdirSync('/lib').some((name) => name.startsWith('ld-musl-'));
  } catch {
    return false;
  }
}

/** `path` with every link resolved (the folder's, when the file is yet to be made). */
function realPath(path: string): string {
  const file = resolve(path);
  try {
    return realpathSync.native(file);
  } catch {
    try {
      return join(realpathSync.native(dirname(file)), basename(file));
    } catch {
      return file;
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
