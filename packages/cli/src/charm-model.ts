import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { ConditionSummary } from '@reactive/bus';
import { harnessPackage } from './authoring.js';
import { CliError, NotFoundError } from './errors.js';

type Bus = typeof import('@reactive/bus');

/** A handler as discovery finds it, with the flags its source sets and clears (found by a scan of the source: literal names only). */
export interface HandlerModel {
  id: string;
  conditions: ConditionSummary[];
  sets: string[];
  clears: string[];
}

/** What `reactive graph` and `reactive lint` know of a charm, without running a hook. */
export interface CharmModel {
  dir: string;
  handlers: HandlerModel[];
  /** Flags set somewhere in the charm's code (handlers, endpoints, helpers), as literal names. */
  setSomewhere: Set<string>;
  /** Whether the framework (layer:basic, Endpoint, main) sets the flag for this charm. */
  frameworkSets: (flag: string) => boolean;
  configOptions: string[];
  endpoints: string[];
  /** Handler modules that could not be loaded, each as one line. */
  problems: string[];
}

const SETTERS = /\b(setFlag|setState|toggleFlag|toggleState|set_flag|set_state)\b/;
const CLEARERS = /\b(clearFlag|removeState|clear_flag|remove_state)\b/;
/** `setFlag('x')`, `clearFlag("x")`, `toggleFlag(this.expandName('{endpoint_name}.x'), ...)`. */
const FLAG_CALL = /\b(setFlag|setState|toggleFlag|toggleState|clearFlag|removeState)\(\s*(?:(?:this\.)?expandName\(\s*)?(['"`])([^'"`$]+)\2/g;
/** In a bash handler: `charms.reactive set_flag x` or `set_flag 'x'`. */
const BASH_FLAG_CALL = /\b(set_flag|set_state|clear_flag|remove_state|toggle_flag)\s+(['"]?)([^\s'";)]+)\2/g;

/**
 * Loads the charm in `dir` (a built charm, or a charm layer, built first into
 * a temporary folder) by discovery alone: its handler modules are imported,
 * no hook runs. A folder without `reactive/` is an error.
 */
export async function loadCharmModel(dir: string): Promise<CharmModel> {
  const source = resolve(dir);
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new NotFoundError(`${dir}: no such folder`);
  if (!existsSync(join(source, 'reactive'))) throw new NotFoundError(`${dir}: not a reactive charm (no reactive/ folder)`);
  const charm = await runnable(source);
  process.env.JUJU_CHARM_DIR = charm;
  const bus = await import('@reactive/bus');
  const problems: string[] = [];
  try {
    await bus.discover(charm);
  } catch (error) {
    problems.push((error as Error).message.split('\n')[0]!);
  }
  problems.push(...handlerFileWarnings(bus, charm));
  const metadata = bus.charmMetadata(charm);
  const endpoints = ['provides', 'requires', 'peers'].flatMap((role) => Object.keys((metadata[role] as object | undefined) ?? {}));
  const basic = await import('@reactive/layer-basic');
  const configOptions = Object.keys(readConfigOptions(basic, charm));
  const handlers: HandlerModel[] = [];
  for (const handler of bus.Handler.getHandlers()) {
    if (handler instanceof bus.ExternalHandler) handlers.push(...bashHandlers(bus, charm, handler.path));
    else handlers.push(jsHandler(handler, bus.summariseCondition));
  }
  const setSomewhere = new Set(handlers.flatMap((h) => h.sets));
  for (const file of moduleFiles(charm)) for (const flag of flagsSetIn(charm, file, bus.relationNames)) setSomewhere.add(flag);
  const storages = Object.keys((metadata.storage as object | undefined) ?? {});
  const frameworkSets = frameworkFlags(
    [
      basic.CONFIG_CHANGED,
      bus.SERIES_UPGRADE_FLAG,
      ...configOptions.flatMap((o) => Object.values(basic.configFlags(o))),
      ...storages.flatMap((name) => Object.values(basic.storageFlags(name))),
    ],
    endpoints,
  );
  return { dir, handlers, setSomewhere, frameworkSets, configOptions, endpoints, problems };
}

async function runnable(source: string): Promise<string> {
  // A built charm (on a unit, say) runs as it is, without the simulator.
  const { isCharmLayer } = await import('@reactive/layer-basic');
  if (!isCharmLayer(source)) return source;
  const { buildRunnableCharm } = await harnessPackage(`reading the charm layer ${source}`);
  try {
    return await buildRunnableCharm(source, join(mkdtempSync(join(tmpdir(), 'reactive-inspect-')), basename(source)));
  } catch (error) {
    throw new CliError(`${source}: cannot build the layer (${(error as Error).message.split('\n')[0]})`);
  }
}

function jsHandler(handler: Bus['Handler']['prototype'], summarise: Bus['summariseCondition']): HandlerModel {
  const code = Function.prototype.toString.call(handler.action);
  const suffix = handler.id().split(':')[3];
  const expand = (flag: string) => (suffix ? flag.replaceAll('{endpoint_name}', suffix) : flag);
  const { sets, clears } = flagCalls(code, FLAG_CALL, expand);
  return { id: handler.id(), conditions: handler.conditions.map(summarise), sets, clears };
}

/** The functions of a bash handler file (what their decorators ask, as @reactive/bus reads them), with the flags their bodies set. */
function bashHandlers(bus: Bus, charm: string, path: string): HandlerModel[] {
  const file = relative(charm, path);
  const source = readFileSync(path, 'utf8');
  const functions = bus.bashFunctions(source);
  if (functions.length === 0) return [{ id: file, conditions: [{ kind: 'external' }], ...flagCalls(source, BASH_FLAG_CALL, (flag) => flag) }];
  const lines = source.split('\n');
  const starts = functions.map((f) => f.line);
  return functions.map(({ name, line, conditions }) => {
    // A function's body: the lines up to the next decorated function's.
    const end = Math.min(...starts.filter((start) => start > line), lines.length + 1);
    return { id: `${file}:${name}`, conditions, ...flagCalls(lines.slice(line, end - 1).join('\n'), BASH_FLAG_CALL, (flag) => flag) };
  });
}

function flagCalls(code: string, pattern: RegExp, expand: (flag: string) => string): { sets: string[]; clears: string[] } {
  const sets = new Set<string>();
  const clears = new Set<string>();
  for (const match of code.matchAll(pattern)) {
    const flag = expand(match[3]!);
    if (CLEARERS.test(match[1]!)) clears.add(flag);
    else if (SETTERS.test(match[1]!)) sets.add(flag);
    if (/^toggle/.test(match[1]!)) clears.add(flag);
  }
  return { sets: [...sets], clears: [...clears] };
}

/**
 * Flags a module sets anywhere (helpers and endpoint classes included): in a
 * role file of an interface layer, every `{endpoint_name}` name, for each
 * endpoint using the interface in that role.
 */
function flagsSetIn(charm: string, file: string, relationNames: (role: string, iface: string, dir?: string) => string[]): string[] {
  const text = readFileSync(file, 'utf8');
  const role = /^(requires|provides|peers)$/.exec(basename(file, extname(file)))?.[1];
  const names = role ? relationNames(role, basename(dirname(file)), charm) : [];
  const flags: string[] = [];
  for (const match of text.matchAll(FLAG_CALL)) if (SETTERS.test(match[1]!)) flags.push(match[3]!);
  if (role) for (const match of text.matchAll(/(['"`])([^'"`$]*\{endpoint_name\}[^'"`$]*)\1/g)) flags.push(match[2]!);
  return flags.flatMap((flag) => (flag.includes('{endpoint_name}') ? names.map((name) => flag.replaceAll('{endpoint_name}', name)) : [flag]));
}

/** Files of the handler folders that discovery leaves alone though they look meant as handlers. */
function handlerFileWarnings(bus: Bus, charm: string): string[] {
  const warnings: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '__pycache__' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      const kind = entry.isFile() ? bus.classifyHandlerFile(path, statSync(path).mode) : undefined;
      if (kind?.kind === 'ignored' && kind.warning) warnings.push(`${relative(charm, path)} ${kind.warning}`);
    }
  };
  for (const root of bus.HANDLER_ROOTS) walk(join(charm, root));
  return warnings;
}

function moduleFiles(charm: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?js$/.test(entry.name)) files.push(path);
    }
  };
  for (const root of ['reactive', 'hooks/reactive', 'hooks/relations', 'lib']) walk(join(charm, root));
  return files;
}

function readConfigOptions(basic: typeof import('@reactive/layer-basic'), charm: string): Record<string, unknown> {
  return ((basic.readCharmYAML(join(charm, 'config.yaml')) as { options?: Record<string, unknown> } | undefined)?.options ?? {}) as Record<string, unknown>;
}

/** layer:basic's secret flags: `secret.<event>`, and `.<label>` after it, a label only the running hook knows. */
const SECRET_FLAG = /^secret\.(changed|rotate|expired|remove)(\.|$)/;

/** The flags main() and layer:basic set by themselves (`named`), and an Endpoint's `endpoint.NAME.*`. */
function frameworkFlags(named: string[], endpoints: string[]): (flag: string) => boolean {
  const known = new Set(named);
  const prefixes = endpoints.map((name) => `endpoint.${name}.`);
  return (flag) => known.has(flag) || SECRET_FLAG.test(flag) || prefixes.some((prefix) => flag.startsWith(prefix));
}
