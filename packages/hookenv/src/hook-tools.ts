import type { LogLevel, StorageAttachment } from './juju-rules.js';
import type { SecretInfo, SecretRef } from './juju-secrets.js';
import type { SecretRotatePolicy } from './secret-values.js';

export type { LogLevel, SecretInfo, SecretRef, SecretRotatePolicy };

/** The settings of `secret-add`; `secret-set` takes the same but `owner`. */
export interface SecretAddOptions {
  label?: string;
  description?: string;
  /** An RFC 3339 time, one without a zone (UTC), or a Go duration from now (`24h`). */
  expire?: string;
  rotate?: SecretRotatePolicy;
  /** Who owns the secret: the application (the default; its leader manages it) or this unit. */
  owner?: 'application' | 'unit';
}

export type SecretSetOptions = Omit<SecretAddOptions, 'owner'>;

/** What `storage-get` prints for a storage instance. */
export type StorageInfo = StorageAttachment;

/** Workload status states a charm may set. */
export type StatusState = 'maintenance' | 'blocked' | 'waiting' | 'active';

export interface Status {
  status: string;
  message: string;
  statusData?: Record<string, unknown>;
}

export interface RelationGetOptions {
  relationId: string;
  /** The unit (or, with `app`, the application) whose data to read. */
  unit?: string;
  /** Read the application databag instead of a unit's. */
  app?: boolean;
  /** One key; without it the whole databag is returned. */
  key?: string;
}

export interface RelationSetOptions {
  relationId: string;
  /** Write the local application's databag (leader only). */
  app?: boolean;
}

/** Relation settings to write; `null` (or `''`) deletes a key. */
export type RelationSettings = Record<string, string | null>;

export interface NetworkInfo {
  'bind-addresses'?: unknown[];
  'ingress-addresses'?: string[];
  'egress-subnets'?: string[];
  [key: string]: unknown;
}

/**
 * One async method per Juju hook tool the framework uses. The default backend
 * ({@link ProcessHookTools}) runs the real executables; {@link MemoryHookTools}
 * models one unit in memory for tests; the harness plugs in its own.
 */
export interface HookTools {
  /** `config-get --all --format=json`: every option, unset ones `null`. */
  configGet(): Promise<Record<string, unknown>>;
  /** `relation-ids --format=json NAME`. */
  relationIds(endpoint: string): Promise<string[]>;
  /** `relation-list --format=json -r ID`: the remote units. */
  relationList(relationId: string): Promise<string[]>;
  /** The same as {@link relationList}, answered synchronously. */
  relationListSync(relationId: string): string[];
  /** `relation-list --format=json -r ID --app`: the remote application, if known. */
  relationRemoteApp(relationId: string): Promise<string | null>;
  /**
   * `relation-get --format=json -r ID [--app] (KEY|-) UNIT`. A whole databag
   * (`Record<string, string>`) without `key`, one value with it. `null` when the
   * tool exits 2 (no such unit, permission denied) or prints nothing; output
   * that is not JSON is an error.
   */
  relationGet(opts: RelationGetOptions): Promise<unknown>;
  /**
   * The same as {@link relationGet}, answered synchronously (a blocking process
   * for the real tools). Relation data views are synchronous, so a value not
   * fetched at the start of the hook is fetched this way when first read.
   */
  relationGetSync(opts: RelationGetOptions): unknown;
  /** `relation-set -r ID [--app] --file -`, the settings as JSON on stdin. */
  relationSet(opts: RelationSetOptions, settings: RelationSettings): Promise<void>;
  /** `status-set [--application] STATE MESSAGE`. */
  statusSet(state: StatusState, message?: string, opts?: { application?: boolean }): Promise<void>;
  /** `status-get --format=json --include-data [--application]`. */
  statusGet(opts?: { application?: boolean }): Promise<Status>;
  /** `juju-log -l LEVEL MESSAGE...`: a message too long for one argument goes as several, cut at spaces. */
  jujuLog(message: string, level?: LogLevel): Promise<void>;
  /** `is-leader --format=json`. */
  isLeader(): Promise<boolean>;
  /** `leader-get --format=json [KEY|-]`. */
  leaderGet(key?: string): Promise<unknown>;
  /** `leader-set k=v ...`; `null` or `''` deletes. */
  leaderSet(settings: Record<string, string | null>): Promise<void>;
  /** `application-version-set VERSION`. */
  applicationVersionSet(version: string): Promise<void>;
  /** `open-port 80/tcp` (ranges `8000-8100/udp`, `icmp`). */
  openPort(port: string): Promise<void>;
  /** `close-port 80/tcp`. */
  closePort(port: string): Promise<void>;
  /** `opened-ports --format=json`. */
  openedPorts(): Promise<string[]>;
  /** `action-get --format=json [KEY]`. */
  actionGet(key?: string): Promise<unknown>;
  /** `action-set k=v ...`, nested objects flattened to dotted keys. */
  actionSet(values: Record<string, unknown>): Promise<void>;
  /** `action-fail [MESSAGE]`. */
  actionFail(message?: string): Promise<void>;
  /** `action-log MESSAGE`. */
  actionLog(message: string): Promise<void>;
  /** `unit-get --format=json private-address|public-address`. */
  unitGet(attribute: 'private-address' | 'public-address'): Promise<string>;
  /** `network-get --format=json BINDING`. */
  networkGet(binding: string): Promise<NetworkInfo>;
  /** `goal-state --format=json`. */
  goalState(): Promise<Record<string, unknown>>;
  /** `add-metric k=v ...` (collect-metrics only). */
  addMetric(metrics: Record<string, string | number>): Promise<void>;
  /**
   * `secret-add [--label=L] [--description=D] [--expire=E] [--rotate=R]
   * [--owner=O] --file=PATH`: the content goes in a file of mode 0600 (JSON,
   * which Juju reads as YAML), never on the command line, and the file is
   * removed after. The new secret's URI (`secret:ID`).
   */
  secretAdd(content: Record<string, string>, opts?: SecretAddOptions): Promise<string>;
  /** `secret-get --format=json [--label=L] [--refresh|--peek] [ID]`: the content. */
  secretGet(ref: SecretRef, opts?: { refresh?: boolean; peek?: boolean }): Promise<Record<string, string>>;
  /** `secret-set [settings] [--file=PATH] ID`: new content (as {@link secretAdd} passes it) or settings. */
  secretSet(id: string, content?: Record<string, string>, opts?: SecretSetOptions): Promise<void>;
  /** `secret-grant --relation=ID [--unit=U] SECRET`. */
  secretGrant(id: string, relationId: string, opts?: { unit?: string }): Promise<void>;
  /** `secret-revoke [--relation=ID] [--app=A] [--unit=U] SECRET`. */
  secretRevoke(id: string, opts?: { relationId?: string; unit?: string; app?: string }): Promise<void>;
  /** `secret-remove [--revision=N] SECRET`. */
  secretRemove(id: string, opts?: { revision?: number }): Promise<void>;
  /** `secret-ids --format=json`: as URIs (`secret:ID`), where Juju prints the bare ids. */
  secretIds(): Promise<string[]>;
  /** `secret-info-get --format=json (ID | --label=L)`: keyed by URI (`secret:ID`), where Juju prints the bare id. */
  secretInfoGet(ref: SecretRef): Promise<Record<string, SecretInfo>>;
  /** `storage-get --format=json [-s=ID] [KEY]`: the instance's `{kind, location}`, or one of them with `key`. */
  storageGet(opts?: { id?: string; key?: string }): Promise<unknown>;
  /** `storage-list --format=json [NAME]`: the ids (`data/0`) of the storage attached to the unit. */
  storageList(name?: string): Promise<string[]>;
  /** `storage-add NAME=COUNT ...`. */
  storageAdd(counts: Record<string, number>): Promise<void>;
  /** `resource-get NAME`: the path of the resource's file. */
  resourceGet(name: string): Promise<string>;
  /** `credential-get --format=json`: the cloud spec of the unit's model (the application must be trusted). */
  credentialGet(): Promise<Record<string, unknown>>;
  /** `state-get --format=json [KEY]`: the unit's server-side state, or one value (`null` when unset). */
  stateGet(key?: string): Promise<unknown>;
  /** `state-set --file -`, the values as JSON on stdin. */
  stateSet(values: Record<string, string>): Promise<void>;
  /** `state-delete KEY`. */
  stateDelete(key: string): Promise<void>;
  /** `relation-model-get --format=json -r ID`: the model at the other end. */
  relationModelGet(relationId: string): Promise<{ uuid: string }>;
  /** `juju-reboot [--now]`. */
  jujuReboot(opts?: { now?: boolean }): Promise<void>;
}

/** A hook tool that failed: names the tool, its arguments and what it printed on stderr. */
export class HookToolError extends Error {
  readonly tool: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  /** What went wrong, without the command line: `exited 1: ERROR ...`, `not found on PATH ...`. */
  readonly detail: string;

  constructor(tool: string, args: readonly string[], exitCode: number | null, stderr: string, why?: string) {
    const command = [tool, ...args.map(shortened)].join(' ');
    const detail = why ?? `exited ${exitCode}${stderr.trim() ? `: ${stderr.trim()}` : ''}`;
    super(`${command}: ${detail}`);
    this.name = 'HookToolError';
    this.tool = tool;
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.detail = detail;
  }
}

/** An argument as an error shows it: a long one (a log batch, say) cut short. */
function shortened(arg: string): string {
  return arg.length > 200 ? `${arg.slice(0, 100)}… (${arg.length} characters)` : arg;
}
