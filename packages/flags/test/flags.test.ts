import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUnitState, UnitState, unitState } from '@reactive/hookenv';
import {
  allFlagsSet,
  allStates,
  anyFlagsSet,
  anyStates,
  clearFlag,
  getFlags,
  getFlagValue,
  getStates,
  getUnsetFlags,
  isFlagSet,
  isState,
  onFlagChange,
  removeState,
  setFlag,
  setState,
  toggleFlag,
  toggleState,
} from '@reactive/flags';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let path: string;
let changes: string[];
let unsubscribe: () => void;
beforeEach(() => {
  path = join(tempDir(), 'state.lmdb');
  setUnitState(UnitState.open(path));
  changes = [];
  unsubscribe = onFlagChange((flag, change) => changes.push(`${change} ${flag}`));
});
afterEach(async () => {
  unsubscribe();
  await unitState().close();
  setUnitState(undefined);
});

describe('setFlag', () => {
  it('stores the flag under the Python key, with a null value by default', () => {
    setFlag('db.ready');
    expect(unitState().has('reactive.states.db.ready')).toBe(true);
    expect(unitState().get('reactive.states.db.ready')).toBeNull();
    expect(isFlagSet('db.ready')).toBe(true);
    expect(getFlagValue('db.ready')).toBeNull();
  });

  it('always writes the value, but reports the change only when the flag was unset', () => {
    setFlag('f', { relation: 'db' });
    setFlag('f', { relation: 'cache' });
    expect(getFlagValue('f')).toEqual({ relation: 'cache' });
    expect(changes).toEqual(['set f']);
  });

  it('persists across processes only once committed', () => {
    setFlag('committed');
    unitState().commit();
    setFlag('pending');
    const other = UnitState.open(path);
    expect(other.keys('reactive.states.')).toEqual(['reactive.states.committed']);
  });
});

describe('clearFlag', () => {
  it('removes the flag and reports the change when it was set', () => {
    setFlag('f');
    unitState().set('reactive.dispatch.removed_state', false);
    clearFlag('f');
    expect(isFlagSet('f')).toBe(false);
    expect(getFlagValue('f')).toBeUndefined();
    expect(unitState().get('reactive.dispatch.removed_state')).toBe(true);
    expect(changes).toEqual(['set f', 'cleared f']);
  });

  it('marks removed_state even when the flag was not set, without reporting a change', () => {
    unitState().set('reactive.dispatch.removed_state', false);
    clearFlag('never-set');
    expect(unitState().get('reactive.dispatch.removed_state')).toBe(true);
    expect(changes).toEqual([]);
  });
});

describe('queries', () => {
  it('getFlags is sorted by code point; getUnsetFlags sorted too', () => {
    for (const flag of ['b', 'a.z', 'A', 'a', 'a.b']) setFlag(flag);
    unitState().commit();
    setFlag('0-pending');
    clearFlag('a.z');
    expect(getFlags()).toEqual(['0-pending', 'A', 'a', 'a.b', 'b']);
    expect(getUnsetFlags('z', 'a', 'c', 'b')).toEqual(['c', 'z']);
  });

  it('allFlagsSet and anyFlagsSet', () => {
    setFlag('a');
    setFlag('b');
    expect(allFlagsSet('a', 'b')).toBe(true);
    expect(allFlagsSet('a', 'c')).toBe(false);
    expect(anyFlagsSet('c', 'b')).toBe(true);
    expect(anyFlagsSet('c', 'd')).toBe(false);
    expect(allFlagsSet()).toBe(true);
    expect(anyFlagsSet()).toBe(false);
  });

  it('toggleFlag follows the truthiness of its argument', () => {
    toggleFlag('t', true);
    expect(isFlagSet('t')).toBe(true);
    toggleFlag('t', 0);
    expect(isFlagSet('t')).toBe(false);
    toggleFlag('t', 'yes');
    expect(isFlagSet('t')).toBe(true);
  });
});

describe('deprecated aliases', () => {
  it('behave as the flag functions, and getStates maps flags to values', () => {
    setState('s', { v: 1 });
    expect(isState('s')).toBe(true);
    expect(allStates('s')).toBe(true);
    expect(anyStates('nope', 's')).toBe(true);
    toggleState('u', true);
    expect(getStates()).toEqual({ s: { v: 1 }, u: null });
    removeState('s');
    expect(isState('s')).toBe(false);
  });
});

describe('bad input', () => {
  it('refuses flag names that are not non-empty strings, changing nothing', () => {
    expect(() => setFlag('')).toThrow('flag name must not be empty');
    expect(() => setFlag(undefined as unknown as string)).toThrow('flag name must be a string, got undefined');
    expect(() => clearFlag(42 as unknown as string)).toThrow('flag name must be a string, got number 42');
    expect(() => isFlagSet(null as unknown as string)).toThrow('got null');
    expect(getFlags()).toEqual([]);
  });

  it('refuses values JSON cannot hold, naming the flag, and sets nothing', () => {
    // @ts-expect-error -- setFlag's type refuses a function too; JavaScript reaches the run-time check
    expect(() => setFlag('f', { when: () => 1 })).toThrow('value of flag "f": the value at when is a function, which JSON cannot hold');
    expect(() => setFlag('f', Number.POSITIVE_INFINITY)).toThrow('value of flag "f"');
    expect(isFlagSet('f')).toBe(false);
    expect(changes).toEqual([]);
  });
});
