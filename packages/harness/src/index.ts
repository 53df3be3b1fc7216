export { Harness, type HarnessOptions, type HookResult, type RelationHookOptions, type RunHookOptions, type RunOptions } from './harness.js';
export { HookFailedError } from './hook-failed-error.js';
export type { JujuHookOptions, SecretHookOptions, StorageHookOptions } from './juju-hook-env.js';
export * from './sim/index.js';
