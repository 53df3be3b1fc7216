import { unitState } from '@reactive/hookenv';
import { KeyList } from './key-list.js';

/**
 * A KeyList kept in the unit state under one key: every change through
 * push, splice, pop, shift, deleteKey or clear is saved at once (and the key
 * is removed when the list becomes empty).
 */
export class CachedKeyList<T extends { toJSON(): unknown }> extends KeyList<T> {
  private storeKey = '';

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stored form is whatever T's toJSON() wrote
  static load<T extends { toJSON(): unknown }>(storeKey: string, keyOf: (item: T) => string, revive: (stored: any) => T): CachedKeyList<T> {
    const list = new CachedKeyList<T>();
    list.storeKey = storeKey;
    list.keyOf = keyOf;
    const stored = unitState().get<unknown[]>(storeKey, []);
    for (const item of Array.isArray(stored) ? stored : []) Array.prototype.push.call(list, revive(item));
    return list;
  }

  override push(...items: T[]): number {
    const length = super.push(...items);
    this.save();
    return length;
  }

  override splice(start: number, deleteCount?: number, ...items: T[]): T[] {
    const removed = deleteCount === undefined ? super.splice(start) : super.splice(start, deleteCount, ...items);
    this.save();
    return removed;
  }

  override pop(): T | undefined {
    const item = super.pop();
    this.save();
    return item;
  }

  override shift(): T | undefined {
    const item = super.shift();
    this.save();
    return item;
  }

  clear(): void {
    this.length = 0;
    this.save();
  }

  private save(): void {
    if (!this.storeKey) return;
    if (this.length === 0) unitState().unset(this.storeKey);
    else
      unitState().set(
        this.storeKey,
        this.map((item) => item.toJSON()),
      );
  }
}
