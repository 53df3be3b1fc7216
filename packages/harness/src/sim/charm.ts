import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadActions, type CharmAction } from './actions.js';
import { ModelError } from './errors.js';
import { readCharmFile } from './charm-files.js';

export type Role = 'provides' | 'requires' | 'peers';

export interface CharmEndpoint {
  name: string;
  role: Role;
  interface: string;
}

export type OptionType = 'string' | 'int' | 'float' | 'boolean' | 'secret';

export interface CharmOption {
  type: OptionType;
  default: unknown;
  description?: string;
}

/** What the simulator needs to know of a charm: its name, endpoints, config options and how its hooks run. */
export interface CharmInfo {
  dir: string;
  name: string;
  endpoints: CharmEndpoint[];
  /** Extra bindings (metadata `extra-bindings`), for network-get. */
  extraBindings: string[];
  options: Record<string, CharmOption>;
  /** Its actions (actions.yaml). */
  actions: Record<string, CharmAction>;
  /** Whether the charm has an executable `dispatch` (run for every hook, with JUJU_DISPATCH_PATH). */
  dispatch: boolean;
}

const ROLES: Role[] = ['provides', 'requires', 'peers'];
const TYPES = new Set<OptionType>(['string', 'int', 'float', 'boolean', 'secret']);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a charm directory; `who` names what uses it in errors (e.g. `application "db"`). */
export function loadCharm(dir: string, who: string, spelled = dir): CharmInfo {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new ModelError(`${who}: no charm at ${spelled}${spelled === dir ? '' : ` (${dir})`}: no such directory`);
  }
  if (!stat.isDirectory()) throw new ModelError(`${who}: the charm path ${spelled} is not a directory`);
  let metadata: unknown;
  let metadataFile: string;
  let config: unknown;
  let configFile: string;
  try {
    ({ data: metadata, path: metadataFile } = readCharmFile(dir, 'metadata.yaml'));
    ({ data: config, path: configFile } = readCharmFile(dir, 'config.yaml'));
  } catch (error) {
    throw new ModelError(`${who}: ${(error as Error).message}`);
  }
  if (metadata === undefined) throw new ModelError(`${who}: ${spelled} is not a charm: it has no metadata.yaml (nor a charmcraft.yaml with a name)`);
  if (!isMap(metadata)) throw new ModelError(`${who}: ${metadataFile}: expected a mapping at the top level`);
  const endpoints: CharmEndpoint[] = [];
  for (const role of ROLES) {
    const section = metadata[role];
    if (section === undefined || section === null) continue;
    if (!isMap(section)) throw new ModelError(`${who}: ${metadataFile}: \`${role}\` must map relation names to their interface`);
    for (const [name, spec] of Object.entries(section)) {
      const iface = typeof spec === 'string' ? spec : isMap(spec) && typeof spec.interface === 'string' ? spec.interface : undefined;
      if (!iface) throw new ModelError(`${who}: ${metadataFile}: relation "${name}" (under \`${role}\`) names no interface`);
      endpoints.push({ name, role, interface: iface });
    }
  }
  const extra = metadata['extra-bindings'];
  const options: Record<string, CharmOption> = {};
  const declared = isMap(config) ? config.options : undefined;
  if (isMap(declared)) {
    for (const [name, spec] of Object.entries(declared)) {
      const raw = isMap(spec) ? spec : {};
      const type = (typeof raw.type === 'string' ? raw.type : 'string') as OptionType;
      if (!TYPES.has(type)) throw new ModelError(`${who}: ${configFile}: option "${name}" has unknown type "${type}"`);
      options[name] = { type, default: raw.default ?? null, ...(typeof raw.description === 'string' ? { description: raw.description } : {}) };
    }
  }
  return {
    dir,
    name: typeof metadata.name === 'string' ? metadata.name : dir.split('/').filter(Boolean).at(-1)!,
    endpoints,
    extraBindings: isMap(extra) ? Object.keys(extra) : Array.isArray(extra) ? extra.map(String) : [],
    options,
    actions: loadActions(dir, who),
    dispatch: isExecutable(join(dir, 'dispatch')),
  };
}

export function isExecutable(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * A config value checked against the option's type. Strings (from a command
 * line, `--set app.port=8080`) are converted; `null` means "the default".
 */
export function coerceOption(who: string, name: string, option: CharmOption, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const fail = (): never => {
    throw new ModelError(
      `${who}: option "${name}" expects ${option.type === 'secret' ? 'a secret URI' : option.type === 'int' ? 'an int' : `a ${option.type}`}, got ${JSON.stringify(value)}`,
    );
  };
  switch (option.type) {
    case 'string':
    case 'secret':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail();
    case 'int': {
      const n = typeof value === 'string' && /^[-+]?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) ? n : fail();
    }
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : fail();
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return fail();
  }
}
