import { getFlags, getFlagValue } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { Listing } from '../listing.js';

/** `reactive flags`: the unit's flags, sorted, each with its value when it has one. */
export function flagsCommand(): Listing {
  const entries: Record<string, unknown> = {};
  for (const flag of getFlags()) Object.defineProperty(entries, flag, { value: getFlagValue(flag), enumerable: true, writable: true, configurable: true });
  return new Listing(entries, false);
}

/** `reactive kv [PREFIX]`: the unit state's keys (under PREFIX), sorted, with their values. */
export function kvCommand(prefix = ''): Listing {
  return new Listing(unitState().getRange(prefix), true);
}
