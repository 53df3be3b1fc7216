import { getFlagValue } from '@reactive/flags';
import { charmDir, remoteUnit, unitApplication } from '@reactive/hookenv';
import { Conversation } from './conversation.js';
import { implementationModule, roleAndInterface } from './relation-factory.js';
import { scopes } from './scopes.js';

/** A RelationBase class (the base or a subclass), as found in an interface layer. */
export type RelationBaseClass = typeof RelationBase;

/** The RelationBase subclass found for each charm dir and relation name (Python's `RelationBase._cache`); forgotten at the start of each hook. */
const classCache = new Map<string, RelationBaseClass>();
/** Classes whose AUTO_ACCESSORS are installed. */
const withAccessors = new WeakSet<Function>();

/** Forgets the classes found for relation names (the interface modules are imported afresh each hook). */
export function forgetRelationBaseClasses(): void {
  classCache.clear();
}

/**
 * The legacy base class of interface layers (charms.reactive's
 * `RelationBase`): subclass it in `hooks/relations/<interface>/<role>.js`,
 * pick a `static scope` (UNIT by default, SERVICE, GLOBAL or a custom
 * string), and talk to the remote side through conversations, which carry
 * flags (`{relation_name}.connected`), remote data and local data.
 *
 * New interface layers should use {@link Endpoint}; this class exists so
 * that existing layers port one to one.
 */
export class RelationBase {
  /** The conversation scope of the class (Python's `scope` class attribute). */
  static scope: string = scopes.UNIT;

  /**
   * Remote fields to get accessors for (Python's `auto_accessors`): each
   * field gets a method named with `-` replaced by `_` (Python's names, not
   * camelCase, so layers port 1:1; declare them in TS with
   * `declare field_one: () => Promise<unknown>`), returning
   * `this.getRemote('<field>')`. Read from each class's own static.
   */
  static AUTO_ACCESSORS: readonly string[] = [];

  readonly relationName: string;
  private readonly held: Conversation[];

  /**
   * An instance for `relationName` holding `conversations`; with none (null
   * or empty), it joins the conversation of its scope for the current
   * relation hook (which writes the conversation record).
   */
  constructor(relationName: string, conversations?: readonly Conversation[] | null) {
    RelationBase.installAutoAccessors.call(new.target);
    this.relationName = relationName;
    this.held = conversations && conversations.length > 0 ? [...conversations] : [Conversation.join(this.scope)];
  }

  /** This class's scope. */
  get scope(): string {
    return (this.constructor as RelationBaseClass).scope;
  }

  /**
   * The instance for a relation name: the class comes from the interface
   * layer implementing the name's role and interface in metadata.yaml, the
   * first export in alphabetical order that is this class or a subclass of
   * it (never RelationBase itself); it is cached per relation name for the
   * hook. Null when the name is null, unknown, or has no such class.
   */
  static async fromName(name: string | null | undefined, conversations?: readonly Conversation[] | null): Promise<RelationBase | null> {
    if (name === null || name === undefined) return null;
    let cls = classCache.get(cacheKey(name));
    if (!cls) {
      const found = roleAndInterface(name);
      if (!found) return null;
      const implementation = await implementationModule(found.iface, found.role);
      if (!implementation) return null;
      cls = findSubclass.call(this, implementation.module);
      if (!cls) return null;
      classCache.set(cacheKey(name), cls);
    }
    return new cls(name, conversations);
  }

  /**
   * The instance a conversation flag belongs to: its value's `relation`,
   * with the conversations its value lists (missing records skipped). Null
   * when the flag is not set or was set without a value.
   */
  static async fromFlag(flag: string): Promise<RelationBase | null> {
    const value = conversationFlag(flag);
    return value ? this.fromName(value.relation, value.conversations) : null;
  }

  /** @deprecated Use {@link fromFlag}. */
  static fromState(state: string): Promise<RelationBase | null> {
    return this.fromFlag(state);
  }

  /**
   * Defines the AUTO_ACCESSORS methods of this class and its ancestors (done
   * on construction; call it to have them before any instance exists).
   */
  static installAutoAccessors(this: Function): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the class chain starts at this class
    for (let cls: Function | null = this; cls && cls !== RelationBase && cls !== Function.prototype; cls = Object.getPrototypeOf(cls) as Function | null) {
      if (withAccessors.has(cls)) continue;
      withAccessors.add(cls);
      if (!Object.hasOwn(cls, 'AUTO_ACCESSORS')) continue;
      const fields = (cls as unknown as { AUTO_ACCESSORS: unknown }).AUTO_ACCESSORS;
      if (!Array.isArray(fields)) throw new TypeError(`${cls.name}.AUTO_ACCESSORS must be an array of field names`);
      for (const field of fields) {
        if (typeof field !== 'string' || field === '')
          throw new TypeError(`${cls.name}.AUTO_ACCESSORS: field names must be non-empty strings, got ${JSON.stringify(field)}`);
        const name = field.replaceAll('-', '_');
        const accessor = function (this: RelationBase): Promise<unknown> {
          return this.getRemote(field);
        };
        Object.defineProperty(accessor, 'name', { value: name });
        Object.defineProperty(accessor, 'doc', { value: `Get the ${field}, if available, or null.` });
        Object.defineProperty(cls.prototype, name, { value: accessor, writable: true, configurable: true, enumerable: false });
      }
    }
  }

  /** A copy of the conversations this instance holds. */
  conversations(): Conversation[] {
    return [...this.held];
  }

  /**
   * The held conversation of `scope`. Without one: the remote unit (UNIT
   * scope), the remote application (SERVICE), or the class's own scope
   * string (GLOBAL or custom).
   */
  conversation(scope?: string | null): Conversation {
    if (scope === null || scope === undefined) {
      const own = this.scope;
      const unit = remoteUnit();
      if (own === scopes.UNIT) scope = unit ?? null;
      else if (own === scopes.SERVICE) scope = unit === undefined ? null : unitApplication(unit);
      else scope = own;
    }
    if (scope === null || scope === undefined) throw new Error('Unable to determine default scope: no current hook or global scope');
    const found = this.held.find((conversation) => conversation.scope === scope);
    if (!found) throw new Error(`Conversation with scope '${scope}' not found`);
    return found;
  }

  /** {@link Conversation.setFlag} on `conversation(scope)`. */
  setFlag(flag: string, scope?: string | null): void {
    this.conversation(scope).setFlag(flag);
  }

  /** {@link Conversation.removeFlag} on `conversation(scope)`. */
  removeFlag(flag: string, scope?: string | null): void {
    this.conversation(scope).removeFlag(flag);
  }

  /** {@link Conversation.isFlagSet} on `conversation(scope)`. */
  isFlagSet(flag: string, scope?: string | null): boolean {
    return this.conversation(scope).isFlagSet(flag);
  }

  /** {@link Conversation.toggleFlag} on `conversation(scope)`; no `active` (or `Conversation.TOGGLE`) flips the flag. */
  toggleFlag(flag: string, active: unknown = Conversation.TOGGLE, scope?: string | null): void {
    this.conversation(scope).toggleFlag(flag, active === undefined ? Conversation.TOGGLE : active);
  }

  /** @deprecated Use {@link setFlag}. */
  setState(state: string, scope?: string | null): void {
    this.setFlag(state, scope);
  }

  /** @deprecated Use {@link removeFlag}. */
  removeState(state: string, scope?: string | null): void {
    this.removeFlag(state, scope);
  }

  /** @deprecated Use {@link isFlagSet}. */
  isState(state: string, scope?: string | null): boolean {
    return this.isFlagSet(state, scope);
  }

  /** @deprecated Use {@link toggleFlag}. */
  toggleState(state: string, active: unknown = Conversation.TOGGLE, scope?: string | null): void {
    this.toggleFlag(state, active, scope);
  }

  /** {@link Conversation.setRemote} on `conversation(scope)`; `kwargs` are Python's keyword arguments. */
  setRemote(
    key?: string | null,
    value?: unknown,
    data?: Record<string, unknown> | null,
    scope?: string | null,
    kwargs?: Record<string, unknown> | null,
  ): Promise<void> {
    return this.conversation(scope).setRemote(key, value, data, kwargs);
  }

  /** {@link Conversation.getRemote} on `conversation(scope)`. */
  getRemote(key: string, fallback: unknown = null, scope?: string | null): Promise<unknown> {
    return this.conversation(scope).getRemote(key, fallback);
  }

  /** {@link Conversation.setLocal} on `conversation(scope)`. */
  setLocal(key?: string | null, value?: unknown, data?: Record<string, unknown> | null, scope?: string | null, kwargs?: Record<string, unknown> | null): void {
    this.conversation(scope).setLocal(key, value, data, kwargs);
  }

  /** {@link Conversation.getLocal} on `conversation(scope)`. */
  getLocal(key: string, fallback: unknown = null, scope?: string | null): unknown {
    return this.conversation(scope).getLocal(key, fallback);
  }
}

/**
 * Python's `factory.from_name(name, conversations)` for the class that
 * `relationFactory` found: being the most derived class of its module, its
 * own subclass search finds itself; a class already cached for the name this
 * hook wins, as in Python.
 */
export function relationBaseOf(factory: RelationBaseClass, name: string, conversations?: readonly Conversation[] | null): RelationBase {
  let cls = classCache.get(cacheKey(name));
  if (!cls) classCache.set(cacheKey(name), (cls = factory));
  return new cls(name, conversations);
}

/** Python's `factory.from_flag(flag)` for the class that `relationFactory` found; null as {@link RelationBase.fromFlag}. */
export function relationBaseOfFlag(factory: RelationBaseClass, flag: string): RelationBase | null {
  const value = conversationFlag(flag);
  return value ? relationBaseOf(factory, value.relation, value.conversations) : null;
}

function cacheKey(name: string): string {
  return `${charmDir()}\0${name}`;
}

/** A conversation flag's relation and its conversations (missing records skipped), or null when the flag is unset or has no such value. */
function conversationFlag(flag: string): { relation: string; conversations: Conversation[] } | null {
  const value = getFlagValue(flag);
  if (value === null || value === undefined || typeof value !== 'object') return null;
  const { relation, conversations } = value as { relation?: unknown; conversations?: unknown };
  if (typeof relation !== 'string') return null;
  const keys = Array.isArray(conversations) ? conversations.filter((k): k is string => typeof k === 'string') : [];
  return { relation, conversations: Conversation.load(keys) };
}

/** The first export, in alphabetical order of export names, that is `this` or a subclass of it, and not RelationBase itself. */
function findSubclass(this: RelationBaseClass, module: Record<string, unknown>): RelationBaseClass | undefined {
  const names = Object.keys(module).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const candidate = module[name];
    if (typeof candidate !== 'function' || candidate === RelationBase) continue;
    if (candidate === this || candidate.prototype instanceof this) return candidate as RelationBaseClass;
  }
  return undefined;
}
