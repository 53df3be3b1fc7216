// The Juju a simulated model runs (`juju: '2.9' | '3.6' | '4.0'` in the model
// file): @reactive/hookenv's JUJU_VERSIONS decides JUJU_VERSION, the hook
// commands on a hook's PATH and the hooks that fire.
import { DEFAULT_JUJU_VERSION, hasHook, hasHookCommand, jujuVersion, type JujuVersion, type JujuVersionName } from '@reactive/hookenv';
import { ModelError } from './errors.js';
import type { ModelState } from './state.js';

/** The model's Juju (3.6 for a model saved before the setting existed). */
export function modelJuju(model: Pick<ModelState, 'juju'>): JujuVersion {
  return jujuVersion(model.juju ?? DEFAULT_JUJU_VERSION);
}

/**
 * The `juju` setting as written: `'3.6'`, or the number YAML reads from an
 * unquoted `3.6` or `4.0` (4). An unknown version is one line naming `where`.
 */
export function readJujuSetting(value: unknown, where: string): JujuVersionName {
  const text = typeof value === 'number' ? value.toFixed(1) : typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return jujuVersion(text).name;
  } catch (error) {
    throw new ModelError(`${where}: ${(error as Error).message}`);
  }
}

/** Whether the model's Juju fires this hook. */
export function firesHook(model: Pick<ModelState, 'juju'>, hook: string): boolean {
  return hasHook(modelJuju(model), hook);
}

/** Whether the model's Juju puts this command on a hook's PATH. */
export function hasCommand(model: Pick<ModelState, 'juju'>, command: string): boolean {
  return hasHookCommand(modelJuju(model), command);
}
