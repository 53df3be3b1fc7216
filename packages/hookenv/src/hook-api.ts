import { HookToolError, type HookTools, type LogLevel, type RelationGetOptions, type RelationSettings, type Status, type StatusState } from './hook-tools.js';
import { ProcessHookTools } from './process-hook-tools.js';
import { localUnit, unitApplication } from './context.js';
import { NOT_LEADER } from './juju-rules.js';
import { recordLeaderSet, recordRelationSet, republishUnconfirmed } from './publish-ledger.js';
import { shared } from './shared-hook-context.js';

/**
 * Relation queries are answered once per hook (Juju's view is a snapshot from
 * the hook's start); relation-set and leader-set values are held until the hook
 * ends ({@link sendPublications}). Shared by every copy of this package.
 */
const { cache, settled, publications } = shared;

/** The hook tools in use: the real executables unless {@link setHookTools} swapped them. */
export function hookTools(): HookTools {
  shared.tools ??= new ProcessHookTools();
  return shared.tools;
}

/** Swaps the hook-tool backend (the harness and tests do); `undefined` restores the real tools. Clears the hook cache. */
export function setHookTools(next: HookTools | undefined): void {
  shared.tools = next;
  clearHookCache();
}

/** Forgets cached relation queries and unsent relation and leader data (between hooks run in one process). */
export function clearHookCache(): void {
  cache.clear();
  settled.clear();
  publications.clear();
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

/** leader-get, with what this hook set through {@link leaderSet} over it. */
export async function leaderGet(key?: string): Promise<unknown> {
  return publications.overlayLeader(await hookTools().leaderGet(key), key);
}

/**
 * Sets leader data: checked now (only the leader may), sent when the hook
 * ends ({@link sendPublications}); {@link leaderGet} sees it at once.
 */
export async function leaderSet(settings: Record<string, string | null>): Promise<void> {
  if (!(await hookTools().isLeader())) {
    const args = Object.entries(settings).map(([key, value]) => `${key}=${value ?? ''}`);
    throw new HookToolError('leader-set', args, 1, NOT_LEADER['leader-set']);
  }
  publications.leaderSet(settings);
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

/** Relation data (once per distinct query per hook), this hook's own writes over it; see {@link HookTools.relationGet}. */
export async function relationGet(opts: RelationGetOptions): Promise<unknown> {
  const held = await cached(relationGetKey(opts), () => hookTools().relationGet(opts));
  return ownData(opts) ? publications.overlayRelation(opts.relationId, opts.app === true, held, opts.key) : held;
}

/**
 * Relation data now: the answer already fetched this hook, else a synchronous
 * relation-get (remembered for the rest of the hook).
 */
export function relationGetNow(opts: RelationGetOptions): unknown {
  const key = relationGetKey(opts);
  let held: unknown;
  if (settled.has(key)) {
    held = settled.get(key);
  } else {
    held = hookTools().relationGetSync(opts);
    settled.set(key, held);
    cache.set(key, Promise.resolve(held));
  }
  return ownData(opts) ? publications.overlayRelation(opts.relationId, opts.app === true, held, opts.key) : held;
}

/** Whether a query reads this unit's databag (or, with `app`, its application's). */
function ownData(opts: RelationGetOptions): boolean {
  return opts.unit === (opts.app ? unitApplication(localUnit()) : localUnit());
}

/**
 * Writes relation data for the local unit (or, with `app`, its application):
 * sent when the hook ends ({@link sendPublications}), one relation-set per
 * databag; {@link relationGet} of the unit's own data sees it at once.
 */
export async function relationSet(opts: { relationId: string; app?: boolean }, data: RelationSettings): Promise<void> {
  publications.relationSet(opts.relationId, opts.app === true, data);
}

/**
 * Sends this hook's relation and leader data: `main()` of @reactive/bus calls
 * it once the hook has succeeded, before the unit state is committed. What is
 * sent is recorded in the unit state, so that if the hook is killed before
 * Juju applies it, the next hook sends it again (publish-ledger.ts).
 */
export async function sendPublications(): Promise<void> {
  const { relations, leader } = publications.take();
  for (const { relationId, app, data } of relations) {
    await hookTools().relationSet({ relationId, app }, data);
    recordRelationSet(relationId, app, data);
  }
  if (leader) {
    await hookTools().leaderSet(leader);
    recordLeaderSet(leader);
  }
}

/** Forgets this hook's unsent relation and leader data (the hook failed). */
export function discardPublications(): void {
  publications.clear();
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
