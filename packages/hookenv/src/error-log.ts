import { log } from './hook-api.js';
import { HookToolError } from './hook-tools.js';

/**
 * Logs a hook's error with `juju-log -l ERROR`; when juju-log cannot take it
 * (not on PATH, failing), writes it to stderr with why. Juju writes a hook's
 * stderr to the unit's log too, so the error reaches the operator either way,
 * and shows there once: it goes to stderr only when juju-log failed.
 */
export async function logError(message: string): Promise<void> {
  try {
    await log(message, 'ERROR');
  } catch (error) {
    const why = error instanceof HookToolError ? error.detail : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\njuju-log could not log this: ${why}\n`);
  }
}
