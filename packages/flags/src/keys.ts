/** The Python library's unit-state keys, so state written by either stays readable by both. */
export const FLAG_PREFIX = 'reactive.states.';
export const SET_TRIGGER_PREFIX = 'reactive.flag_set_triggers.';
export const CLEAR_TRIGGER_PREFIX = 'reactive.flag_clear_triggers.';
/** Trigger prefix of charms.reactive before 1.0. */
export const LEGACY_TRIGGER_PREFIX = 'reactive.flag_triggers.';
/** Set by every clearFlag(): tells dispatch to re-test its queue. */
export const REMOVED_STATE_KEY = 'reactive.dispatch.removed_state';
