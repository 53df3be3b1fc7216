import { atExit, atStart, logError } from '@reactive/hookenv';
import { main, type MainOptions } from '@reactive/bus';
import { installLayerPackages } from './apt.js';
import { clearConfigFlags, setConfigFlags } from './config-flags.js';
import { PreInstallError, runPreInstall } from './exec-d.js';
import { layerOption } from './layer-options.js';
import { clearSecretFlags, setSecretFlags } from './secret-flags.js';
import { clearStorageFlags, setStorageFlags } from './storage-flags.js';

/**
 * The whole hook of a charm built on layer:basic: the exec.d pre-install
 * scripts, the `basic.packages` option, then the reactive framework with the
 * config, secret and storage flags set at the start and those of the hook
 * alone cleared at the end. Resolves with the
 * process exit code (0, or non-zero when the hook failed).
 */
export async function runHook(opts: MainOptions = {}): Promise<number> {
  try {
    await runPreInstall();
    const packages = layerOption('basic', 'packages');
    if (Array.isArray(packages)) await installLayerPackages(packages.map(String));
  } catch (error) {
    if (error instanceof PreInstallError) return error.statusSet ? 0 : error.exitCode || 1;
    await logError(`Hook error in layer:basic bootstrap:\n${(error as Error).stack ?? error}`);
    return 1;
  }
  atStart(setConfigFlags);
  atStart(setSecretFlags);
  atStart(setStorageFlags);
  atExit(clearConfigFlags);
  atExit(clearSecretFlags);
  atExit(clearStorageFlags);
  try {
    await main(opts);
    return 0;
  } catch {
    return 1;
  }
}
