/**
 * The committed entries of a unit state, as stored: one flat array
 * `[key, text, key, text, …]` sorted by key. Loading is a JSON parse and one
 * check of the order (no map to build); lookups are binary searches.
 */
export class SortedEntries {
  private readonly flat: string[];

  private constructor(flat: string[]) {
    this.flat = flat;
  }

  static empty(): SortedEntries {
    return new SortedEntries([]);
  }

  /** The entries of a stored document, or undefined when it is not one. */
  static parse(text: string): SortedEntries | undefined {
    let flat: unknown;
    try {
      flat = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(flat) || flat.length % 2 !== 0) return undefined;
    let sorted = true;
    for (let i = 0; i < flat.length; i += 2) {
      if (typeof flat[i] !== 'string' || typeof flat[i + 1] !== 'string') return undefined;
      if (i > 0 && flat[i - 2] >= flat[i]) sorted = false;
    }
    return new SortedEntries(sorted ? (flat as string[]) : sortPairs(flat as string[]));
  }

  static fromMap(entries: Map<string, string>): SortedEntries {
    const flat: string[] = [];
    for (const key of [...entries.keys()].sort()) flat.push(key, entries.get(key)!);
    return new SortedEntries(flat);
  }

  get(key: string): string | undefined {
    const flat = this.flat;
    if (flat.length === 0) return undefined;
    const index = 2 * this.lowerBound(key);
    return flat[index] === key ? flat[index + 1] : undefined;
  }

  get size(): number {
    return this.flat.length / 2;
  }

  /** The keys starting with `prefix`, in order, each without its first `strip` characters. */
  keysWithPrefix(prefix: string, strip = 0): string[] {
    const flat = this.flat;
    const start = this.lowerBound(prefix);
    const end = this.endOfPrefix(prefix, start);
    const keys = new Array<string>(end - start);
    for (let i = start; i < end; i++) keys[i - start] = strip ? flat[2 * i]!.slice(strip) : flat[2 * i]!;
    return keys;
  }

  toMap(): Map<string, string> {
    const entries = new Map<string, string>();
    for (let i = 0; i < this.flat.length; i += 2) entries.set(this.flat[i]!, this.flat[i + 1]!);
    return entries;
  }

  serialise(): string {
    return JSON.stringify(this.flat);
  }

  /** The index after the last key starting with `prefix` (keys from `start` on are not less than it). */
  private endOfPrefix(prefix: string, start: number): number {
    let low = start;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.flat[2 * mid]!.startsWith(prefix)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The index of the first key not less than `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.flat[2 * mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function sortPairs(flat: string[]): string[] {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.flat();
}
