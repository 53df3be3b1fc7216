// Juju's rules for the hook tools (juju/juju 2.9 and 3.x: the jujuc commands
// and the uniter's permission checks), the one model of them that
// MemoryHookTools and the simulator's tools (@reactive/harness) both follow.
import { unitApplication } from './context.js';
import { goQuote, ToolRefusal } from './tool-refusal.js';

/** The levels `juju-log` logs at (loggo's, any case; `WARN` is `WARNING`). */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The level `juju-log -l TEXT` logs at: TEXT's (`--debug` over `-l` is the
 * caller's to pass as `DEBUG`), INFO without one. A level Juju does not know
 * is no error: the message goes at INFO, after `warning` at WARNING.
 */
export function jujuLogLevel(text: string | undefined): { level: LogLevel; warning?: string } {
  if (text === undefined || text === '') return { level: 'INFO' };
  const upper = text.toUpperCase();
  const level = upper === 'WARN' ? 'WARNING' : LOG_LEVELS.find((known) => known === upper);
  return level ? { level } : { level: 'INFO', warning: `Specified log level of ${JSON.stringify(text)} is not valid` };
}

/** What the controller answers a read it does not allow. */
const PERMISSION_DENIED = 'permission denied';

/** Which bag `relation-get` reads: the unit's own, its application's, a remote (or peer) unit's, the remote application's. */
export type RelationBag = 'own-unit' | 'own-app' | 'remote-unit' | 'remote-app';

/**
 * The bag `relation-get` reads for `target` on a relation, or the refusal Juju
 * prints. With `app`, `target` is an application (a unit name stands for its
 * own). A unit reads its own application's bag if it is the leader, or in a
 * peer relation; anything of an application not in the relation is refused.
 * A remote unit's bag may still not exist ({@link unitSettingsNotFound}).
 */
export function relationGetBag(opts: {
  unit: string;
  leader: boolean;
  /** The application at the other end: the unit's own in a peer relation. */
  remoteApp: string;
  target: string;
  app: boolean;
}): { bag: RelationBag } | { refused: string } {
  const ownApp = unitApplication(opts.unit);
  const targetApp = unitApplication(opts.target);
  if (opts.app) {
    if (targetApp === ownApp) return opts.leader || opts.remoteApp === ownApp ? { bag: 'own-app' } : { refused: PERMISSION_DENIED };
    return targetApp === opts.remoteApp ? { bag: 'remote-app' } : { refused: PERMISSION_DENIED };
  }
  if (opts.target === opts.unit) return { bag: 'own-unit' };
  return targetApp === opts.remoteApp || targetApp === ownApp ? { bag: 'remote-unit' } : { refused: PERMISSION_DENIED };
}

/** `relation-get` of a unit of the relation without settings there (it never joined); `relation` as Juju names it ({@link jujuRelationKey}). */
export function unitSettingsNotFound(unit: string, relation: string): string {
  return `cannot read settings for unit "${unit}" in relation "${relation}": unit "${unit}": settings not found`;
}

/** A relation as Juju names it in errors: its `app:endpoint`s, the requirer first, then the provider (`app:db db:database`; a peer relation `app:cluster`). */
export function jujuRelationKey(ends: ReadonlyArray<{ app: string; endpoint: string; role: 'requires' | 'provides' | 'peers' }>): string {
  const order = { requires: 0, provides: 1, peers: 2 };
  const name = (end: (typeof ends)[number]): string => `${end.app}:${end.endpoint}`;
  return [...ends]
    .sort((a, b) => order[a.role] - order[b.role] || (name(a) < name(b) ? -1 : 1))
    .map(name)
    .join(' ');
}

/**
 * Only the leader may write its application's relation bag (in a peer
 * relation too), leader settings and the application status, or read that
 * status. What Juju prints (exit 1) when another unit tries:
 */
export const NOT_LEADER = {
  'relation-set --app': 'cannot write relation settings',
  'leader-set': 'cannot write leadership settings: cannot write settings: not the leader',
  'status-set --application': 'this unit is not the leader',
  'status-get --application': 'finding application status: this unit is not the leader',
} as const;

/** A storage instance attached to the unit, as `storage-get` prints it. */
export interface StorageAttachment {
  kind: 'block' | 'filesystem';
  location: string;
}

/**
 * What `storage-get [-s ID] [KEY]` prints (jujuc `storage-get.go`,
 * `storageIdValue`): the instance `-s` names, else the storage hook's own
 * (JUJU_STORAGE_ID); `{kind, location}`, or one of them with `key`. Throws
 * Juju's refusal: no instance outside a storage hook without `-s`, an id
 * that is not one (`data/0`) or not attached to `unit` (exit 2), an unknown
 * key (exit 1).
 */
export function storageGetAnswer(opts: {
  unit: string;
  attached: Readonly<Record<string, StorageAttachment>>;
  id?: string;
  hookStorage?: string;
  key?: string;
}): unknown {
  if (opts.id !== undefined && !/^[a-z][a-z0-9-]*\/\d+$/.test(opts.id)) {
    throw new ToolRefusal(`invalid value ${goQuote(opts.id)} for option -s: invalid storage ID ${goQuote(opts.id)}`, 2);
  }
  if (opts.id !== undefined && !Object.hasOwn(opts.attached, opts.id)) {
    throw new ToolRefusal(`invalid value ${goQuote(opts.id)} for option -s: storage attachment ${opts.id}:${opts.unit} not found`, 2);
  }
  const id = opts.id ?? opts.hookStorage;
  const storage = id === undefined ? undefined : opts.attached[id];
  if (!storage) throw new ToolRefusal('no storage instance specified', 2);
  if (opts.key === undefined) return { kind: storage.kind, location: storage.location };
  if (opts.key === 'kind' || opts.key === 'location') return storage[opts.key];
  throw new ToolRefusal(`invalid storage attribute ${goQuote(opts.key)}`, 1);
}

/** `resource-get` of a resource the charm does not declare, or not yet uploaded. */
export function resourceNotFound(name: string): string {
  return `could not download resource: resource ${goQuote(name)} not found`;
}

/** `credential-get` on an application not trusted with the cloud credential (`juju trust`). */
export const CREDENTIAL_REFUSED = 'cannot access cloud credentials: permission denied';

/** `juju-reboot` in an action (jujuc `reboot.go`). */
export const REBOOT_IN_ACTION = 'juju-reboot is not supported when running an action.';
