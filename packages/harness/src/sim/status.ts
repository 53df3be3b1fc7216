// What a model shows: its status, the units' flags and flight records.
import { existsSync } from 'node:fs';
import { FLAG_PREFIX } from '@reactive/flags';
import { UnitState } from '@reactive/hookenv';
import { handlersNotRun, readFlightRecords, readHandlerCatalogue, type FlightRecord, type NotRun } from '@reactive/bus';
import { findUnit, type AppCharms } from './lookup.js';
import type { ModelStore } from './model-store.js';
import { describe } from './scheduler.js';
import { relationKey, type AppRecord, type Bag, type ModelState, type StatusValue, type UnitRecord } from './state.js';
import { describeEntry } from './timeline.js';

export interface UnitStatus {
  application: string;
  leader: boolean;
  /** The workload status, or `error` / `hook failed: "<hook>"` while the unit is in error. */
  status: string;
  message: string;
  address: string;
  ports: string[];
  flags: string[];
  dying?: boolean;
  error?: { hook: string; attempts: number };
}

export interface ApplicationStatus {
  charm: string;
  charmName: string;
  units: string[];
  leader: string | null;
  /** Every option: the operator's value, else the default. */
  config: Record<string, unknown>;
  /** As `juju status` shows it: the status the leader set, else derived from the units' (applicationStatus). */
  status: StatusValue;
  version: string;
  leaderSettings: Bag;
}

export interface RelationStatus {
  id: number;
  interface: string;
  /** `app:endpoint` of each end (one for a peer relation). */
  endpoints: string[];
  /** The relation id as each application sees it: `{'my-app': 'db:0', db: 'database:0'}`. */
  ids: Record<string, string>;
  peer: boolean;
  dying: boolean;
  units: Record<string, Bag>;
  applications: Record<string, Bag>;
}

export interface ModelStatus {
  model: string;
  applications: Record<string, ApplicationStatus>;
  units: Record<string, UnitStatus>;
  relations: RelationStatus[];
  /** The hooks still queued, described (`my-app/0 config-changed`). */
  pending: string[];
}

export function modelStatus(model: ModelState, charms: AppCharms, store: ModelStore): ModelStatus {
  const applications: Record<string, ApplicationStatus> = {};
  for (const app of Object.values(model.applications)) {
    applications[app.name] = {
      charm: app.charm,
      charmName: app.charmName,
      units: [...app.units],
      leader: app.leader,
      config: charms.config(app),
      status: applicationStatus(model, app),
      version: app.version,
      leaderSettings: { ...app.leaderSettings },
    };
  }
  const units: Record<string, UnitStatus> = {};
  for (const unit of Object.values(model.units)) {
    const shown = shownStatus(unit);
    units[unit.name] = {
      application: unit.app,
      leader: model.applications[unit.app]?.leader === unit.name,
      status: shown.status,
      message: shown.message,
      address: unit.address,
      ports: [...unit.ports],
      flags: unitFlags(store, unit.name),
      ...(unit.dying ? { dying: true } : {}),
      ...(unit.error ? { error: { hook: unit.error.hook, attempts: unit.error.attempts } } : {}),
    };
  }
  const relations = model.relations.map((relation) => ({
    id: relation.id,
    interface: relation.interface,
    endpoints: relation.ends.map((end) => `${end.app}:${end.endpoint}`),
    ids: Object.fromEntries(relation.ends.map((end) => [end.app, relationKey(relation, end.app)])),
    peer: relation.ends.length === 1,
    dying: relation.dying === true,
    units: structuredClone(relation.units),
    applications: structuredClone(relation.apps),
  }));
  const pending = model.queue.map((event) => `${event.unit} ${describeEntry(describe(model, event))}`);
  return { model: model.name, applications, units, relations, pending };
}

/** Juju's order of workload statuses, least significant first (core/status statusSeverities). */
const SEVERITY = ['unknown', 'terminated', 'active', 'waiting', 'maintenance', 'blocked', 'error'];

/**
 * The application's status as `juju status` shows it: what its leader set
 * (`status-set --application`), else the most significant of its units'
 * workload statuses, with that unit's message (the first unit's of equals).
 */
export function applicationStatus(model: ModelState, app: AppRecord): StatusValue {
  if (app.status.status !== 'unknown') return { ...app.status };
  let shown: StatusValue = { status: 'unknown', message: '' };
  for (const name of app.units) {
    const unit = model.units[name];
    if (unit && SEVERITY.indexOf(shownStatus(unit).status) > SEVERITY.indexOf(shown.status)) shown = shownStatus(unit);
  }
  return shown;
}

/** The unit's workload status, or the error it is in. */
export function shownStatus(unit: UnitRecord): StatusValue {
  return unit.error ? { status: 'error', message: `hook failed: "${unit.error.hook}"` } : { ...unit.status };
}

export function unitFlags(store: ModelStore, unit: string): string[] {
  const path = store.unitStatePath(unit);
  if (!existsSync(path)) return [];
  const state = UnitState.open(path);
  try {
    return state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length));
  } finally {
    void state.close();
  }
}

export function flightRecords(model: ModelState, store: ModelStore, unit: string): FlightRecord[] {
  return withUnitState(model, store, unit, readFlightRecords) ?? [];
}

export function notRun(model: ModelState, store: ModelStore, unit: string): { record: FlightRecord; handlers: NotRun[] } | undefined {
  return withUnitState(model, store, unit, (state) => {
    const record = readFlightRecords(state).at(-1);
    return record && { record, handlers: handlersNotRun(record, readHandlerCatalogue(state)) };
  });
}

function withUnitState<T>(model: ModelState, store: ModelStore, unit: string, read: (state: UnitState) => T): T | undefined {
  findUnit(model, unit);
  const path = store.unitStatePath(unit);
  if (!existsSync(path)) return undefined;
  const state = UnitState.open(path);
  try {
    return read(state);
  } finally {
    void state.close();
  }
}
