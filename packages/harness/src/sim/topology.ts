// The records of the model's applications, units and relations: adding and
// removing them. The callers queue the hooks this causes (but leader-elected).
import { jujuAppFields } from './app-juju.js';
import { coerceOption, loadCharm, type CharmEndpoint, type CharmInfo } from './charm.js';
import { ModelError } from './errors.js';
import { findApplication, liveUnits, type AppCharms } from './lookup.js';
import { enqueue } from './scheduler.js';
import { checkApplicationName, parseEndpointArg, type ApplicationSpec } from './spec.js';
import { describeRelation, localEnd, relationKey, type AppRecord, type Bag, type ModelState, type RelationRecord } from './state.js';

/** A unit's first data in a relation, as in Juju. */
function addressBag(address: string): Bag {
  return { 'egress-subnets': `${address}/32`, 'ingress-address': address, 'private-address': address };
}

function unitNumber(name: string): number {
  return Number(name.slice(name.indexOf('/') + 1));
}

/** Adds an application, its peer relations and its units; returns the units' names. */
export function addApplication(model: ModelState, charms: AppCharms, name: string, spec: ApplicationSpec): string[] {
  checkApplicationName(name, 'deploy');
  if (model.applications[name]) throw new ModelError(`application "${name}" is already deployed`);
  const charm = loadCharm(spec.charm, `application "${name}"`, spec.charmSpelled ?? spec.charm);
  charms.add(name, charm);
  const config: Record<string, unknown> = {};
  for (const [option, value] of Object.entries(spec.config ?? {})) {
    const declared = charm.options[option];
    if (!declared) throw new ModelError(`application "${name}": unknown config option "${option}" (${charms.optionList(name)})`);
    const coerced = coerceOption(`application "${name}"`, option, declared, value);
    if (coerced !== null) config[option] = coerced;
  }
  model.applications[name] = {
    name,
    charm: charm.dir,
    ...(spec.source ? { source: spec.source } : {}),
    charmName: charm.name,
    config,
    units: [],
    nextUnit: 0,
    leader: null,
    leaderSettings: {},
    status: { status: 'unknown', message: '' },
    version: '',
    ...jujuAppFields(name, spec, charm.dir),
  };
  for (const endpoint of charm.endpoints.filter((e) => e.role === 'peers')) {
    model.relations.push({
      id: model.nextRelation++,
      interface: endpoint.interface,
      ends: [{ app: name, endpoint: endpoint.name, role: 'peers' }],
      units: {},
      apps: {},
    });
  }
  const units: string[] = [];
  for (let i = 0; i < (spec.units ?? 1); i++) units.push(createUnit(model, name));
  return units;
}

/** Adds a unit on a new machine (the first unit is the leader); returns its name. */
export function createUnit(model: ModelState, appName: string): string {
  const app = findApplication(model, appName);
  const name = `${appName}/${app.nextUnit++}`;
  const machine = model.nextMachine++;
  const host = machine + 1;
  const address = `10.0.${Math.floor(host / 250)}.${(host % 250) + 1}`;
  model.units[name] = {
    name,
    app: appName,
    number: unitNumber(name),
    address,
    machine: String(machine),
    since: new Date().toISOString(),
    status: { status: 'unknown', message: '' },
    ports: [],
    started: false,
    relations: {},
  };
  app.units.push(name);
  app.leader ??= name;
  for (const relation of model.relations) if (!relation.dying && localEnd(relation, appName)) relation.units[name] = addressBag(address);
  return name;
}

/** Removes a unit's record and every trace of it (its data, its hooks, others' hooks about it). */
export function deleteUnit(model: ModelState, name: string): void {
  const unit = model.units[name];
  if (!unit) return;
  const app = model.applications[unit.app]!;
  app.units = app.units.filter((u) => u !== name);
  delete model.units[name];
  for (const relation of model.relations) delete relation.units[name];
  for (const other of Object.values(model.units)) {
    for (const mine of Object.values(other.relations)) mine.joined = mine.joined.filter((u) => u !== name);
  }
  model.queue = model.queue.filter((e) => e.unit !== name && e.remoteUnit !== name && e.after !== name);
  if (app.leader === name) electLeader(model, app);
  for (const relation of [...model.relations]) if (relation.dying) dropRelationIfDone(model, relation);
}

/** The lowest-numbered live unit leads (leader-elected is queued on it). */
export function electLeader(model: ModelState, app: AppRecord): void {
  const next = app.units.filter((u) => !model.units[u]?.dying).sort((a, b) => unitNumber(a) - unitNumber(b))[0] ?? null;
  app.leader = next;
  if (next) enqueue(model, { unit: next, hook: 'leader-elected' });
}

/** Resolves two endpoint specs to a new relation record, refusing what Juju refuses. */
export function relate(model: ModelState, charms: AppCharms, a: string, b: string): RelationRecord {
  const left = parseEndpointArg(a);
  const right = parseEndpointArg(b);
  const what = `cannot relate ${a} to ${b}`;
  findApplication(model, left.app);
  findApplication(model, right.app);
  if (left.app === right.app) throw new ModelError(`${what}: an application cannot be related to itself (peer relations are made automatically)`);
  const pair = endpointPair(what, { spelled: a, ...left, charm: charms.get(left.app) }, { spelled: b, ...right, charm: charms.get(right.app) });
  const existing = model.relations.find(
    (rel) =>
      !rel.dying &&
      rel.ends.length === 2 &&
      rel.ends.some((e) => e.app === left.app && e.endpoint === pair[0].name) &&
      rel.ends.some((e) => e.app === right.app && e.endpoint === pair[1].name),
  );
  if (existing) throw new ModelError(`${left.app}:${pair[0].name} and ${right.app}:${pair[1].name} are already related (${relationKey(existing, left.app)})`);
  const relation: RelationRecord = {
    id: model.nextRelation++,
    interface: pair[0].interface,
    ends: [
      { app: left.app, endpoint: pair[0].name, role: pair[0].role },
      { app: right.app, endpoint: pair[1].name, role: pair[1].role },
    ],
    units: {},
    apps: {},
  };
  for (const end of relation.ends) for (const unit of liveUnits(model, end.app)) relation.units[unit] = addressBag(model.units[unit]!.address);
  model.relations.push(relation);
  return relation;
}

/** One side of `relate`: the argument as written, and what it names. */
interface Side {
  spelled: string;
  app: string;
  endpoint?: string;
  charm: CharmInfo;
}

/** The endpoints two sides relate: the named ones, or the one pair that matches. */
function endpointPair(what: string, left: Side, right: Side): [CharmEndpoint, CharmEndpoint] {
  if (left.endpoint !== undefined && right.endpoint !== undefined) {
    const l = findEndpoint(what, left, left.endpoint);
    const r = findEndpoint(what, right, right.endpoint);
    if (l.role === 'peers' || r.role === 'peers')
      throw new ModelError(`${what}: ${l.role === 'peers' ? left.spelled : right.spelled} is a peer endpoint (peer relations are made automatically)`);
    if (l.interface !== r.interface) {
      throw new ModelError(
        `cannot relate ${left.app}:${l.name} (interface "${l.interface}") to ${right.app}:${r.name} (interface "${r.interface}"): the interfaces differ`,
      );
    }
    if (l.role === r.role) throw new ModelError(`${what}: both are ${l.role} endpoints (a relation joins a provides endpoint to a requires endpoint)`);
    return [l, r];
  }
  const lefts = left.endpoint !== undefined ? [findEndpoint(what, left, left.endpoint)] : left.charm.endpoints;
  const rights = right.endpoint !== undefined ? [findEndpoint(what, right, right.endpoint)] : right.charm.endpoints;
  const matches: Array<[CharmEndpoint, CharmEndpoint]> = [];
  for (const l of lefts) {
    for (const r of rights) {
      if (l.role !== 'peers' && r.role !== 'peers' && l.role !== r.role && l.interface === r.interface) matches.push([l, r]);
    }
  }
  if (matches.length === 0) throw new ModelError(`${what}: no endpoints of the two with the same interface and opposite roles`);
  if (matches.length > 1) {
    throw new ModelError(
      `${what}: ambiguous; name the endpoints, one of: ${matches.map(([l, r]) => `${left.app}:${l.name} ${right.app}:${r.name}`).join(', ')}`,
    );
  }
  return matches[0]!;
}

function findEndpoint(what: string, side: Side, endpoint: string): CharmEndpoint {
  const found = side.charm.endpoints.find((e) => e.name === endpoint);
  if (!found) {
    const list = side.charm.endpoints.map((e) => `${e.name} (${e.role} ${e.interface})`).join(', ') || 'none';
    throw new ModelError(`${what}: application "${side.app}" (charm ${side.charm.name}) has no endpoint "${endpoint}"; its endpoints: ${list}`);
  }
  return found;
}

/** The live non-peer relation given by its ends (`app:endpoint` or `app`), one end, or its id (`db:0`). */
export function findRelation(model: ModelState, a: string, b?: string): RelationRecord {
  const live = model.relations.filter((r) => !r.dying);
  const byId = /^([a-z][\w-]*):(\d+)$/.exec(a);
  if (b === undefined && byId) {
    const found = live.find((r) => r.id === Number(byId[2]) && r.ends.some((e) => e.endpoint === byId[1]));
    if (!found) throw new ModelError(`no relation ${a} in the model`);
    if (found.ends.length === 1) throw new ModelError(`${a} is a peer relation: it goes only with its application`);
    return found;
  }
  const specs = [parseEndpointArg(a), ...(b === undefined ? [] : [parseEndpointArg(b)])];
  const matches = live.filter(
    (r) => r.ends.length === 2 && specs.every((s) => r.ends.some((e) => e.app === s.app && (s.endpoint === undefined || e.endpoint === s.endpoint))),
  );
  const what = b === undefined ? a : `${a} and ${b}`;
  if (matches.length === 0) throw new ModelError(`no relation between ${what} in the model`);
  if (matches.length > 1) throw new ModelError(`${what} match several relations (${matches.map(describeRelation).join('; ')}): name both endpoints`);
  return matches[0]!;
}

/** Drops a dying relation once no unit is in it and no hook about it is queued. */
export function dropRelationIfDone(model: ModelState, relation: RelationRecord): void {
  if (!relation.dying) return;
  if (Object.values(model.units).some((u) => u.relations[relation.id])) return;
  if (model.queue.some((e) => e.relation === relation.id)) return;
  model.relations = model.relations.filter((r) => r !== relation);
}
