export { Harness, type HarnessOptions, type HookResult, type RelationHookOptions } from './harness.js';
