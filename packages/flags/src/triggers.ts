import { unitState, type UnitState } from '@reactive/hookenv';
import { checkFlagName } from './flag-name.js';
import { CLEAR_TRIGGER_PREFIX, LEGACY_TRIGGER_PREFIX, SET_TRIGGER_PREFIX } from './keys.js';

export interface Trigger {
  /** Fire when this flag becomes set. */
  when?: string;
  /** Fire when this flag is cleared. */
  whenNot?: string;
  /** Flag to set when the trigger fires. */
  setFlag?: string;
  /** Flag to clear when the trigger fires. */
  clearFlag?: string;
  /** Called when the trigger fires (in this process only). */
  callback?: () => void;
}

/** Stored form, as the Python library writes it. */
interface StoredTrigger {
  set_flag: string[];
  clear_flag: string[];
}

/** Callbacks cannot be stored: they live in this process, keyed like the stored triggers. */
const callbacks = new Map<string, Array<() => void>>();

/**
 * Registers a trigger: when `when` becomes set (or `whenNot` is cleared), set
 * `setFlag`, clear `clearFlag` and call `callback`, immediately, before anything
 * else can see the flag. Triggers last one hook: register them at import time.
 */
export function registerTrigger(trigger: Trigger): void {
  const { when, whenNot, setFlag, clearFlag, callback } = trigger;
  if (when === undefined && whenNot === undefined) throw new TypeError('registerTrigger: give one of when or whenNot');
  if (when !== undefined && whenNot !== undefined) throw new TypeError('registerTrigger: give only one of when or whenNot');
  if (setFlag === undefined && clearFlag === undefined && callback === undefined) {
    throw new TypeError('registerTrigger: give at least one of setFlag, clearFlag or callback');
  }
  if (when !== undefined) checkFlagName(when, 'registerTrigger: when');
  if (whenNot !== undefined) checkFlagName(whenNot, 'registerTrigger: whenNot');
  if (setFlag !== undefined) checkFlagName(setFlag, 'registerTrigger: setFlag');
  if (clearFlag !== undefined) checkFlagName(clearFlag, 'registerTrigger: clearFlag');
  if (callback !== undefined && typeof callback !== 'function') throw new TypeError('registerTrigger: callback must be a function');

  const key = triggerKey(when, whenNot);
  const stored = readTrigger(key);
  if (setFlag !== undefined && !stored.set_flag.includes(setFlag)) stored.set_flag.push(setFlag);
  if (clearFlag !== undefined && !stored.clear_flag.includes(clearFlag)) stored.clear_flag.push(clearFlag);
  unitState().set(key, stored);
  const index = triggerIndex();
  if (when !== undefined) index.set.add(when);
  else index.cleared.add(whenNot!);
  if (callback) {
    const list = callbacks.get(key) ?? [];
    if (!list.includes(callback)) list.push(callback);
    callbacks.set(key, list);
  }
}

type FiringTrigger = StoredTrigger & { callbacks: Array<() => void> };
export const NO_TRIGGER: FiringTrigger = Object.freeze({ set_flag: [], clear_flag: [], callbacks: [] });

/**
 * The flags that have a trigger, by change, as the unit state holds them: every
 * setFlag() asks, and almost always no trigger is there. Rebuilt when the state
 * may have changed other than through this module (a commit, a refresh after an
 * external handler registered one, another state).
 */
interface TriggerIndex {
  state: UnitState;
  generation: number;
  set: Set<string>;
  cleared: Set<string>;
}
let index: TriggerIndex | undefined;

function triggerIndex(): TriggerIndex {
  const state = unitState();
  if (index?.state !== state || index.generation !== state.generation) {
    index = {
      state,
      generation: state.generation,
      set: new Set(state.keys(SET_TRIGGER_PREFIX, { strip: true })),
      cleared: new Set(state.keys(CLEAR_TRIGGER_PREFIX, { strip: true })),
    };
  }
  return index;
}

/** The trigger that fires when `flag` becomes set (`change` 'set') or is cleared. */
export function triggerFor(flag: string, change: 'set' | 'cleared'): FiringTrigger {
  const triggered = change === 'set' ? triggerIndex().set : triggerIndex().cleared;
  if (!triggered.has(flag)) return NO_TRIGGER;
  const key = change === 'set' ? SET_TRIGGER_PREFIX + flag : CLEAR_TRIGGER_PREFIX + flag;
  if (!unitState().has(key)) return NO_TRIGGER;
  return { ...readTrigger(key), callbacks: [...(callbacks.get(key) ?? [])] };
}

/** Forgets every trigger, stored and in memory; `main()` does this at the end of each hook. */
export function clearTriggers(): void {
  const state = unitState();
  state.unsetRange(undefined, SET_TRIGGER_PREFIX);
  state.unsetRange(undefined, CLEAR_TRIGGER_PREFIX);
  state.unsetRange(undefined, LEGACY_TRIGGER_PREFIX);
  callbacks.clear();
  index = undefined;
}

function triggerKey(when: string | undefined, whenNot: string | undefined): string {
  return when !== undefined ? SET_TRIGGER_PREFIX + when : CLEAR_TRIGGER_PREFIX + whenNot;
}

function readTrigger(key: string): StoredTrigger {
  const stored = unitState().get<Partial<StoredTrigger>>(key);
  return {
    set_flag: Array.isArray(stored?.set_flag) ? [...stored.set_flag] : [],
    clear_flag: Array.isArray(stored?.clear_flag) ? [...stored.clear_flag] : [],
  };
}
