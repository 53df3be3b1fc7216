export { Harness, type HarnessOptions, type HookResult, type RelationHookOptions, type RunHookOptions, type RunOptions } from './harness.js';
export { HookFailedError } from './hook-failed-error.js';
export { StateContext, type StateContextOptions } from './state-context.js';
export { checkState, InconsistentStateError, type StateCharm } from './state-consistency.js';
export type { FullState, HookEvent, State, StateRelation, StateRun, StateSecret, StateStorage } from './state-types.js';
export type { JujuHookOptions, SecretHookOptions, StorageHookOptions } from './juju-hook-env.js';
export * from './sim/index.js';
