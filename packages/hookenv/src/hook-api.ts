import type { HookTools, LogLevel, RelationGetOptions, RelationSettings, Status, StatusState } from './hook-tools.js';
import { ProcessHookTools } from './process-hook-tools.js';
import { localUnit, unitApplication } from './context.js';
import { recordLeaderSet, recordRelationSet, republishUnconfirmed } from './publish-ledger.js';

let tools: HookTools | undefined;
/** Relation queries are answered once per hook: Juju's view is a snapshot from the hook's start. */
const cache = new Map<string, Promise<unknown>>();
/** The answers that have arrived, for synchronous readers. */
const settled = new Map<string, unknown>();

/** The hook tools in use: the real executables unless {@link setHookTools} swapped them. */
export function hookTools(): HookTools {
  tools ??= new ProcessHookTools();
  return tools;
}

/** Swaps the hook-tool backend (the harness and tests do); `undefined` restores the real tools. Clears the hook cache. */
export function setHookTools(next: HookTools | undefined): void {
  tools = next;
  clearHookCache();
}

/** Forgets cached relation queries (between hooks run in one process). */
export function clearHookCache(): void {
  cache.clear();
  settled.clear();
}

function cached<T>(key: string, query: () => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = query();
    cache.set(key, hit);
    hit.then(
      (value) => cache.get(key) === hit && settled.set(key, value),
      () => cache.delete(key),
    );
  }
  return hit;
}

function relationGetKey(opts: RelationGetOptions): string {
  return `get\0${opts.relationId}\0${opts.app ? 'app' : 'unit'}\0${opts.unit ?? ''}\0${opts.key ?? ''}`;
}

export function log(message: string, level: LogLevel = 'INFO'): Promise<void> {
  return hookTools().jujuLog(message, level);
}

export function statusSet(state: StatusState, message = '', opts: { application?: boolean } = {}): Promise<void> {
  return hookTools().statusSet(state, message, opts);
}

export function statusGet(opts: { application?: boolean } = {}): Promise<Status> {
  return hookTools().statusGet(opts);
}

export function isLeader(): Promise<boolean> {
  return hookTools().isLeader();
}

export function leaderGet(key?: string): Promise<unknown> {
  return hookTools().leaderGet(key);
}

/** leader-set; the values are recorded so that a hook killed before Juju applied them sends them again (publish-ledger.ts). */
export async function leaderSet(settings: Record<string, string | null>): Promise<void> {
  await hookTools().leaderSet(settings);
  recordLeaderSet(settings);
}

/** The relation ids on an endpoint, e.g. `['db:0', 'db:3']` (once per hook). */
export function relationIds(endpoint: string): Promise<string[]> {
  return cached(`ids\0${endpoint}`, () => hookTools().relationIds(endpoint));
}

/** The remote units of a relation (once per hook). */
export function relatedUnits(relationId: string): Promise<string[]> {
  return cached(`list\0${relationId}`, () => hookTools().relationList(relationId));
}

/** The remote units of a relation now: the answer already fetched this hook, else a synchronous relation-list. */
export function relatedUnitsNow(relationId: string): string[] {
  const key = `list\0${relationId}`;
  if (settled.has(key)) return settled.get(key) as string[];
  const units = hookTools().relationListSync(relationId);
  settled.set(key, units);
  cache.set(key, Promise.resolve(units));
  return units;
}

/** The remote application of a relation (once per hook). */
export function relationRemoteApp(relationId: string): Promise<string | null> {
  return cached(`app\0${relationId}`, () => hookTools().relationRemoteApp(relationId));
}

/** Relation data (once per distinct query per hook); see {@link HookTools.relationGet}. */
export function relationGet(opts: RelationGetOptions): Promise<unknown> {
  return cached(relationGetKey(opts), () => hookTools().relationGet(opts));
}

/**
 * Relation data now: the answer already fetched this hook, else a synchronous
 * relation-get (remembered for the rest of the hook).
 */
export function relationGetNow(opts: RelationGetOptions): unknown {
  const key = relationGetKey(opts);
  if (settled.has(key)) return settled.get(key);
  const value = hookTools().relationGetSync(opts);
  settled.set(key, value);
  cache.set(key, Promise.resolve(value));
  return value;
}

/**
 * Writes relation data for the local unit (or, with `app`, its application)
 * and forgets what was cached of it. The values are recorded so that a hook
 * killed before Juju applied them sends them again (publish-ledger.ts).
 */
export async function relationSet(opts: { relationId: string; app?: boolean }, data: RelationSettings): Promise<void> {
  await hookTools().relationSet(opts, data);
  recordRelationSet(opts.relationId, opts.app === true, data);
  const self = opts.app ? unitApplication(localUnit()) : localUnit();
  const stale = `get\0${opts.relationId}\0${opts.app ? 'app' : 'unit'}\0${self}\0`;
  for (const key of cache.keys()) {
    if (key.startsWith(stale)) {
      cache.delete(key);
      settled.delete(key);
    }
  }
}

/**
 * Sends again what the last hooks published with {@link relationSet} and
 * {@link leaderSet} that Juju does not hold: Juju applies those only when a
 * hook exits 0, so a hook killed after committing lost them. `main()` of
 * @reactive/bus calls it at the start of every hook but restricted ones.
 */
export function republishPublished(): Promise<void> {
  return republishUnconfirmed({
    relationData: (relationId, unit, app) => relationGet({ relationId, unit, app }),
    leaderData: () => leaderGet(),
    isLeader: () => isLeader(),
    relationSet,
    leaderSet,
  });
}
