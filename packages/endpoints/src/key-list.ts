/**
 * An array whose items can also be looked up by a key (Python's KeyList):
 * `list.get(0)`, `list.get(-1)`, `list.get('db:3')`. Keys need not be unique:
 * a key gives the first item that has it.
 */
export class KeyList<T> extends Array<T> {
  // map(), filter() and friends give plain arrays.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  protected keyOf: (item: T) => string = String;

  /** A KeyList of `items`, keyed by `keyOf(item)`. */
  static keyed<T>(items: Iterable<T>, keyOf: (item: T) => string): KeyList<T> {
    const list = new KeyList<T>();
    list.keyOf = keyOf;
    for (const item of items) list.push(item);
    return list;
  }

  /** The item at an index (negative counts from the end), or the first item with that key. */
  get(key: string | number): T | undefined {
    if (typeof key === 'number') return this.at(key);
    return this.find((item) => this.keyOf(item) === key);
  }

  /** Whether an item has this key. */
  hasKey(key: string): boolean {
    return this.some((item) => this.keyOf(item) === key);
  }

  /** The key of every item, in order, duplicates included. */
  keyNames(): string[] {
    return this.map((item) => this.keyOf(item));
  }

  /** Removes the first item with this key; false when there is none. */
  deleteKey(key: string): boolean {
    const index = this.findIndex((item) => this.keyOf(item) === key);
    if (index === -1) return false;
    this.splice(index, 1);
    return true;
  }
}
