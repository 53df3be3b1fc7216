import { join } from 'node:path';
import { clearFlag, setFlag, toggleFlag } from '@reactive/flags';
import { charmDir, config } from '@reactive/hookenv';
import { CharmFileError, checkConfigShape, readCharmYAML } from '@reactive/bus';

interface OptionSpec {
  default?: unknown;
}

/** The options config.yaml declares, with their defaults; a config.yaml that breaks the rules `reactive build` checks is a CharmFileError naming it and the key. */
function declaredOptions(): Record<string, OptionSpec> {
  const path = join(charmDir(), 'config.yaml');
  const data = readCharmYAML(path);
  if (data === undefined) return {};
  checkConfigShape(data, (_key, message) => {
    throw new CharmFileError(`${path}: ${message}`);
  });
  return (data as { options: Record<string, OptionSpec> | null }).options ?? {};
}

/** Set when any option changed. */
export const CONFIG_CHANGED = 'config.changed';

/** The flags of one option: `config.changed.<opt>`, `config.set.<opt>`, `config.default.<opt>`. */
export function configFlags(option: string): { changed: string; set: string; default: string } {
  return { changed: `config.changed.${option}`, set: `config.set.${option}`, default: `config.default.${option}` };
}

/** The option a config flag is about (`config.set.port` -> `port`), or undefined for other flags. */
export function configOptionOf(flag: string): string | undefined {
  return /^config\.(?:changed|set|default)\.(.+)$/.exec(flag)?.[1];
}

/**
 * At the start of a hook, for every option of config.yaml: `config.changed`
 * and `config.changed.<opt>` when it differs from the last successful hook
 * (every option in the first hook), `config.set.<opt>` when its value is
 * truthy (null, false, "" and 0 are unset), `config.default.<opt>` when it
 * equals its default.
 */
export function setConfigFlags(): void {
  const current = config();
  for (const [name, spec] of Object.entries(declaredOptions())) {
    const value = current.get(name) ?? null;
    const flags = configFlags(name);
    if (current.changed(name)) {
      setFlag(CONFIG_CHANGED);
      setFlag(flags.changed);
    }
    toggleFlag(flags.set, Boolean(value));
    toggleFlag(flags.default, sameValue(value, spec?.default ?? null));
  }
}

/** At the end of a successful hook: the config flags last only for the hook that set them. */
export function clearConfigFlags(): void {
  clearFlag(CONFIG_CHANGED);
  const names = new Set([...Object.keys(declaredOptions()), ...config().keys()]);
  for (const name of names) for (const flag of Object.values(configFlags(name))) clearFlag(flag);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
