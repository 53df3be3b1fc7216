import { clearCallbacks } from './callbacks.js';
import { forgetConfig } from './config.js';
import { clearHookCache } from './hook-api.js';

/**
 * Forgets everything this process learnt about the current hook (callbacks,
 * cached relation queries, loaded config), so another hook can run in the
 * same process, as the harness does.
 */
export function resetHookContext(): void {
  clearCallbacks();
  forgetConfig();
  clearHookCache();
}
