import { dataChanged } from '@reactive/bus';
import { clearFlag, isFlagSet, setFlag, toggleFlag } from '@reactive/flags';
import { atExit, hookName, relatedUnits, relationGet, relationId, relationIds, remoteUnit } from '@reactive/hookenv';
import { Endpoint } from './endpoint.js';
import { endpoints } from './registry.js';
import { RelatedUnit } from './related-unit.js';
import type { RelationBaseClass } from './relation-base.js';
import { isEndpointClass, relationFactory, relationTypes, type EndpointClass } from './relation-factory.js';

/** The class behind each relation name this hook (an Endpoint or RelationBase subclass, or null), for argument lookups. */
export const factories = new Map<string, EndpointClass | RelationBaseClass | null>();

/**
 * The start of every (non-restricted) hook: create an instance per endpoint
 * name in sorted order, asking Juju for all relation ids, then all relation
 * members, then (where the data check runs) all remote data, each batch
 * concurrently; then per endpoint: triggers, departed units, automatic flags,
 * `manageFlags()`, and publishing at exit.
 */
export async function startEndpoints(): Promise<void> {
  endpoints.clear();
  factories.clear();
  const names = relationTypes();
  for (const name of names) {
    const factory = await relationFactory(name);
    factories.set(name, factory);
  }
  const active = names.filter((name) => isEndpointClass(factories.get(name)));
  const ids = await Promise.all(active.map(async (name) => (await relationIds(name)).map((id) => (id.includes(':') ? id : `${name}:${id}`)).sort()));
  const rids = ids.flat();
  const members = await inParallel(rids, (rid) => relatedUnits(rid));
  await prefetchRemoteData(active, rids, members);
  active.forEach((name, i) => startEndpoint(name, factories.get(name) as EndpointClass, ids[i]!));
}

function startEndpoint(name: string, cls: EndpointClass, rids: string[]): void {
  const endpoint = new cls(name, rids);
  endpoints.set(name, endpoint);
  endpoint.registerTriggers();
  if (isDepartedHook(name)) manageDeparted(endpoint);
  manageFlags(endpoint);
  for (const relation of endpoint.relations) atExit(() => relation.flush());
}

function isRelationHook(name: string): boolean {
  return hookName().startsWith(`${name}-relation-`);
}

function isDepartedHook(name: string): boolean {
  return isRelationHook(name) && hookName().endsWith('-departed');
}

/** Whether the data check runs: in the endpoint's own relation hooks, and until it has joined. */
function checksData(name: string): boolean {
  return isRelationHook(name) || !isFlagSet(`endpoint.${name}.joined`);
}

async function prefetchRemoteData(names: string[], rids: string[], members: string[][]): Promise<void> {
  const checked = new Set(names.filter(checksData));
  const reads: Array<{ relationId: string; unit: string }> = [];
  rids.forEach((rid, i) => {
    if (checked.has(rid.split(':')[0]!)) for (const unit of members[i]!) reads.push({ relationId: rid, unit });
  });
  await inParallel(reads, (read) => relationGet(read));
}

/** Hook tools run side by side, a few at a time (each is a process); REACTIVE_PARALLEL_TOOLS sets how many. */
const PARALLEL_TOOLS = Math.max(1, Number(process.env.REACTIVE_PARALLEL_TOOLS) || 8);

async function inParallel<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_TOOLS, items.length) }, worker));
  return results;
}

function manageDeparted(endpoint: Endpoint): void {
  const rid = relationId();
  const relation = rid ? endpoint.relations.get(rid) : undefined;
  if (!relation) throw new Error(`${hookName()}: relation ${rid ?? '(JUJU_RELATION_ID unset)'} is not one of endpoint ${endpoint.endpointName}'s`);
  const departing = remoteUnit();
  if (departing) endpoint.allDepartedUnits.push(new RelatedUnit(relation, departing));
  if (relation.joinedUnits.length === 0) endpoint.relations.deleteKey(relation.relationId);
}

function manageFlags(endpoint: Endpoint): void {
  const name = endpoint.endpointName;
  const joined = endpoint.expandName('joined');
  const alreadyJoined = isFlagSet(joined);
  toggleFlag(joined, endpoint.isJoined);
  if (isDepartedHook(name)) setFlag(endpoint.expandName('departed'));
  else if (endpoint.isJoined) clearFlag(endpoint.expandName('departed'));
  if (!alreadyJoined || isRelationHook(name)) checkData(endpoint);
  endpoint.manageFlags();
  endpoint.manageBuiltInFlags();
}

function checkData(endpoint: Endpoint): void {
  for (const unit of endpoint.allJoinedUnits) {
    for (const [key, value] of unit.received.entries()) {
      const id = `endpoint.${endpoint.endpointName}.${unit.relation!.relationId}.${unit.unitName}.${key}`;
      if (dataChanged(id, value)) {
        setFlag(endpoint.expandName('changed'));
        setFlag(endpoint.expandName(`changed.${key}`));
      }
    }
  }
}
