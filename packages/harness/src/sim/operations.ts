// The operator's changes to a model (what `Simulation` documents): each
// changes the model and queues the hooks Juju would fire. Saving is the
// caller's.
import { JujuSecrets } from '@reactive/hookenv';
import { coerceOption } from './charm.js';
import { ModelError } from './errors.js';
import { afterSuccess } from './hook-run.js';
import { queueStorageDetaching } from './juju-changes.js';
import { findApplication, findUnit, liveUnits, type AppCharms } from './lookup.js';
import { enqueue, queueJoins, queueUnitStart } from './scheduler.js';
import type { ApplicationSpec } from './spec.js';
import { localEnd, relationKey, remoteAppOf, unitApp, type ModelState } from './state.js';
import { addApplication, createUnit, deleteUnit, dropRelationIfDone, electLeader, findRelation, relate } from './topology.js';

export function deploy(model: ModelState, charms: AppCharms, name: string, app: ApplicationSpec): string[] {
  const units = addApplication(model, charms, name, app);
  for (const unit of units) queueUnitStart(model, unit);
  for (const relation of model.relations) if (relation.ends.length === 1 && relation.ends[0]!.app === name) queueJoins(model, relation);
  return units;
}

export function addUnit(model: ModelState, app: string, count: number): string[] {
  findApplication(model, app);
  const added: string[] = [];
  for (let i = 0; i < count; i++) {
    const unit = createUnit(model, app);
    added.push(unit);
    queueUnitStart(model, unit);
    for (const relation of model.relations) if (!relation.dying && localEnd(relation, app)) queueJoins(model, relation, unit);
  }
  return added;
}

/** Returns false when the unit was already on its way out (nothing changed). */
export function removeUnit(model: ModelState, name: string): boolean {
  const unit = findUnit(model, name);
  if (unit.dying) return false;
  unit.dying = true;
  const app = model.applications[unit.app]!;
  const neverRan = !unit.error && model.queue.some((e) => e.unit === name && e.hook === 'install');
  const attaching = new Set(model.queue.filter((e) => e.unit === name && e.hook.endsWith('-storage-attached')).map((e) => e.storage!));
  model.queue = model.queue.filter((e) => e.unit !== name && e.remoteUnit !== name && e.after !== name);
  // Its failed hook is dropped with the rest (as `juju remove-unit --force` does).
  unit.error = undefined;
  if (neverRan) {
    deleteUnit(model, name);
    return true;
  }
  queueStorageDetaching(model, name, attaching);
  for (const relation of model.relations) {
    const mine = unit.relations[relation.id];
    if (!mine) continue;
    const endpoint = localEnd(relation, unit.app)!.endpoint;
    for (const other of Object.values(model.units)) {
      if (other.name === name || !other.relations[relation.id]?.joined.includes(name)) continue;
      const otherEnd = localEnd(relation, other.app)!.endpoint;
      enqueue(model, {
        unit: other.name,
        hook: `${otherEnd}-relation-departed`,
        relation: relation.id,
        remoteUnit: name,
        remoteApp: unit.app,
        departing: name,
      });
    }
    for (const remote of [...mine.joined].sort()) {
      enqueue(model, {
        unit: name,
        hook: `${endpoint}-relation-departed`,
        relation: relation.id,
        remoteUnit: remote,
        remoteApp: unitApp(remote),
        departing: name,
      });
    }
    enqueue(model, { unit: name, hook: `${endpoint}-relation-broken`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
  }
  enqueue(model, { unit: name, hook: 'stop' });
  enqueue(model, { unit: name, hook: 'remove' });
  if (app.leader === name) electLeader(model, app);
  return true;
}

export function setConfig(model: ModelState, charms: AppCharms, app: string, values: Record<string, unknown>): void {
  const record = findApplication(model, app);
  const before = JSON.stringify(charms.config(record));
  const next = { ...record.config };
  const options = charms.get(app).options;
  for (const [name, value] of Object.entries(values)) {
    const option = options[name];
    if (!option) throw new ModelError(`application "${app}": unknown config option "${name}" (${charms.optionList(app)})`);
    const coerced = coerceOption(`application "${app}"`, name, option, value);
    if (coerced === null) delete next[name];
    else next[name] = coerced;
  }
  record.config = next;
  if (JSON.stringify(charms.config(record)) !== before) {
    for (const unit of liveUnits(model, app)) enqueue(model, { unit, hook: 'config-changed' });
  }
}

/** Returns the relation id as the first application sees it. */
export function addRelation(model: ModelState, charms: AppCharms, a: string, b: string): string {
  const relation = relate(model, charms, a, b);
  for (const end of relation.ends) {
    for (const unit of liveUnits(model, end.app)) {
      enqueue(model, { unit, hook: `${end.endpoint}-relation-created`, relation: relation.id, remoteApp: remoteAppOf(relation, end.app) });
    }
  }
  queueJoins(model, relation);
  return relationKey(relation, relation.ends[0]!.app);
}

export function removeRelation(model: ModelState, a: string, b?: string): void {
  const relation = findRelation(model, a, b);
  relation.dying = true;
  // Juju removes the secret grants made over a relation with it.
  if (model.secrets) new JujuSecrets(model.secrets).relationRemoved(String(relation.id));
  model.queue = model.queue.filter((e) => e.relation !== relation.id);
  for (const unit of Object.values(model.units)) {
    const mine = unit.relations[relation.id];
    if (!mine) continue;
    const endpoint = localEnd(relation, unit.app)!.endpoint;
    for (const remote of [...mine.joined].sort()) {
      enqueue(model, {
        unit: unit.name,
        hook: `${endpoint}-relation-departed`,
        relation: relation.id,
        remoteUnit: remote,
        remoteApp: unitApp(remote),
        departing: remote,
      });
    }
    enqueue(model, { unit: unit.name, hook: `${endpoint}-relation-broken`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
  }
  dropRelationIfDone(model, relation);
}

export function updateStatus(model: ModelState, units?: string[]): void {
  const names =
    units ??
    Object.values(model.units)
      .filter((u) => !u.dying)
      .map((u) => u.name);
  for (const name of names) {
    findUnit(model, name);
    enqueue(model, { unit: name, hook: 'update-status' });
  }
}

export function resolve(model: ModelState, name: string, retry: boolean): void {
  const unit = findUnit(model, name);
  if (!unit.error) throw new ModelError(`unit ${name} is not in error`);
  if (retry) {
    unit.error.attempts = 0;
  } else {
    const event = model.queue.find((e) => e.seq === unit.error!.seq);
    model.queue = model.queue.filter((e) => e.seq !== unit.error!.seq);
    unit.error = undefined;
    if (event) afterSuccess(model, event);
  }
}
