import { type JSONCompatible, parsePythonJSON, pythonJSON } from '@reactive/hookenv';
import { guardProperties } from './view-properties.js';

type Raw = string | null;

/** Error for writes to data the local unit cannot change. */
export class ReadOnlyDataError extends Error {
  constructor() {
    super('Remote unit data cannot be modified');
    this.name = 'ReadOnlyDataError';
  }
}

/**
 * A relation databag as strings, with Python's dict surface. Remote data is
 * read-only; local data (`toPublish`) is writeable and remembers that it was
 * modified, so it is published at the end of the hook. Keys are plain data:
 * `__proto__` from a remote unit is just a key. Used as a plain object
 * (`view.host = 'x'`) it throws (see guardProperties).
 */
export class UnitDataView {
  readonly writeable: boolean;
  private readonly data: Map<string, Raw>;
  // An object, not a boolean field: the view takes no property writes once guarded.
  private readonly written = { modified: false };

  constructor(data: Record<string, unknown> | null | undefined, writeable = false) {
    this.writeable = writeable;
    this.data = new Map(data && typeof data === 'object' ? Object.entries(data).map(([k, v]) => [k, v === null ? null : String(v)]) : []);
    return guardProperties(this);
  }

  /** Whether anything was written (never reset). */
  get modified(): boolean {
    return this.written.modified;
  }

  get size(): number {
    return this.data.size;
  }

  /** The value, or `fallback` (default null) when the key is absent. */
  get(key: string, fallback: Raw = null): Raw {
    return this.data.has(key) ? this.data.get(key)! : fallback;
  }

  /** Sets `key` to a string, or null (which unsets it when published); anything else is a TypeError naming the key. */
  set(key: string, value: Raw): void {
    if (!this.writeable) throw new ReadOnlyDataError();
    checkRaw(key, value);
    this.written.modified = true;
    this.data.set(key, value);
  }

  /** Removes a key (as Python, this neither needs nor marks the view writeable/modified). */
  delete(key: string): void {
    if (!this.data.delete(key)) throw new Error(`KeyError: '${key}'`);
  }

  has(key: string): boolean {
    return this.data.has(key);
  }

  keys(): string[] {
    return [...this.data.keys()];
  }

  entries(): Array<[string, Raw]> {
    return [...this.data.entries()];
  }

  /** Sets every entry, or (a value that is not a string or null) none. */
  update(mapping: Record<string, Raw>): void {
    if (!this.writeable) throw new ReadOnlyDataError();
    for (const [key, value] of Object.entries(mapping)) checkRaw(key, value);
    for (const [key, value] of Object.entries(mapping)) this.set(key, value);
  }

  setdefault(key: string, value: Raw): Raw {
    if (!this.data.has(key)) this.set(key, value);
    return this.get(key);
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.data.keys();
  }

  toJSON(): Record<string, Raw> {
    return Object.fromEntries(this.data);
  }
}

/**
 * Relation data is text. Python's relation_set wrote `str(value)` (`True`,
 * `1.0`), which JavaScript cannot reproduce for numbers (1 and 1.0 are one
 * value), so a value from plain JavaScript that is not a string is refused, as
 * ops refuses it, rather than published as text the other side does not expect.
 */
function checkRaw(key: string, value: unknown): asserts value is Raw {
  if (value === null || typeof value === 'string') return;
  const shown = typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint' ? ` (${String(value)})` : '';
  throw new TypeError(
    `relation data value of "${key}" must be a string or null, not ${typeof value}${shown}: convert it yourself, or write it as JSON with toPublish`,
  );
}

/**
 * The same databag with JSON values, encoded as the Python library encodes
 * them (`json.dumps(value, sort_keys=True)`), so either side reads the other's
 * data. A value that is not JSON reads as the raw string.
 */
export class JSONUnitDataView {
  readonly rawData: UnitDataView;

  constructor(data: Record<string, unknown> | null | undefined | UnitDataView, writeable = false) {
    this.rawData = data instanceof UnitDataView ? data : new UnitDataView(data, writeable);
    return guardProperties(this);
  }

  get modified(): boolean {
    return this.rawData.modified;
  }

  get writeable(): boolean {
    return this.rawData.writeable;
  }

  get size(): number {
    return this.rawData.size;
  }

  /** The decoded value, or `fallback` (default null) when the key is absent. */
  get(key: string, fallback: unknown = null): unknown {
    return this.rawData.has(key) ? decode(this.rawData.get(key)) : fallback;
  }

  /** Sets `key` to `value` as JSON; a value whose type JSON cannot hold (a function, a Date) does not compile, as Python's json.dumps refuses it. */
  set<T>(key: string, value: T & JSONCompatible<T>): void {
    this.rawData.set(key, pythonJSON(value));
  }

  delete(key: string): void {
    this.rawData.delete(key);
  }

  has(key: string): boolean {
    return this.rawData.has(key);
  }

  keys(): string[] {
    return this.rawData.keys();
  }

  entries(): Array<[string, unknown]> {
    return this.rawData.entries().map(([key, raw]) => [key, decode(raw)]);
  }

  update(mapping: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(mapping)) this.set(key, value);
  }

  setdefault<T>(key: string, value: T & JSONCompatible<T>): unknown {
    if (!this.rawData.has(key)) this.set<T>(key, value);
    return this.get(key);
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.rawData[Symbol.iterator]();
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.entries());
  }
}

/** Python's decoding of relation values: empty stays as is, JSON is parsed, anything else is the raw string. */
export function decode(raw: Raw): unknown {
  if (!raw) return raw;
  try {
    return parsePythonJSON(raw);
  } catch {
    return raw;
  }
}
