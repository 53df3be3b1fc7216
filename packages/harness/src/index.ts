export { Harness, type HarnessOptions, type HookResult, type RelationHookOptions, type RunHookOptions, type RunOptions } from './harness.js';
export { HookFailedError } from './hook-failed-error.js';
export * from './sim/index.js';
