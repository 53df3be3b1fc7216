import { type JSONCompatible, toJSONText, unitState } from '@reactive/hookenv';
import { emitFlagChange } from './flag-events.js';
import { checkFlagName } from './flag-name.js';
import { FLAG_PREFIX, REMOVED_STATE_KEY } from './keys.js';
import { NO_TRIGGER, triggerFor } from './triggers.js';

/**
 * Sets `flag`, with an optional JSON value. The value is always written; only
 * when the flag was not set before are listeners told and its set-triggers run.
 */
export function setFlag<T>(flag: string, value?: T & JSONCompatible<T>): void;
export function setFlag(flag: string, value: unknown = null): void {
  checkFlagName(flag);
  if (value !== null) toJSONText(value, `value of flag "${flag}"`);
  const state = unitState();
  const wasSet = state.keySet(FLAG_PREFIX).has(flag);
  state.set(FLAG_PREFIX + flag, value);
  if (wasSet) return;
  emitFlagChange(flag, 'set');
  runTrigger(flag, 'set');
}

/**
 * Clears `flag`. Always tells dispatch to re-test its queue, even when the flag
 * was not set; listeners and clear-triggers run only when it was.
 */
export function clearFlag(flag: string): void {
  checkFlagName(flag);
  const state = unitState();
  const wasSet = state.keySet(FLAG_PREFIX).has(flag);
  state.unset(FLAG_PREFIX + flag);
  state.set(REMOVED_STATE_KEY, true);
  if (!wasSet) return;
  emitFlagChange(flag, 'cleared');
  runTrigger(flag, 'cleared');
}

/** Sets `flag` when `shouldSet` is truthy, clears it otherwise. */
export function toggleFlag(flag: string, shouldSet: unknown): void {
  if (shouldSet) setFlag(flag);
  else clearFlag(flag);
}

export function isFlagSet(flag: string): boolean {
  checkFlagName(flag);
  return unitState().keySet(FLAG_PREFIX).has(flag);
}

export function allFlagsSet(...flags: string[]): boolean {
  return flags.every(isFlagSet);
}

export function anyFlagsSet(...flags: string[]): boolean {
  return flags.some(isFlagSet);
}

/** Every set flag, sorted. */
export function getFlags(): string[] {
  return unitState().keys(FLAG_PREFIX, { strip: true });
}

/** The given flags that are not set, sorted. */
export function getUnsetFlags(...flags: string[]): string[] {
  return flags.filter((flag) => !isFlagSet(flag)).sort();
}

/** The value stored with a set flag (`null` when set without one), `undefined` when the flag is not set. */
export function getFlagValue(flag: string): unknown {
  checkFlagName(flag);
  return unitState().get(FLAG_PREFIX + flag);
}

function runTrigger(flag: string, change: 'set' | 'cleared'): void {
  const trigger = triggerFor(flag, change);
  if (trigger === NO_TRIGGER) return;
  for (const name of trigger.set_flag) setFlag(name);
  for (const name of trigger.clear_flag) clearFlag(name);
  for (const callback of trigger.callbacks) callback();
}
