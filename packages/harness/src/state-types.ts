// The plain values of a state-in/state-out hook test (StateContext.run): a
// unit's state as a test gives it and gets it back, and the hook to run. The
// output State has the same shape as the input, so it can be the next run's.
import type { FlightRecord } from '@reactive/bus';
import type { LogLevel, Status } from '@reactive/hookenv';
import type { HookFailedError } from './hook-failed-error.js';

type Bag = Record<string, string>;

/** One relation as the unit sees it, under its id (`db:0`, the endpoint then the number) in `State.relations`. */
export interface StateRelation {
  /** The application at the other end (this unit's own for a peer relation). */
  remoteApp: string;
  /** The remote units that joined, with their databags. */
  units?: Record<string, Bag>;
  /** The remote application's databag. */
  remoteAppData?: Bag;
  /** What this unit published. */
  localUnitData?: Bag;
  /** What this application published (its leader writes it). */
  localAppData?: Bag;
}

/**
 * A secret the unit owns (`owner`), or reads because another application
 * granted it (`from`: the relation to the owner).
 */
export interface StateSecret {
  /** Its URI, `secret:` and 20 characters of 0-9 and a-v (or the bare id). */
  id: string;
  /** Owned by this unit's application (managed by its leader) or by this unit. */
  owner?: 'application' | 'unit';
  /** Not owned: the id of the relation whose remote application owns it and granted it to this application. */
  from?: string;
  /** Granted to this unit alone rather than to its application (with `from`). */
  grantedToUnit?: boolean;
  /** The owner's label for an owned secret, this unit's own label for a granted one. */
  label?: string;
  description?: string;
  /** The content of each revision, by revision number; the highest is the latest. */
  revisions: Record<number, Bag>;
  /** A granted secret this unit read: the revision it tracks (absent: it never read it). */
  tracking?: number;
  /** An owned secret's grants: by relation id, the whole remote application or some of its units. */
  grants?: Record<string, 'application' | string[]>;
}

/** A storage instance attached to the unit, under its id (`data/0`) in `State.storage`. */
export interface StateStorage {
  /** As metadata.yaml declares it (the default). */
  kind?: 'filesystem' | 'block';
  /** Default Juju's `/var/lib/juju/storage/<name>/<N>`. */
  location?: string;
}

/** A unit's state, as Juju and the unit's state store hold it between hooks. */
export interface State {
  /** `app/N`; default `<charm name>/0`. */
  unit?: string;
  /** Default false, as in ops.testing. */
  leader?: boolean;
  /** Values of config.yaml's options; the others take their defaults. */
  config?: Record<string, unknown>;
  /** The set flags, each with its value (`null`: set without one). */
  flags?: Record<string, unknown>;
  /** The unit state's other keys (`hookenv.config.previous`, an interface's, a charm's `unitdata` keys). */
  kv?: Record<string, unknown>;
  leaderSettings?: Bag;
  /** By relation id: `{ 'db:0': { remoteApp: 'tiny-db', units: { 'tiny-db/0': {...} } } }`. */
  relations?: Record<string, StateRelation>;
  secrets?: StateSecret[];
  /** By storage id: `{ 'data/0': {} }`. */
  storage?: Record<string, StateStorage>;
  status?: Status;
  /** The application's status: the leader's to see and set. */
  appStatus?: Status;
  /** `open-port`'s ports, `8080/tcp`. */
  ports?: string[];
  workloadVersion?: string;
  /** The unit's server-side state (`state-set`). */
  charmState?: Bag;
}

/** The hook to run, with what Juju says it is about. */
export interface HookEvent {
  hook: string;
  /** A relation hook's relation, by id (`db:0`). */
  relation?: string;
  /** The remote unit a relation hook is about (joined, departed; changed, unless the remote application's data changed). */
  remoteUnit?: string;
  /** A secret hook's secret, by id. */
  secret?: string;
  /** secret-remove's and secret-expired's revision. */
  revision?: number;
  /** A storage hook's storage instance, by id (`data/0`). */
  storage?: string;
  /** pre-series-upgrade's target, `ubuntu@24.04`. */
  targetBase?: string;
}

/** A state after a run: every field given, but `appStatus` only on the leader (the others do not see it). */
export type FullState = Required<Omit<State, 'appStatus'>> & Pick<State, 'appStatus'>;

/** What a run gives back. */
export interface StateRun {
  /** The unit's state after the hook (the input, unchanged, after a failed hook: Juju commits nothing of it). */
  state: FullState;
  ok: boolean;
  error?: HookFailedError;
  /** The handlers invoked, in order. */
  handlers: string[];
  /** The juju-log lines of the hook. */
  logs: Array<{ level: LogLevel; message: string }>;
  /** What the charm's bash handlers printed. */
  output: string;
  /** The hook's flight record: what ran, each flag change and who made it, why the other handlers did not run. */
  flight: FlightRecord;
}
