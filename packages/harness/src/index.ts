export { Harness, type HarnessOptions, type HookResult, type RelationHookOptions } from './harness.js';
export * from './sim/index.js';
