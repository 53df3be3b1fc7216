import { join } from 'node:path';
import { clearFlag, setFlag, toggleFlag } from '@reactive/flags';
import { charmDir, config } from '@reactive/hookenv';
import { CharmFileError, readCharmYAML } from './cached-yaml.js';

interface OptionSpec {
  default?: unknown;
}

/** The options config.yaml declares, with their defaults. */
function declaredOptions(): Record<string, OptionSpec> {
  const path = join(charmDir(), 'config.yaml');
  const data = readCharmYAML(path) as { options?: unknown } | null | undefined;
  const options = data?.options;
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new CharmFileError(`${path}: "options" must be a mapping`);
  return options as Record<string, OptionSpec>;
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
    if (current.changed(name)) {
      setFlag('config.changed');
      setFlag(`config.changed.${name}`);
    }
    toggleFlag(`config.set.${name}`, Boolean(value));
    toggleFlag(`config.default.${name}`, sameValue(value, spec?.default ?? null));
  }
}

/** At the end of a successful hook: the config flags last only for the hook that set them. */
export function clearConfigFlags(): void {
  clearFlag('config.changed');
  const names = new Set([...Object.keys(declaredOptions()), ...config().keys()]);
  for (const name of names) {
    clearFlag(`config.changed.${name}`);
    clearFlag(`config.set.${name}`);
    clearFlag(`config.default.${name}`);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
