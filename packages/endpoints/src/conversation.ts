import { clearFlag, getFlags, getFlagValue, setFlag } from '@reactive/flags';
import {
  hookName,
  relatedUnits,
  relationGet,
  relationId,
  relationIds,
  relationSet,
  relationType,
  remoteUnit,
  unitApplication,
  unitState,
  type RelationSettings,
} from '@reactive/hookenv';
import { scopes } from './scopes.js';

/** The kv prefix of conversation records: `reactive.conversations.<namespace>.<scope>`. */
export const CONVERSATION_PREFIX = 'reactive.conversations.';

/** A conversation as stored in the unit's kv (field order as Python writes it). */
export interface ConversationRecord {
  namespace: string;
  scope: string;
  units: string[];
}

/** The value of a flag set through a conversation: the relation name and the conversation keys. */
export interface ConversationFlagValue {
  relation: string;
  conversations: string[];
}

/** Passed as `active` to toggle: "set when not set, remove when set" (also what `undefined` means). */
const TOGGLE: unique symbol = Symbol('Conversation.TOGGLE');

/** Data for {@link Conversation.setRemote} and {@link Conversation.setLocal}: `data`, then `key`, then `kwargs`. */
export function mergeData(
  key: string | null | undefined,
  value: unknown,
  data: Record<string, unknown> | null | undefined,
  kwargs: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(data ?? {})) put(k, v);
  if (key !== null && key !== undefined) put(key, value === undefined ? null : value);
  for (const [k, v] of Object.entries(kwargs ?? {})) put(k, v);
  return merged;
}

/**
 * A legacy conversation (charms.reactive's `Conversation`): the remote units a
 * {@link RelationBase} talks to in one scope, with flags, remote data and
 * local data of its own.
 *
 * - UNIT scope: one conversation per remote unit, namespace = the relation id
 *   (`reactive.conversations.db:0.mysql/0`);
 * - SERVICE scope: one per remote application, namespace = the relation id
 *   (`reactive.conversations.db:0.mysql`);
 * - GLOBAL (or a custom scope): one for the whole relation name, namespace =
 *   the relation name (`reactive.conversations.db.global`).
 */
export class Conversation {
  /** Passed as `active` to {@link toggleFlag}: toggle. Python's `TOGGLE`. */
  static readonly TOGGLE: typeof TOGGLE = TOGGLE;

  readonly namespace: string;
  readonly scope: string;
  /** The remote units in the conversation, sorted (a set in Python). */
  units: string[];

  constructor(namespace: string, units: Iterable<string> = [], scope: string) {
    this.namespace = namespace;
    this.scope = scope;
    this.units = sortedUnique(units);
  }

  /** `reactive.conversations.<namespace>.<scope>`: where the record and its local data live in the kv. */
  get key(): string {
    return Conversation.keyFor(this.namespace, this.scope);
  }

  static keyFor(namespace: string, scope: string): string {
    return `${CONVERSATION_PREFIX}${namespace}.${scope}`;
  }

  /** The relation name: the namespace up to the first `:`. */
  get relationName(): string {
    const colon = this.namespace.indexOf(':');
    return colon === -1 ? this.namespace : this.namespace.slice(0, colon);
  }

  /** The relation ids the conversation spans: `relation-ids <namespace>` for GLOBAL, else `[namespace]` (no hook tool). */
  async relationIds(): Promise<string[]> {
    if (this.scope === scopes.GLOBAL) return [...(await relationIds(this.namespace))];
    return [this.namespace];
  }

  /** The stored form, `{namespace, scope, units}` with sorted units. */
  serialize(): ConversationRecord {
    return { namespace: this.namespace, scope: this.scope, units: sortedUnique(this.units) };
  }

  toJSON(): ConversationRecord {
    return this.serialize();
  }

  static deserialize(record: ConversationRecord): Conversation {
    return new Conversation(record.namespace, record.units ?? [], record.scope);
  }

  /**
   * Joins (creating if needed) the conversation of `scope` for the current
   * relation hook, adding the remote unit to it, and saves it:
   * UNIT → namespace JUJU_RELATION_ID, scope the remote unit;
   * SERVICE → namespace JUJU_RELATION_ID, scope the remote application;
   * any other scope → namespace JUJU_RELATION, scope as given.
   * Throws outside a relation hook (Python would write `...None.None` keys),
   * and for UNIT/SERVICE when there is no remote unit (relation-created, -broken).
   */
  static join(scope: string): Conversation {
    const unit = remoteUnit();
    let namespace: string | undefined;
    let resolved: string | undefined;
    if (scope === scopes.UNIT || scope === scopes.SERVICE) {
      namespace = relationId();
      resolved = unit === undefined ? undefined : scope === scopes.UNIT ? unit : unitApplication(unit);
      if (!namespace) throw new Error(`Conversation.join('${scope}'): not in a relation hook (JUJU_RELATION_ID is not set) in hook ${hookName()}`);
      if (!resolved) throw new Error(`Conversation.join('${scope}'): no remote unit (JUJU_REMOTE_UNIT is not set) in hook ${hookName()}`);
    } else {
      namespace = relationType();
      resolved = scope;
      if (!namespace) throw new Error(`Conversation.join('${scope}'): not in a relation hook (JUJU_RELATION is not set) in hook ${hookName()}`);
    }
    const key = Conversation.keyFor(namespace, resolved);
    const stored = readRecord(key);
    const conversation = stored ? Conversation.deserialize(stored) : new Conversation(namespace, [], resolved);
    if (unit !== undefined) conversation.addUnit(unit);
    unitState().set(key, conversation.serialize());
    return conversation;
  }

  /** Leaves the conversation: removes the remote unit; saves it while units remain, else deletes the record. */
  depart(): void {
    const unit = remoteUnit();
    if (unit === undefined) throw new Error(`Conversation ${this.key}: depart() needs a remote unit (JUJU_REMOTE_UNIT is not set) in hook ${hookName()}`);
    this.units = this.units.filter((u) => u !== unit);
    if (this.units.length > 0) unitState().set(this.key, this.serialize());
    else unitState().unset(this.key);
  }

  /** The stored conversations under `keys`, in order, skipping missing ones. */
  static load(keys: Iterable<string>): Conversation[] {
    const conversations: Conversation[] = [];
    for (const key of keys) {
      const record = readRecord(key);
      if (record) conversations.push(Conversation.deserialize(record));
    }
    return conversations;
  }

  /**
   * Sets `flag` for this conversation: its value becomes (or stays)
   * `{relation, conversations: [...keys]}` with this conversation's key added
   * once. `{relation_name}` in the flag is replaced by the relation name (a
   * literal replace; Python used `str.format`).
   */
  setFlag(flag: string): void {
    flag = this.expandFlag(flag);
    const value = conversationFlagValue(flag) ?? { relation: this.relationName, conversations: [] };
    if (!value.conversations.includes(this.key)) value.conversations.push(this.key);
    setFlag(flag, value);
  }

  /** Removes this conversation from `flag`; clears the flag when no conversation is left. A no-op when the flag has no value. */
  removeFlag(flag: string): void {
    flag = this.expandFlag(flag);
    const value = conversationFlagValue(flag);
    if (!value) return;
    value.conversations = value.conversations.filter((key) => key !== this.key);
    if (value.conversations.length > 0) setFlag(flag, value);
    else clearFlag(flag);
  }

  /** Whether `flag` is set for this conversation. */
  isFlagSet(flag: string): boolean {
    const value = conversationFlagValue(this.expandFlag(flag));
    return value !== null && value.conversations.includes(this.key);
  }

  /**
   * Sets `flag` for this conversation when `active` is truthy, removes it
   * when falsy (null included); with no `active` (or TOGGLE) flips it.
   */
  toggleFlag(flag: string, active: unknown = TOGGLE): void {
    if (active === TOGGLE || active === undefined) active = !this.isFlagSet(flag);
    if (active) this.setFlag(flag);
    else this.removeFlag(flag);
  }

  /** @deprecated Use {@link setFlag}. */
  setState(state: string): void {
    this.setFlag(state);
  }

  /** @deprecated Use {@link removeFlag}. */
  removeState(state: string): void {
    this.removeFlag(state);
  }

  /** @deprecated Use {@link isFlagSet}. */
  isState(state: string): boolean {
    return this.isFlagSet(state);
  }

  /** @deprecated Use {@link toggleFlag}. */
  toggleState(state: string, active: unknown = TOGGLE): void {
    this.toggleFlag(state, active);
  }

  /**
   * Publishes data to every relation of the conversation (one relation-set
   * per relation id, raw strings, null unsets). The data is `data`, then
   * `key`=`value` when a key is given, then `kwargs` (Python's keyword
   * arguments), later entries winning. Nothing happens when it is empty.
   */
  async setRemote(key?: string | null, value?: unknown, data?: Record<string, unknown> | null, kwargs?: Record<string, unknown> | null): Promise<void> {
    const merged = mergeData(key, value, data, kwargs);
    if (Object.keys(merged).length === 0) return;
    const settings = toSettings(merged, this.key);
    for (const rid of await this.relationIds()) await relationSet({ relationId: rid }, settings);
  }

  /**
   * The first truthy value of `key` among the conversation's units, over its
   * relations in order (relation-list order within each), else `fallback`. In
   * a `-relation-departed` hook the departing unit is still asked, on the
   * current relation id.
   */
  async getRemote(key: string, fallback: unknown = null): Promise<unknown> {
    const currentRid = relationId();
    const departing = hookName().endsWith('-relation-departed');
    for (const rid of await this.relationIds()) {
      const units = [...(await relatedUnits(rid))];
      const departingUnit = remoteUnit();
      if (departing && currentRid === rid && departingUnit !== undefined) units.push(departingUnit);
      for (const unit of units) {
        if (!this.units.includes(unit)) continue;
        const found = await relationGet({ relationId: rid, unit, key });
        if (found) return found;
      }
    }
    return fallback;
  }

  /** Stores data in the kv under `<key>.local-data.<k>` (same merge as {@link setRemote}; nothing when empty). */
  setLocal(key?: string | null, value?: unknown, data?: Record<string, unknown> | null, kwargs?: Record<string, unknown> | null): void {
    const merged = mergeData(key, value, data, kwargs);
    if (Object.keys(merged).length === 0) return;
    unitState().update(merged, { prefix: `${this.key}.local-data.` });
  }

  /** The local data stored under `key`, or `fallback`. */
  getLocal(key: string, fallback: unknown = null): unknown {
    return unitState().get(`${this.key}.local-data.${key}`, fallback);
  }

  private addUnit(unit: string): void {
    this.units = sortedUnique([...this.units, unit]);
  }

  private expandFlag(flag: string): string {
    return flag.replaceAll('{relation_name}', this.relationName);
  }
}

/** The conversation record under `key`, or null when missing (or not a record). */
function readRecord(key: string): ConversationRecord | null {
  const record = unitState().get<unknown>(key);
  if (!record || typeof record !== 'object' || Array.isArray(record)) return null;
  const { namespace, scope, units } = record as Partial<ConversationRecord>;
  if (typeof namespace !== 'string' || typeof scope !== 'string') return null;
  return { namespace, scope, units: Array.isArray(units) ? units.filter((u): u is string => typeof u === 'string') : [] };
}

/**
 * The `{relation, conversations}` value of a flag, or null when the flag is
 * not set or has no such value (an ordinary flag, set with no value).
 */
export function conversationFlagValue(flag: string): ConversationFlagValue | null {
  const value = getFlagValue(flag);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const conversations = (value as { conversations?: unknown }).conversations;
  if (!Array.isArray(conversations)) return null;
  return value as ConversationFlagValue;
}

/** Every set flag whose value lists conversations (for migration). */
export function conversationFlags(): string[] {
  return getFlags().filter((flag) => conversationFlagValue(flag) !== null);
}

function toSettings(data: Record<string, unknown>, where: string): RelationSettings {
  const settings: RelationSettings = {};
  for (const [k, v] of Object.entries(data)) {
    let raw: string | null;
    if (v === null || v === undefined) raw = null;
    else if (typeof v === 'string') raw = v;
    // Python's str(): True/False; numbers as JavaScript writes them (it has no 1.0 to tell from 1).
    else if (typeof v === 'boolean') raw = v ? 'True' : 'False';
    else if (typeof v === 'number' || typeof v === 'bigint') raw = String(v);
    else
      throw new TypeError(`Conversation ${where}: setRemote value of "${k}" must be a string (relation data is raw text; encode it, e.g. with JSON.stringify)`);
    Object.defineProperty(settings, k, { value: raw, enumerable: true, writable: true, configurable: true });
  }
  return settings;
}

function sortedUnique(units: Iterable<string>): string[] {
  return [...new Set(units)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
