// The persisted model (model.json in the state folder): plain JSON.
import type { JujuAppFields, JujuEventFields, JujuModelFields, JujuUnitFields } from './juju-state.js';

/** A relation databag: strings only, as in Juju. */
export type Bag = Record<string, string>;

export interface StatusValue {
  status: string;
  message: string;
}

export interface UnitRecord extends JujuUnitFields {
  name: string;
  app: string;
  number: number;
  address: string;
  machine: string;
  since: string;
  /** The workload status as last committed by the charm (`status-set`). */
  status: StatusValue;
  ports: string[];
  /** Whether `start` has succeeded (remote units see this unit join only then). */
  started: boolean;
  dying?: boolean;
  /** The unit is in error: the hook of queued event `seq` failed `attempts` times. */
  error?: { seq: number; hook: string; attempts: number };
  /** The relations this unit is in (from its relation-created hook on), by relation number, with the remote units it has seen join. */
  relations: Record<string, { joined: string[] }>;
}

export interface AppRecord extends JujuAppFields {
  name: string;
  /** The charm directory, absolute. */
  charm: string;
  /** The charm layer it is built from, when it is one (absolute). */
  source?: string;
  charmName: string;
  /** The values the operator set (the charm's defaults fill in the rest). */
  config: Record<string, unknown>;
  units: string[];
  nextUnit: number;
  leader: string | null;
  leaderSettings: Bag;
  status: StatusValue;
  version: string;
}

export interface RelationEnd {
  app: string;
  endpoint: string;
  role: 'provides' | 'requires' | 'peers';
}

export interface RelationRecord {
  /** The model-wide number: `db:0` on one side is `database:0` on the other. */
  id: number;
  interface: string;
  /** Two ends; one for a peer relation. */
  ends: RelationEnd[];
  /** Unit databags, by unit name. */
  units: Record<string, Bag>;
  /** Application databags, by application name. */
  apps: Record<string, Bag>;
  /** Being removed: departed and broken hooks are queued. */
  dying?: boolean;
}

/** A hook waiting to run. */
export interface QueuedEvent extends JujuEventFields {
  seq: number;
  unit: string;
  hook: string;
  relation?: number;
  remoteUnit?: string;
  remoteApp?: string;
  departing?: string;
  /** Runs only once this unit has started (a remote unit joins after its start). */
  after?: string;
  /** How many times this hook has failed so far (Juju retries it). */
  attemptCount?: number;
}

export interface ModelState extends JujuModelFields {
  format: 1;
  name: string;
  uuid: string;
  created: string;
  /** A seed shuffles the order between units (reproducibly); null keeps the queue order. */
  seed: number | null;
  rng: number;
  nextRelation: number;
  nextMachine: number;
  nextSeq: number;
  hooksRun: number;
  /** Where the charm layers find the layers and interfaces they include. */
  build?: { layerPath?: string[]; interfacePath?: string[] };
  applications: Record<string, AppRecord>;
  units: Record<string, UnitRecord>;
  relations: RelationRecord[];
  queue: QueuedEvent[];
}

export function unitApp(unit: string): string {
  const slash = unit.indexOf('/');
  return slash === -1 ? unit : unit.slice(0, slash);
}

/** The end of `relation` on `app`'s side. */
export function localEnd(relation: RelationRecord, app: string): RelationEnd | undefined {
  return relation.ends.find((end) => end.app === app);
}

/** The application on the other side (the same one for a peer relation). */
export function remoteAppOf(relation: RelationRecord, app: string): string {
  return relation.ends.find((end) => end.app !== app)?.app ?? app;
}

/** The relation id as `app` sees it: `<its endpoint>:<number>`. */
export function relationKey(relation: RelationRecord, app: string): string {
  return `${localEnd(relation, app)?.endpoint ?? relation.ends[0]!.endpoint}:${relation.id}`;
}

/** `my-app:db` ↔ `db:database` (or `cluster:peers` for a peer relation). */
export function describeRelation(relation: RelationRecord): string {
  return relation.ends.map((end) => `${end.app}:${end.endpoint}`).join(' ↔ ') + (relation.ends.length === 1 ? ' (peers)' : '');
}

/** The other units of `relation` that `unit` relates to: the remote app's, or the other peers. */
export function remoteUnitsOf(model: ModelState, relation: RelationRecord, unit: string): string[] {
  const app = unitApp(unit);
  const remote = remoteAppOf(relation, app);
  return (model.applications[remote]?.units ?? []).filter((name) => name !== unit && !model.units[name]?.dying);
}

/** A small seeded PRNG (mulberry32): returns [0, 1) and the next state. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}
