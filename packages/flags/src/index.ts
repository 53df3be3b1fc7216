export { allFlagsSet, anyFlagsSet, clearFlag, getFlags, getFlagValue, getUnsetFlags, isFlagSet, setFlag, toggleFlag } from './flags.js';
export { clearTriggers, registerTrigger, type Trigger } from './triggers.js';
export { onFlagChange, type FlagChange, type FlagListener } from './flag-events.js';
export { allStates, anyStates, getStates, isState, removeState, setState, toggleState } from './deprecated.js';
export {
  CLEAR_TRIGGER_PREFIX,
  DISPATCH_PHASE_KEY,
  FLAG_PREFIX,
  INVOKED_PREFIX,
  LEGACY_TRIGGER_PREFIX,
  REMOVED_STATE_KEY,
  SET_TRIGGER_PREFIX,
  STATE_WATCH_KEY,
  type StoredFlagWatch,
} from './keys.js';
