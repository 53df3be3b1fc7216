import {
  HookToolError,
  type HookTools,
  type LogLevel,
  type NetworkInfo,
  type RelationGetOptions,
  type RelationSetOptions,
  type RelationSettings,
  type SecretAddOptions,
  type SecretInfo,
  type SecretRef,
  type SecretSetOptions,
  type Status,
  type StatusState,
  type StorageInfo,
} from './hook-tools.js';
import { unitApplication } from './context.js';
import {
  CREDENTIAL_REFUSED,
  jujuLogLevel,
  NOT_LEADER,
  REBOOT_IN_ACTION,
  relationGetBag,
  resourceNotFound,
  storageGetAnswer,
  unitSettingsNotFound,
} from './juju-rules.js';
import { JujuSecrets, type SecretCaller, type SecretEvent } from './juju-secrets.js';
import { secretUri } from './secret-uri.js';
import { flattenKeys, TOOL_ARGS } from './tool-commands.js';
import { ToolRefusal } from './tool-refusal.js';

type Bag = Record<string, string>;

/** One relation as the local unit sees it. */
export interface MemoryRelation {
  id: string;
  endpoint: string;
  remoteApp: string;
  /** Remote units that have joined, with their databags. */
  units: Record<string, Bag>;
  /** Remote units that left, with their last databags: readable only in their own departed hook, as in Juju. */
  departed: Record<string, Bag>;
  remoteAppData: Bag;
  localUnitData: Bag;
  localAppData: Bag;
  /** The model of the remote application, for a cross-model relation; else the unit's own. */
  remoteModelUuid?: string;
}

export interface MemoryUnitOptions {
  unit?: string;
  config?: Record<string, unknown>;
  leader?: boolean;
  /** The model's secrets, to share between the memory tools of several units; a model of its own by default. */
  secrets?: JujuSecrets;
}

/** The file a recorded `secret-add`/`secret-set` call names: the memory tools write none. */
export const MEMORY_SECRET_FILE = '(secret content file)';

/** One recorded hook-tool call, spelled as the command line Juju would see. */
export interface HookToolCall {
  tool: string;
  args: string[];
}

/**
 * An in-memory model of one Juju unit behind the {@link HookTools} interface:
 * config, leadership, relations with remote units and application data, status,
 * logs, ports and action results. Tests and the harness drive it directly; every
 * call is recorded in `calls` so tests can count hook-tool traffic.
 */
export class MemoryHookTools implements HookTools {
  unit: string;
  config: Record<string, unknown>;
  leader: boolean;
  leaderSettings: Bag = {};
  relations = new Map<string, MemoryRelation>();
  status: Status = { status: 'unknown', message: '' };
  applicationStatus: Status = { status: 'unknown', message: '' };
  logs: Array<{ level: LogLevel; message: string }> = [];
  ports = new Set<string>();
  applicationVersion = '';
  actionParams: Record<string, unknown> = {};
  actionResults: Record<string, unknown> = {};
  actionFailure: string | undefined;
  actionLogs: string[] = [];
  metrics: Array<Record<string, string | number>> = [];
  addresses = { 'private-address': '10.0.0.1', 'public-address': '10.0.0.1' };
  calls: HookToolCall[] = [];
  /** The model's secrets, under Juju's rules. */
  secrets: JujuSecrets;
  /** The hooks secret calls caused (on this unit or others), in order. */
  secretEvents: SecretEvent[] = [];
  /** Storage attached to the unit, by id (`data/0`). */
  storage: Record<string, StorageInfo> = {};
  /** What `storage-add` asked for, summed by storage name. */
  storageAdded: Record<string, number> = {};
  /** The path of each resource's file, by resource name. */
  resources: Record<string, string> = {};
  /** The cloud spec `credential-get` prints; undefined while the application is not trusted. */
  credential: Record<string, unknown> | undefined;
  /** The unit's server-side state (`state-get`, `state-set`). */
  charmState: Record<string, string> = {};
  modelUuid = '00000000-0000-4000-8000-000000000000';
  /** What `juju-reboot` asked for. */
  rebootRequested: 'after-hook' | 'now' | undefined;
  /** Relations removed whose broken hook has not run yet, by id. */
  private readonly removed = new Map<string, MemoryRelation>();
  private nextRelationNumber = 0;
  private nextStorageNumber = 0;

  constructor(opts: MemoryUnitOptions = {}) {
    this.unit = opts.unit ?? 'app/0';
    this.config = { ...opts.config };
    this.leader = opts.leader ?? false;
    this.secrets = opts.secrets ?? new JujuSecrets();
  }

  get application(): string {
    return unitApplication(this.unit);
  }

  /** Adds a relation on `endpoint` to `remoteApp`, with remote units already joined. */
  addRelation(endpoint: string, remoteApp: string, init: { units?: Record<string, Bag>; appData?: Bag } = {}): string {
    const id = `${endpoint}:${this.nextRelationNumber++}`;
    this.relations.set(id, {
      id,
      endpoint,
      remoteApp,
      units: structuredClone(init.units ?? {}),
      departed: {},
      remoteAppData: { ...init.appData },
      localUnitData: {},
      localAppData: {},
    });
    return id;
  }

  /** The relation with this id (a removed one in its broken hook); throws when there is none. */
  relation(relationId: string): MemoryRelation {
    const relation = this.visibleRelation(relationId);
    if (!relation) throw new HookToolError('relation', ['-r', relationId], 2, `invalid relation id "${relationId}"`);
    return relation;
  }

  /**
   * The relation goes: hooks no longer see it, except its broken hook (a
   * hook whose JUJU_RELATION_ID names it), where relation-ids still lists it
   * and relation-list is empty, as in Juju.
   */
  removeRelation(relationId: string): void {
    const relation = this.relation(relationId);
    this.relations.delete(relationId);
    this.removed.set(relationId, { ...relation, units: {}, departed: {} });
  }

  /** The removed relation whose broken hook has not run yet, if `relationId` is one. */
  removedRelation(relationId: string): MemoryRelation | undefined {
    return this.removed.get(relationId);
  }

  /** The broken hook of a removed relation ran: nothing sees it any more. */
  forgetRelation(relationId: string): void {
    this.removed.delete(relationId);
  }

  /** A remote unit joins `relationId` with `data` as its databag. */
  addRemoteUnit(relationId: string, unit: string, data: Bag = {}): void {
    const relation = this.relation(relationId);
    delete relation.departed[unit];
    relation.units[unit] = { ...data };
  }

  /** A remote unit leaves: relation-list stops naming it; its databag stays readable in its departed hook. */
  removeRemoteUnit(relationId: string, unit: string): void {
    const relation = this.relation(relationId);
    const bag = relation.units[unit];
    if (bag === undefined) return;
    delete relation.units[unit];
    relation.departed[unit] = bag;
  }

  async configGet(): Promise<Record<string, unknown>> {
    this.record('config-get', TOOL_ARGS.configGet());
    return structuredClone(this.config);
  }

  async relationIds(endpoint: string): Promise<string[]> {
    this.record('relation-ids', TOOL_ARGS.relationIds(endpoint));
    const broken = this.removed.get(process.env.JUJU_RELATION_ID ?? '');
    return [...this.relations.values(), ...(broken ? [broken] : [])].filter((r) => r.endpoint === endpoint).map((r) => r.id);
  }

  async relationList(relationId: string): Promise<string[]> {
    return this.relationListSync(relationId);
  }

  relationListSync(relationId: string): string[] {
    this.record('relation-list', TOOL_ARGS.relationList(relationId));
    return Object.keys(this.relation(relationId).units);
  }

  async relationRemoteApp(relationId: string): Promise<string | null> {
    this.record('relation-list', TOOL_ARGS.relationRemoteApp(relationId));
    return this.relation(relationId).remoteApp;
  }

  async relationGet(opts: RelationGetOptions): Promise<unknown> {
    return this.relationGetSync(opts);
  }

  relationGetSync(opts: RelationGetOptions): unknown {
    try {
      return this.relationData(opts);
    } catch (error) {
      if (error instanceof HookToolError && error.exitCode === 2) return null;
      throw error;
    }
  }

  /**
   * What `relation-get` prints: the databag, or one value (`null` when unset).
   * A read Juju refuses throws a `HookToolError` with Juju's text and exit
   * code: 1 for an error while the command runs (permission denied, a unit
   * without settings), 2 for a bad command line (an invalid relation id),
   * which {@link relationGet} answers with `null`, as charm-helpers does.
   */
  relationData(opts: RelationGetOptions): unknown {
    const args = TOOL_ARGS.relationGet(opts);
    this.record('relation-get', args);
    const bag = this.readableBag(opts, args);
    if (opts.key === undefined) return { ...bag };
    return bag[opts.key] ?? null;
  }

  async relationSet(opts: RelationSetOptions, settings: RelationSettings): Promise<void> {
    const args = TOOL_ARGS.relationSet(opts);
    this.record('relation-set', args);
    const relation = this.visibleRelation(opts.relationId);
    if (!relation) throw new HookToolError('relation-set', args, 1, `invalid relation id "${opts.relationId}"`);
    if (opts.app && !this.leader) {
      throw new HookToolError('relation-set', args, 1, NOT_LEADER['relation-set --app']);
    }
    applySettings(opts.app ? relation.localAppData : relation.localUnitData, settings);
  }

  async statusSet(state: StatusState, message = '', opts: { application?: boolean } = {}): Promise<void> {
    const args = TOOL_ARGS.statusSet(state, message, opts.application);
    this.record('status-set', args);
    if (opts.application) {
      if (!this.leader) throw new HookToolError('status-set', args, 1, NOT_LEADER['status-set --application']);
      this.applicationStatus = { status: state, message };
    } else {
      this.status = { status: state, message };
    }
  }

  async statusGet(opts: { application?: boolean } = {}): Promise<Status> {
    const args = TOOL_ARGS.statusGet(opts.application);
    this.record('status-get', args);
    if (opts.application && !this.leader) throw new HookToolError('status-get', args, 1, NOT_LEADER['status-get --application']);
    return { ...(opts.application ? this.applicationStatus : this.status) };
  }

  async jujuLog(message: string, level: LogLevel = 'INFO'): Promise<void> {
    this.record('juju-log', TOOL_ARGS.jujuLog(level, [message]));
    const logged = jujuLogLevel(level);
    if (logged.warning) this.logs.push({ level: 'WARNING', message: logged.warning });
    this.logs.push({ level: logged.level, message });
  }

  async isLeader(): Promise<boolean> {
    this.record('is-leader', TOOL_ARGS.isLeader());
    return this.leader;
  }

  async leaderGet(key?: string): Promise<unknown> {
    this.record('leader-get', TOOL_ARGS.leaderGet(key));
    return key === undefined ? { ...this.leaderSettings } : (this.leaderSettings[key] ?? null);
  }

  async leaderSet(settings: Record<string, string | null>): Promise<void> {
    const args = TOOL_ARGS.leaderSet(settings);
    this.record('leader-set', args);
    if (!this.leader) throw new HookToolError('leader-set', args, 1, NOT_LEADER['leader-set']);
    applySettings(this.leaderSettings, settings);
  }

  async applicationVersionSet(version: string): Promise<void> {
    this.record('application-version-set', TOOL_ARGS.applicationVersionSet(version));
    this.applicationVersion = version;
  }

  async openPort(port: string): Promise<void> {
    this.record('open-port', TOOL_ARGS.port(port));
    this.ports.add(port);
  }

  async closePort(port: string): Promise<void> {
    this.record('close-port', TOOL_ARGS.port(port));
    this.ports.delete(port);
  }

  async openedPorts(): Promise<string[]> {
    this.record('opened-ports', TOOL_ARGS.openedPorts());
    return [...this.ports].sort();
  }

  async actionGet(key?: string): Promise<unknown> {
    this.record('action-get', TOOL_ARGS.actionGet(key));
    if (key === undefined) return structuredClone(this.actionParams);
    return key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], this.actionParams) ?? null;
  }

  async actionSet(values: Record<string, unknown>): Promise<void> {
    this.record('action-set', TOOL_ARGS.actionSet(values));
    Object.assign(this.actionResults, flattenKeys(values));
  }

  async actionFail(message?: string): Promise<void> {
    this.record('action-fail', TOOL_ARGS.actionFail(message));
    this.actionFailure = message ?? '';
  }

  async actionLog(message: string): Promise<void> {
    this.record('action-log', TOOL_ARGS.actionLog(message));
    this.actionLogs.push(message);
  }

  async unitGet(attribute: 'private-address' | 'public-address'): Promise<string> {
    this.record('unit-get', TOOL_ARGS.unitGet(attribute));
    return this.addresses[attribute];
  }

  async networkGet(binding: string): Promise<NetworkInfo> {
    this.record('network-get', TOOL_ARGS.networkGet(binding));
    const address = this.addresses['private-address'];
    return {
      'bind-addresses': [{ 'interface-name': 'eth0', addresses: [{ address, cidr: `${address}/24` }] }],
      'ingress-addresses': [address],
      'egress-subnets': [`${address}/32`],
    };
  }

  async goalState(): Promise<Record<string, unknown>> {
    this.record('goal-state', TOOL_ARGS.goalState());
    const relations: Record<string, Record<string, unknown>> = {};
    for (const relation of this.relations.values()) {
      const entry = (relations[relation.endpoint] ??= {});
      entry[relation.remoteApp] = { status: 'joined' };
      for (const unit of Object.keys(relation.units)) entry[unit] = { status: 'active' };
    }
    return { units: { [this.unit]: { status: 'active' } }, relations };
  }

  async addMetric(metrics: Record<string, string | number>): Promise<void> {
    this.record('add-metric', TOOL_ARGS.addMetric(metrics));
    this.metrics.push({ ...metrics });
  }

  async secretAdd(content: Record<string, string>, opts: SecretAddOptions = {}): Promise<string> {
    return this.secretCall('secret-add', TOOL_ARGS.secretAdd(MEMORY_SECRET_FILE, opts), (caller) => this.secrets.add(caller, content, opts));
  }

  async secretGet(ref: SecretRef, opts: { refresh?: boolean; peek?: boolean } = {}): Promise<Record<string, string>> {
    return this.secretCall('secret-get', TOOL_ARGS.secretGet(ref, opts), (caller) => this.secrets.get(caller, ref, opts));
  }

  async secretSet(id: string, content?: Record<string, string>, opts: SecretSetOptions = {}): Promise<void> {
    const args = TOOL_ARGS.secretSet(id, content === undefined ? undefined : MEMORY_SECRET_FILE, opts);
    return this.secretCall('secret-set', args, (caller) => this.secrets.set(caller, id, content, opts));
  }

  async secretGrant(id: string, relationId: string, opts: { unit?: string } = {}): Promise<void> {
    return this.secretCall('secret-grant', TOOL_ARGS.secretGrant(id, relationId, opts.unit), (caller) => this.secrets.grant(caller, id, relationId, opts));
  }

  async secretRevoke(id: string, opts: { relationId?: string; unit?: string; app?: string } = {}): Promise<void> {
    return this.secretCall('secret-revoke', TOOL_ARGS.secretRevoke(id, opts), (caller) => this.secrets.revoke(caller, id, opts));
  }

  async secretRemove(id: string, opts: { revision?: number } = {}): Promise<void> {
    return this.secretCall('secret-remove', TOOL_ARGS.secretRemove(id, opts.revision), (caller) => this.secrets.remove(caller, id, opts));
  }

  async secretIds(): Promise<string[]> {
    return this.secretCall('secret-ids', TOOL_ARGS.secretIds(), (caller) => ({ value: this.secrets.ids(caller).map(secretUri), events: [] }));
  }

  async secretInfoGet(ref: SecretRef): Promise<Record<string, SecretInfo>> {
    return this.secretCall('secret-info-get', TOOL_ARGS.secretInfoGet(ref), (caller) => {
      const info = this.secrets.info(caller, ref);
      return { value: Object.fromEntries(Object.entries(info).map(([id, value]) => [secretUri(id), value])), events: [] };
    });
  }

  /**
   * A secret owned by the remote application of `relationId` (its leader
   * `<app>/0` adds it), granted over that relation to this unit's application,
   * or to this unit alone with `unit`. Its URI, as the remote charm would put
   * it in the relation data.
   */
  addRemoteSecret(relationId: string, content: Record<string, string>, opts: { label?: string; unit?: boolean } = {}): string {
    const owner = this.remoteOwner(relationId);
    const uri = this.secrets.add(owner, content, opts.label === undefined ? {} : { label: opts.label }).value;
    this.secrets.grant(owner, uri, relationId, opts.unit ? { unit: this.unit } : {});
    return uri;
  }

  /** The remote owner of `uri` (added with {@link addRemoteSecret}) publishes new content: the hooks that causes. */
  setRemoteSecret(relationId: string, uri: string, content: Record<string, string>): SecretEvent[] {
    return this.noteEvents(this.secrets.set(this.remoteOwner(relationId), uri, content).events);
  }

  /** The remote owner revokes this unit's application's access to `uri`. */
  revokeRemoteSecret(relationId: string, uri: string): void {
    this.secrets.revoke(this.remoteOwner(relationId), uri, { relationId });
  }

  /** The model's clock moves on: the secret-rotate and secret-expired hooks that causes. */
  advanceTime(ms: number): SecretEvent[] {
    return this.noteEvents(this.secrets.advanceTime(ms));
  }

  /** Attaches a storage instance of `name` (`name/N`, numbered in order); its id. */
  addStorage(name: string, info: Partial<StorageInfo> = {}): string {
    const id = `${name}/${this.nextStorageNumber++}`;
    this.storage[id] = { kind: info.kind ?? 'filesystem', location: info.location ?? `/srv/${name}/${id.split('/')[1]}` };
    return id;
  }

  async storageGet(opts: { id?: string; key?: string } = {}): Promise<unknown> {
    return this.refusable('storage-get', TOOL_ARGS.storageGet(opts), () =>
      storageGetAnswer({
        unit: this.unit,
        attached: this.storage,
        ...opts,
        ...(process.env.JUJU_STORAGE_ID ? { hookStorage: process.env.JUJU_STORAGE_ID } : {}),
      }),
    );
  }

  async storageList(name?: string): Promise<string[]> {
    this.record('storage-list', TOOL_ARGS.storageList(name));
    return Object.keys(this.storage).filter((id) => name === undefined || id.slice(0, id.lastIndexOf('/')) === name);
  }

  async storageAdd(counts: Record<string, number>): Promise<void> {
    this.record('storage-add', TOOL_ARGS.storageAdd(counts));
    for (const [name, count] of Object.entries(counts)) this.storageAdded[name] = (this.storageAdded[name] ?? 0) + count;
  }

  async resourceGet(name: string): Promise<string> {
    return this.refusable('resource-get', TOOL_ARGS.resourceGet(name), () => {
      const path = this.resources[name];
      if (path === undefined) throw new ToolRefusal(resourceNotFound(name), 1);
      return path;
    });
  }

  async credentialGet(): Promise<Record<string, unknown>> {
    return this.refusable('credential-get', TOOL_ARGS.credentialGet(), () => {
      if (!this.credential) throw new ToolRefusal(CREDENTIAL_REFUSED, 1);
      return structuredClone(this.credential);
    });
  }

  async stateGet(key?: string): Promise<unknown> {
    this.record('state-get', TOOL_ARGS.stateGet(key));
    return key === undefined ? { ...this.charmState } : (this.charmState[key] ?? null);
  }

  async stateSet(values: Record<string, string>): Promise<void> {
    this.record('state-set', TOOL_ARGS.stateSet());
    applySettings(this.charmState, values);
  }

  async stateDelete(key: string): Promise<void> {
    this.record('state-delete', TOOL_ARGS.stateDelete(key));
    delete this.charmState[key];
  }

  async relationModelGet(relationId: string): Promise<{ uuid: string }> {
    const args = TOOL_ARGS.relationModelGet(relationId);
    this.record('relation-model-get', args);
    const relation = this.visibleRelation(relationId);
    if (!relation) throw new HookToolError('relation-model-get', args, 2, `invalid value "${relationId}" for option -r: relation not found`);
    return { uuid: relation.remoteModelUuid ?? this.modelUuid };
  }

  async jujuReboot(opts: { now?: boolean } = {}): Promise<void> {
    return this.refusable('juju-reboot', TOOL_ARGS.jujuReboot(opts.now), () => {
      if (process.env.JUJU_ACTION_NAME) throw new ToolRefusal(REBOOT_IN_ACTION, 1);
      this.rebootRequested = opts.now ? 'now' : 'after-hook';
    });
  }

  /**
   * What Juju applies only for a hook that succeeds (secrets and the hooks
   * they cause, server-side state, storage-add) as it is now: the function
   * returned puts it back, for a hook that failed.
   */
  checkpoint(): () => void {
    const secrets = structuredClone(this.secrets.state);
    const events = this.secretEvents.length;
    const charmState = { ...this.charmState };
    const storageAdded = { ...this.storageAdded };
    return () => {
      Object.assign(this.secrets.state, secrets);
      this.secretEvents.length = events;
      this.charmState = charmState;
      this.storageAdded = storageAdded;
    };
  }

  /** How many times each tool was called, e.g. `{ 'relation-get': 3 }`. */
  callCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.tool] = (counts[call.tool] ?? 0) + 1;
    return counts;
  }

  private readableBag(opts: RelationGetOptions, args: string[]): Bag {
    const relation = this.visibleRelation(opts.relationId);
    if (!relation) throw new HookToolError('relation-get', args, 2, `invalid relation id "${opts.relationId}"`);
    const target = opts.unit ?? process.env.JUJU_REMOTE_UNIT ?? '';
    const access = relationGetBag({ unit: this.unit, leader: this.leader, remoteApp: relation.remoteApp, target, app: opts.app === true });
    if ('refused' in access) throw new HookToolError('relation-get', args, 1, access.refused);
    if (access.bag === 'own-unit') return relation.localUnitData;
    if (access.bag === 'own-app') return relation.localAppData;
    if (access.bag === 'remote-app') return relation.remoteAppData;
    const bag = relation.units[target] ?? (target === process.env.JUJU_DEPARTING_UNIT ? relation.departed[target] : undefined);
    // Juju names the relation by its endpoints, which a MemoryRelation knows only one of: its id stands in.
    if (!bag) throw new HookToolError('relation-get', args, 1, unitSettingsNotFound(target, relation.id));
    return bag;
  }

  /** A live relation, or the removed one whose broken hook this is. */
  private visibleRelation(relationId: string): MemoryRelation | undefined {
    return this.relations.get(relationId) ?? (process.env.JUJU_RELATION_ID === relationId ? this.removed.get(relationId) : undefined);
  }

  private record(tool: string, args: string[]): void {
    this.calls.push({ tool, args });
  }

  /** This unit as the secret rules see it. */
  private caller(): SecretCaller {
    return { unit: this.unit, leader: this.leader, relations: Object.fromEntries([...this.relations.values()].map((r) => [r.id, r.remoteApp])) };
  }

  private remoteOwner(relationId: string): SecretCaller {
    const relation = this.relation(relationId);
    return { unit: `${relation.remoteApp}/0`, leader: true, relations: { [relationId]: this.application } };
  }

  private secretCall<T>(tool: string, args: string[], run: (caller: SecretCaller) => { value: T; events: SecretEvent[] }): Promise<T> {
    return this.refusable(tool, args, () => {
      const answer = run(this.caller());
      this.noteEvents(answer.events);
      return answer.value;
    });
  }

  private noteEvents(events: SecretEvent[]): SecretEvent[] {
    this.secretEvents.push(...events);
    return events;
  }

  /** Records the call and runs it; a refusal of Juju's rules becomes the tool's error, with its exit code. */
  private async refusable<T>(tool: string, args: string[], run: () => T): Promise<T> {
    this.record(tool, args);
    try {
      return run();
    } catch (error) {
      if (error instanceof ToolRefusal) throw new HookToolError(tool, args, error.exitCode, error.message);
      throw error;
    }
  }
}

function applySettings(bag: Bag, settings: RelationSettings): void {
  for (const [key, value] of Object.entries(settings)) {
    if (value === null || value === '') delete bag[key];
    // defineProperty: a key such as "__proto__" stays plain data.
    else Object.defineProperty(bag, key, { value: String(value), enumerable: true, writable: true, configurable: true });
  }
}
