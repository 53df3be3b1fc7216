import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { clearFlag, clearTriggers, getFlags, isFlagSet, onFlagChange, registerTrigger, setFlag } from '@reactive/flags';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let changes: string[];
let unsubscribe: () => void;
beforeEach(() => {
  setUnitState(UnitState.open(join(tempDir(), 'state.lmdb')));
  changes = [];
  unsubscribe = onFlagChange((flag, change) => changes.push(`${change} ${flag}`));
});
afterEach(async () => {
  unsubscribe();
  clearTriggers();
  await unitState().close();
  setUnitState(undefined);
});

describe('registerTrigger', () => {
  it('sets and clears flags the moment the watched flag becomes set', () => {
    setFlag('old');
    registerTrigger({ when: 'a', setFlag: 'b' });
    registerTrigger({ when: 'a', clearFlag: 'old' });
    setFlag('a');
    expect(getFlags()).toEqual(['a', 'b']);
    expect(changes).toEqual(['set old', 'set a', 'set b', 'cleared old']);
  });

  it('fires on a clear with whenNot', () => {
    setFlag('a');
    registerTrigger({ whenNot: 'a', setFlag: 'a.gone' });
    clearFlag('a');
    expect(getFlags()).toEqual(['a.gone']);
  });

  it('does not fire when the flag was already set, or when clearing an unset flag', () => {
    setFlag('a');
    registerTrigger({ when: 'a', setFlag: 'b' });
    registerTrigger({ whenNot: 'x', setFlag: 'c' });
    setFlag('a', 'new value');
    clearFlag('x');
    expect(getFlags()).toEqual(['a']);
  });

  it('sets flags, then clears flags, then calls callbacks', () => {
    const order: string[] = [];
    setFlag('c');
    registerTrigger({ when: 'a', callback: () => order.push(`callback sees b=${isFlagSet('b')} c=${isFlagSet('c')}`) });
    registerTrigger({ when: 'a', clearFlag: 'c' });
    registerTrigger({ when: 'a', setFlag: 'b' });
    setFlag('a');
    expect(order).toEqual(['callback sees b=true c=false']);
  });

  it('chains: a trigger sets a flag whose own trigger clears another', () => {
    setFlag('c');
    registerTrigger({ when: 'a', setFlag: 'b' });
    registerTrigger({ when: 'b', clearFlag: 'c' });
    registerTrigger({ whenNot: 'c', setFlag: 'd' });
    setFlag('a');
    expect(getFlags()).toEqual(['a', 'b', 'd']);
    expect(changes).toEqual(['set c', 'set a', 'set b', 'cleared c', 'set d']);
  });

  it('stores triggers under the Python keys, without duplicates', () => {
    registerTrigger({ when: 'a', setFlag: 'b' });
    registerTrigger({ when: 'a', setFlag: 'b' });
    registerTrigger({ when: 'a', clearFlag: 'c' });
    registerTrigger({ whenNot: 'x', setFlag: 'y' });
    expect(unitState().get('reactive.flag_set_triggers.a')).toEqual({ set_flag: ['b'], clear_flag: ['c'] });
    expect(unitState().get('reactive.flag_clear_triggers.x')).toEqual({ set_flag: ['y'], clear_flag: [] });
  });

  it('calls a callback once even when registered twice', () => {
    let calls = 0;
    const callback = () => calls++;
    registerTrigger({ when: 'a', callback });
    registerTrigger({ when: 'a', callback });
    setFlag('a');
    expect(calls).toBe(1);
  });

  it('clearTriggers forgets stored triggers (incl. the legacy prefix) and callbacks', () => {
    let calls = 0;
    registerTrigger({ when: 'a', setFlag: 'b', callback: () => calls++ });
    unitState().set('reactive.flag_triggers.old', { set_flag: [], clear_flag: [] });
    clearTriggers();
    expect(unitState().keys('reactive.flag_')).toEqual([]);
    setFlag('a');
    expect(getFlags()).toEqual(['a']);
    expect(calls).toBe(0);
  });

  it('triggers stored by another process fire here once the state is re-read (callbacks cannot travel)', async () => {
    setFlag('before');
    unitState().commit();
    const other = UnitState.open(unitState().path);
    other.set('reactive.flag_set_triggers.a', { set_flag: ['from-elsewhere'], clear_flag: [] });
    other.commit();
    await other.close();
    setFlag('not-yet');
    expect(isFlagSet('from-elsewhere')).toBe(false);
    unitState().refresh();
    setFlag('a');
    expect(isFlagSet('from-elsewhere')).toBe(true);
  });

  it('triggers of a state opened afresh are its own', async () => {
    registerTrigger({ when: 'a', setFlag: 'b' });
    await unitState().close();
    setUnitState(UnitState.open(join(tempDir(), 'other.lmdb')));
    setFlag('a');
    expect(getFlags()).toEqual(['a']);
  });

  it('a trigger registered in a hook that is reverted does not fire', () => {
    registerTrigger({ when: 'a', setFlag: 'b' });
    unitState().revert();
    setFlag('a');
    expect(getFlags()).toEqual(['a']);
  });
});

describe('registerTrigger validation', () => {
  it.each([
    [{ setFlag: 'b' }, 'registerTrigger: give one of when or whenNot'],
    [{ when: 'a', whenNot: 'b', setFlag: 'c' }, 'registerTrigger: give only one of when or whenNot'],
    [{ when: 'a' }, 'registerTrigger: give at least one of setFlag, clearFlag or callback'],
    [{ when: '', setFlag: 'b' }, 'registerTrigger: when name must not be empty'],
    [{ when: 'a', setFlag: 3 }, 'registerTrigger: setFlag name must be a string, got number 3'],
    [{ when: 'a', callback: 'not a function' }, 'registerTrigger: callback must be a function'],
  ])('%j is refused', (trigger, message) => {
    expect(() => registerTrigger(trigger as never)).toThrow(message);
    expect(unitState().keys('reactive.flag_')).toEqual([]);
  });
});
