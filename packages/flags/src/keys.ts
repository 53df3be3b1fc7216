/** The Python library's unit-state keys, so state written by either stays readable by both. */
export const FLAG_PREFIX = 'reactive.states.';
export const SET_TRIGGER_PREFIX = 'reactive.flag_set_triggers.';
export const CLEAR_TRIGGER_PREFIX = 'reactive.flag_clear_triggers.';
/** Trigger prefix of charms.reactive before 1.0. */
export const LEGACY_TRIGGER_PREFIX = 'reactive.flag_triggers.';
/** Set by every clearFlag(): tells dispatch to re-test its queue. */
export const REMOVED_STATE_KEY = 'reactive.dispatch.removed_state';

// The keys @reactive/bus keeps for the processes a dispatch starts (external
// handlers, and the `charms.reactive` calls they make), which read them
// without loading the bus: one home for both sides of the contract.

/** The dispatch phase, `hooks`, `other` or `restricted`. */
export const DISPATCH_PHASE_KEY = 'reactive.dispatch.phase';
/** `<prefix><handler id>`: true once `only_once` handlers ran. */
export const INVOKED_PREFIX = 'reactive.invoked.';
/** Python's FlagWatch record ({@link StoredFlagWatch}), saved before an external handler runs. */
export const STATE_WATCH_KEY = 'reactive.state_watch';

/** The flags changed in the previous iteration (`changes`) and since (`pending`), as Python's FlagWatch stores them. */
export interface StoredFlagWatch {
  iteration: number;
  changes: string[];
  pending: string[];
}
