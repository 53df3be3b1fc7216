import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { JujuVersionName } from '@reactive/hookenv';
import { ModelError } from './errors.js';
import { readJujuSetting } from './juju-version.js';
import { parseYAMLText } from './yaml.js';

/** One application of a model file. */
export interface ApplicationSpec {
  /** The charm directory, absolute. */
  charm: string;
  /** The charm path as the model file spells it (for messages). */
  charmSpelled?: string;
  /** The charm layer `charm` was built from (buildCharmLayers): the simulator builds it again with `rebuild()`. */
  source?: string;
  units: number;
  config: Record<string, unknown>;
  /** Resource files by resource name (absolute), for resource-get. */
  resources?: Record<string, string>;
  /** `juju trust`: credential-get answers with a simulated cloud. */
  trust?: boolean;
}

/**
 * A model to simulate, as `parseModel` reads it:
 *
 * ```yaml
 * name: demo            # optional (default "sim")
 * juju: '3.6'           # optional: '2.9', '3.6' (default) or '4.0'
 * seed: 7               # optional: shuffles the order between units, reproducibly
 * applications:
 *   my-app: {charm: ./examples/my-app, units: 1, config: {admin-pass: secret}}
 *   db: {charm: ./examples/tiny-db}           # units default to 1
 *   cache: {charm: ./cache, resources: {image: ./cache.tar}, trust: true}
 * relations:
 *   - [my-app:db, db:database]
 *   - [my-app, other]                          # endpoints inferred when only one pair matches
 * ```
 */
export interface ModelSpec {
  name?: string;
  seed?: number;
  /** The Juju the model runs (default 3.6). */
  juju?: JujuVersionName;
  applications: Record<string, ApplicationSpec>;
  relations: Array<[string, string]>;
}

export interface ParseModelOptions {
  /** Where relative charm paths start (default: the current directory). */
  baseDir?: string;
  /** The file name for messages. */
  source?: string;
}

const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;
const TOP_KEYS = new Set(['name', 'seed', 'juju', 'applications', 'relations', 'description']);
const APP_KEYS = new Set(['charm', 'units', 'num_units', 'config', 'options', 'resources', 'trust']);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks an application name as Juju does. */
export function checkApplicationName(name: string, where = 'model'): void {
  if (!APP_NAME.test(name)) {
    throw new ModelError(
      `${where}: "${name}" is not a valid application name (lowercase letters, digits and hyphens, starting with a letter; no digit right after a hyphen)`,
    );
  }
}

/** A model description (YAML or JSON text, or the parsed object), checked; charm paths made absolute. */
export function parseModel(input: string | Record<string, unknown>, opts: ParseModelOptions = {}): ModelSpec {
  const source = opts.source ?? 'model';
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = parseYAMLText(input, source);
    } catch (error) {
      throw new ModelError((error as Error).message);
    }
  }
  if (!isMap(data)) throw new ModelError(`${source}: expected a mapping with "applications" (and "relations")`);
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.has(key)) throw new ModelError(`${source}: unknown key "${key}" (expected ${[...TOP_KEYS].join(', ')})`);
  }
  const baseDir = opts.baseDir ?? process.cwd();
  const spec: ModelSpec = { applications: {}, relations: [] };
  if (data.name !== undefined) {
    if (typeof data.name !== 'string' || !APP_NAME.test(data.name))
      throw new ModelError(`${source}: "name" must be a model name (lowercase letters, digits, hyphens)`);
    spec.name = data.name;
  }
  if (data.seed !== undefined && data.seed !== null) {
    if (typeof data.seed !== 'number' || !Number.isInteger(data.seed)) throw new ModelError(`${source}: "seed" must be an integer`);
    spec.seed = data.seed;
  }
  if (data.juju !== undefined) spec.juju = readJujuSetting(data.juju, `${source}: "juju"`);
  const apps = data.applications;
  if (!isMap(apps) || Object.keys(apps).length === 0) throw new ModelError(`${source}: "applications" must map application names to {charm, units, config}`);
  for (const [name, raw] of Object.entries(apps)) {
    checkApplicationName(name, source);
    const where = `${source}: application "${name}"`;
    const app = typeof raw === 'string' ? { charm: raw } : raw;
    if (!isMap(app)) throw new ModelError(`${where}: expected {charm, units, config}`);
    for (const key of Object.keys(app)) {
      if (!APP_KEYS.has(key)) throw new ModelError(`${where}: unknown key "${key}" (expected ${[...APP_KEYS].join(', ')})`);
    }
    if (typeof app.charm !== 'string' || app.charm === '') throw new ModelError(`${where}: "charm" must be the path of a charm directory`);
    const units = app.units ?? app.num_units ?? 1;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 0 || units > 100)
      throw new ModelError(`${where}: "units" must be an integer from 0 to 100`);
    const config = app.config ?? app.options ?? {};
    if (!isMap(config)) throw new ModelError(`${where}: "config" must map option names to values`);
    spec.applications[name] = {
      charm: isAbsolute(app.charm) ? app.charm : resolve(baseDir, app.charm),
      charmSpelled: app.charm,
      units,
      config: { ...config },
      ...readAppJuju(app, where, baseDir),
    };
  }
  const relations = data.relations ?? [];
  if (!Array.isArray(relations)) throw new ModelError(`${source}: "relations" must be a list of [app:endpoint, app:endpoint] pairs`);
  for (const [i, pair] of relations.entries()) {
    const ends = typeof pair === 'string' ? pair.split(/[\s,]+/).filter(Boolean) : pair;
    if (!Array.isArray(ends) || ends.length !== 2 || !ends.every((end) => typeof end === 'string' && end !== '')) {
      throw new ModelError(`${source}: relation ${i + 1} must be a pair [app:endpoint, app:endpoint], got ${JSON.stringify(pair)}`);
    }
    spec.relations.push([ends[0] as string, ends[1] as string]);
  }
  return spec;
}

/** An application's `resources` (files made absolute from `baseDir`) and `trust`. */
function readAppJuju(app: Record<string, unknown>, where: string, baseDir: string): Pick<ApplicationSpec, 'resources' | 'trust'> {
  const out: Pick<ApplicationSpec, 'resources' | 'trust'> = {};
  if (app.trust !== undefined) {
    if (typeof app.trust !== 'boolean') throw new ModelError(`${where}: "trust" must be true or false`);
    if (app.trust) out.trust = true;
  }
  if (app.resources !== undefined) {
    const given = app.resources;
    if (!isMap(given) || !Object.values(given).every((path) => typeof path === 'string' && path !== '')) {
      throw new ModelError(`${where}: "resources" must map resource names to files`);
    }
    out.resources = Object.fromEntries(Object.entries(given).map(([name, path]) => [name, resolve(baseDir, path as string)]));
  }
  return out;
}

/** Reads a model file; charm paths are relative to the file's folder. */
export function loadModelFile(path: string): ModelSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelError(`${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseModel(text, { baseDir: dirname(resolve(path)), source: path });
}

/** `app.option=value` (the CLI's `--set`): the value stays a string; setConfig converts it to the option's type. */
export function parseSetArgument(text: string): { app: string; option: string; value: string } {
  const match = /^([a-z][a-z0-9-]*)\.([^=]+)=(.*)$/s.exec(text);
  if (!match) throw new ModelError(`expected app.option=value, got "${text}"`);
  return { app: match[1]!, option: match[2]!, value: match[3]! };
}

/** `app:endpoint` or `app` (endpoint to be inferred). */
export function parseEndpointArg(text: string): { app: string; endpoint?: string } {
  const [app, endpoint, ...rest] = text.split(':');
  if (!app || rest.length > 0 || endpoint === '') throw new ModelError(`expected app:endpoint (or app), got "${text}"`);
  return endpoint === undefined ? { app } : { app, endpoint };
}
