import {
  allFlagsSet,
  anyFlagsSet,
  clearFlag,
  getFlags,
  getStates,
  getUnsetFlags,
  isFlagSet,
  onFlagChange,
  registerTrigger,
  setFlag,
  STATE_WATCH_KEY,
  type StoredFlagWatch,
  type Trigger,
} from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { UsageError } from '../errors.js';

/**
 * Every effective flag change made by this command goes into the FlagWatch
 * record's `pending` list, as Python's FlagWatch.change does, so the bus and
 * later `charms.reactive test` calls know what changed. Outside a dispatch
 * (no record in the unit state) there is nothing to keep.
 */
onFlagChange((flag) => {
  const state = unitState();
  const watch = state.get<Partial<StoredFlagWatch>>(STATE_WATCH_KEY);
  if (!watch || typeof watch !== 'object') return;
  const pending = Array.isArray(watch.pending) ? watch.pending : [];
  if (!pending.includes(flag)) pending.push(flag);
  state.set(STATE_WATCH_KEY, { iteration: watch.iteration ?? 0, changes: watch.changes ?? [], pending });
});

export function setFlagCommand(flag: string, value?: string): void {
  setFlag(flag, value ?? null);
}

export function clearFlagCommand(flag: string): void {
  clearFlag(flag);
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', '']);

/**
 * `toggle_flag FLAG SHOULD_SET`: SHOULD_SET is read as a boolean word
 * (true/yes/on/1 or false/no/off/0/empty, any case). Python set the flag for
 * any non-empty string, `False` included; here anything else is refused.
 */
export function toggleFlagCommand(flag: string, shouldSet: string): void {
  const word = shouldSet.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) setFlag(flag);
  else if (FALSE_WORDS.has(word)) clearFlag(flag);
  else throw new UsageError(`SHOULD_SET must be true/yes/on/1 or false/no/off/0, got ${JSON.stringify(shouldSet)}`);
}

export interface TriggerOptions {
  when?: string;
  when_not?: string;
  set_flag?: string;
  clear_flag?: string;
  callback?: string;
}

export function registerTriggerCommand(opts: TriggerOptions): void {
  if (opts.callback !== undefined) {
    throw new UsageError('--callback cannot be used from the command line: a callback lives only in the process that registers it');
  }
  if ((opts.when === undefined) === (opts.when_not === undefined)) throw new UsageError('give exactly one of --when or --when_not');
  if (opts.set_flag === undefined && opts.clear_flag === undefined) throw new UsageError('give at least one of --set_flag or --clear_flag');
  const trigger: Trigger = {};
  if (opts.when !== undefined) trigger.when = opts.when;
  if (opts.when_not !== undefined) trigger.whenNot = opts.when_not;
  if (opts.set_flag !== undefined) trigger.setFlag = opts.set_flag;
  if (opts.clear_flag !== undefined) trigger.clearFlag = opts.clear_flag;
  try {
    registerTrigger(trigger);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const isFlagSetCommand = (flag: string): boolean => isFlagSet(flag);
export const allFlagsSetCommand = (flags: string[]): boolean => allFlagsSet(...flags);
export const anyFlagsSetCommand = (flags: string[]): boolean => anyFlagsSet(...flags);
export const getFlagsCommand = (): string[] => getFlags();
export const getUnsetFlagsCommand = (flags: string[]): string[] => getUnsetFlags(...flags);
export const getStatesCommand = (): Record<string, unknown> => getStates();
