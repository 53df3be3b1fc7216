import { unitState } from '@reactive/hookenv';
import { allFlagsSet, anyFlagsSet, clearFlag, isFlagSet, setFlag, toggleFlag } from './flags.js';
import { FLAG_PREFIX } from './keys.js';

/** @deprecated Use {@link setFlag}. */
export const setState = setFlag;
/** @deprecated Use {@link clearFlag}. */
export const removeState = clearFlag;
/** @deprecated Use {@link toggleFlag}. */
export const toggleState = toggleFlag;
/** @deprecated Use {@link isFlagSet}. */
export const isState = isFlagSet;
/** @deprecated Use {@link allFlagsSet}. */
export const allStates = allFlagsSet;
/** @deprecated Use {@link anyFlagsSet}. */
export const anyStates = anyFlagsSet;

/** @deprecated Use getFlags(). Like Python's get_states(): every set flag with its value. */
export function getStates(): Record<string, unknown> {
  return unitState().getRange(FLAG_PREFIX, { strip: true });
}
