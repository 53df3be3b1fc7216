import { randomBytes, randomUUID } from 'node:crypto';
import { accessSync, appendFileSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAG_PREFIX } from '@reactive/flags';
import { UNIT_AGENT_SOCKET_ENV, UnitState } from '@reactive/hookenv';
import { handlersNotRun, readFlightRecords, readHandlerCatalogue, type FlightRecord, type NotRun } from '@reactive/bus';
import { UnitAgentServer } from './unit-agent.js';
import { coerceOption, loadCharm, type CharmEndpoint, type CharmInfo } from './charm.js';
import { ModelError, NotQuiescentError } from './errors.js';
import { baseHookEnv, runHookProcess } from './process.js';
import { checkApplicationName, parseEndpointArg, type ApplicationSpec, type ModelSpec } from './spec.js';
import {
  describeRelation,
  localEnd,
  nextRandom,
  relationKey,
  remoteAppOf,
  remoteUnitsOf,
  unitApp,
  type AppRecord,
  type Bag,
  type ModelState,
  type QueuedEvent,
  type RelationRecord,
  type StatusValue,
  type UnitRecord,
} from './state.js';
import { describeEntry, handlersInLog, type TimelineEntry } from './timeline.js';
import { HOOK_TOOLS, runTool, type LogLevel, type ToolContext } from './tools.js';

export interface SimulationOptions {
  /** Extra environment variables for every hook (applied last). */
  env?: Record<string, string>;
  /** How many times a failed hook is retried before its unit is left in error (default 2). */
  retries?: number;
  /** A hook running longer is killed and counts as failed (default 120 000 ms). */
  hookTimeoutMs?: number;
  /** Called with each timeline entry as soon as its hook ends (live output). */
  onEntry?: (entry: TimelineEntry) => void;
}

export interface RunOptions {
  /** The most hooks one run may fire (default 500). */
  maxHooks?: number;
  /** The most times one run may fire the same hook on the same unit about the same thing (default 30). */
  maxRepeats?: number;
}

export interface RunResult {
  /** The hooks this run fired, in order. */
  timeline: TimelineEntry[];
  /** True when no hook is left to run. */
  quiesced: boolean;
  /** Units left in error: their hook failed and was retried `retries` times (`resolve()` retries it again). */
  errors: Array<{ unit: string; hook: string; attempts: number }>;
  /** Hooks still queued (behind units in error). */
  pending: number;
}

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

const HOOK_TOOL = fileURLToPath(new URL('../../bin/hook-tool', import.meta.url));
const MODEL_FILE = 'model.json';
const TIMELINE_FILE = 'timeline.jsonl';
const JUJU_VERSION = '3.4.0';

function sameBag(a: Bag | undefined, b: Bag | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((key) => Object.hasOwn(b ?? {}, key) && (a ?? {})[key] === (b ?? {})[key]);
}

function addressBag(address: string): Bag {
  return { 'egress-subnets': `${address}/32`, 'ingress-address': address, 'private-address': address };
}

function signature(event: QueuedEvent): string {
  return [event.unit, event.hook, event.relation ?? '', event.remoteUnit ?? '', event.remoteApp ?? '', event.departing ?? ''].join('|');
}

function unitNumber(name: string): number {
  return Number(name.slice(name.indexOf('/') + 1));
}

/**
 * A simulated Juju model: applications (a charm directory and units each),
 * config, one leader per application, relations between endpoints with
 * matching interfaces, and a queue of hooks fired in Juju's order, each as a
 * real process of the charm with the hook tools on PATH. The state lives in a
 * folder (`model.json`, `timeline.jsonl`, each unit's state and log), saved
 * after every hook, so a model can be changed and run again.
 *
 * Changes (`setConfig`, `addRelation`, `removeRelation`, `addUnit`,
 * `removeUnit`, `updateStatus`, ...) only queue hooks; `run()` fires them.
 */
export class Simulation {
  readonly stateDir: string;
  private model: ModelState;
  private readonly opts: SimulationOptions;
  private readonly charms = new Map<string, CharmInfo>();
  private running = false;

  private constructor(stateDir: string, model: ModelState, opts: SimulationOptions) {
    this.stateDir = resolve(stateDir);
    this.model = model;
    this.opts = opts;
  }

  /**
   * A new model in `stateDir` (created if needed; refused if it already holds
   * one): deploys the applications and relates them, queueing each unit's
   * install, relation-created, leader-elected (or leader-settings-changed),
   * config-changed and start, then each side's relation-joined and
   * relation-changed for every remote unit. Nothing runs until `run()`.
   */
  static create(spec: ModelSpec, stateDir: string, opts: SimulationOptions = {}): Simulation {
    if (existsSync(join(stateDir, MODEL_FILE))) {
      throw new ModelError(`${stateDir} already holds a model (${MODEL_FILE}): load it (Simulation.load), or remove the folder to start afresh`);
    }
    const seed = spec.seed ?? null;
    const model: ModelState = {
      format: 1,
      name: spec.name ?? 'sim',
      uuid: randomUUID(),
      created: new Date().toISOString(),
      seed,
      rng: seed ?? 0,
      nextRelation: 0,
      nextMachine: 0,
      nextSeq: 0,
      hooksRun: 0,
      applications: {},
      units: {},
      relations: [],
      queue: [],
    };
    const sim = new Simulation(stateDir, model, opts);
    for (const [name, app] of Object.entries(spec.applications)) sim.addApplication(name, app);
    for (const [a, b] of spec.relations) sim.relate(a, b);
    for (const unit of Object.keys(model.units)) sim.queueUnitStart(unit);
    for (const relation of [...model.relations].sort((x, y) => x.id - y.id)) sim.queueJoins(relation);
    mkdirSync(sim.stateDir, { recursive: true });
    sim.save();
    return sim;
  }

  /** The model saved in `stateDir`. */
  static load(stateDir: string, opts: SimulationOptions = {}): Simulation {
    const path = join(stateDir, MODEL_FILE);
    let model: ModelState;
    try {
      model = JSON.parse(readFileSync(path, 'utf8')) as ModelState;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelError(code === 'ENOENT' ? `${stateDir} holds no model (no ${MODEL_FILE})` : `${path}: cannot read the model (${(error as Error).message})`);
    }
    if (model.format !== 1) throw new ModelError(`${path}: unknown model format ${JSON.stringify(model.format)}`);
    return new Simulation(stateDir, model, opts);
  }

  /** The model in `stateDir` if there is one, else a new one from `spec`. */
  static open(spec: ModelSpec, stateDir: string, opts: SimulationOptions = {}): Simulation {
    return existsSync(join(stateDir, MODEL_FILE)) ? Simulation.load(stateDir, opts) : Simulation.create(spec, stateDir, opts);
  }

  get name(): string {
    return this.model.name;
  }

  /** A copy of the persisted model (for tests and tools). */
  snapshot(): ModelState {
    return structuredClone(this.model);
  }

  // ---------------------------------------------------------------- changes

  /** Deploys an application (its units' install ... start are queued). */
  deploy(name: string, app: ApplicationSpec): string[] {
    this.mutable();
    const units = this.addApplication(name, app);
    for (const unit of units) this.queueUnitStart(unit);
    for (const relation of this.model.relations) if (relation.ends.length === 1 && relation.ends[0]!.app === name) this.queueJoins(relation);
    this.save();
    return units;
  }

  /** Adds units to an application; returns their names. */
  addUnit(app: string, count = 1): string[] {
    this.mutable();
    this.application(app);
    const added: string[] = [];
    for (let i = 0; i < count; i++) {
      const unit = this.createUnit(app);
      added.push(unit);
      this.queueUnitStart(unit);
      for (const relation of this.model.relations) if (!relation.dying && localEnd(relation, app)) this.queueJoins(relation, unit);
    }
    this.save();
    return added;
  }

  /**
   * Removes a unit as Juju does: every unit that saw it gets
   * `relation-departed`; the unit itself gets departed for each remote unit and
   * `relation-broken` per relation, then `stop` and `remove`. A leader hands
   * leadership to the next unit (leader-elected).
   */
  removeUnit(name: string): void {
    this.mutable();
    const unit = this.unit(name);
    if (unit.dying) return;
    unit.dying = true;
    const app = this.model.applications[unit.app]!;
    const neverRan = !unit.error && this.model.queue.some((e) => e.unit === name && e.hook === 'install');
    this.model.queue = this.model.queue.filter((e) => e.unit !== name && e.remoteUnit !== name && e.after !== name);
    // Its failed hook is dropped with the rest (as `juju remove-unit --force` does).
    unit.error = undefined;
    if (neverRan) {
      this.deleteUnit(name);
      this.save();
      return;
    }
    for (const relation of this.model.relations) {
      const mine = unit.relations[relation.id];
      if (!mine) continue;
      const endpoint = localEnd(relation, unit.app)!.endpoint;
      for (const other of Object.values(this.model.units)) {
        if (other.name === name || !other.relations[relation.id]?.joined.includes(name)) continue;
        const otherEnd = localEnd(relation, other.app)!.endpoint;
        this.enqueue({ unit: other.name, hook: `${otherEnd}-relation-departed`, relation: relation.id, remoteUnit: name, remoteApp: unit.app, departing: name });
      }
      for (const remote of [...mine.joined].sort()) {
        this.enqueue({ unit: name, hook: `${endpoint}-relation-departed`, relation: relation.id, remoteUnit: remote, remoteApp: unitApp(remote), departing: name });
      }
      this.enqueue({ unit: name, hook: `${endpoint}-relation-broken`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
    }
    this.enqueue({ unit: name, hook: 'stop' });
    this.enqueue({ unit: name, hook: 'remove' });
    if (app.leader === name) this.electLeader(app);
    this.save();
  }

  /**
   * Sets config values (`null` resets an option to its default). Strings are
   * converted to the option's type (for `--set app.port=8080`). Queues
   * config-changed on every unit when the config changed.
   */
  setConfig(app: string, values: Record<string, unknown>): void {
    this.mutable();
    const record = this.application(app);
    const before = JSON.stringify(this.effectiveConfig(record));
    const next = { ...record.config };
    const options = this.charm(app).options;
    for (const [name, value] of Object.entries(values)) {
      const option = options[name];
      if (!option) throw new ModelError(`application "${app}": unknown config option "${name}" (${this.optionList(app)})`);
      const coerced = coerceOption(`application "${app}"`, name, option, value);
      if (coerced === null) delete next[name];
      else next[name] = coerced;
    }
    record.config = next;
    if (JSON.stringify(this.effectiveConfig(record)) !== before) {
      for (const unit of this.liveUnits(app)) this.enqueue({ unit, hook: 'config-changed' });
    }
    this.save();
  }

  /**
   * Relates two endpoints (`app:endpoint`, or `app` when only one pair of
   * endpoints matches): relation-created on every unit of both sides, then on
   * each unit relation-joined and relation-changed for each remote unit.
   * Returns the relation id as the first application sees it (`db:0`).
   */
  addRelation(a: string, b: string): string {
    this.mutable();
    const relation = this.relate(a, b);
    for (const end of relation.ends) {
      for (const unit of this.liveUnits(end.app)) {
        this.enqueue({ unit, hook: `${end.endpoint}-relation-created`, relation: relation.id, remoteApp: remoteAppOf(relation, end.app) });
      }
    }
    this.queueJoins(relation);
    this.save();
    return relationKey(relation, relation.ends[0]!.app);
  }

  /**
   * Removes a relation, given by its two ends (`app:endpoint` or `app`), one
   * end when that endpoint has one relation, or an id (`db:0`): every unit gets
   * relation-departed for each remote unit it saw, then relation-broken.
   */
  removeRelation(a: string, b?: string): void {
    this.mutable();
    const relation = this.findRelation(a, b);
    relation.dying = true;
    this.model.queue = this.model.queue.filter((e) => e.relation !== relation.id);
    for (const unit of Object.values(this.model.units)) {
      const mine = unit.relations[relation.id];
      if (!mine) continue;
      const endpoint = localEnd(relation, unit.app)!.endpoint;
      for (const remote of [...mine.joined].sort()) {
        this.enqueue({ unit: unit.name, hook: `${endpoint}-relation-departed`, relation: relation.id, remoteUnit: remote, remoteApp: unitApp(remote), departing: remote });
      }
      this.enqueue({ unit: unit.name, hook: `${endpoint}-relation-broken`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
    }
    this.dropRelationIfDone(relation);
    this.save();
  }

  /** Queues update-status on the given units (default: every unit). */
  updateStatus(units?: string[]): void {
    this.mutable();
    const names = units ?? Object.values(this.model.units).filter((u) => !u.dying).map((u) => u.name);
    for (const name of names) {
      this.unit(name);
      this.enqueue({ unit: name, hook: 'update-status' });
    }
    this.save();
  }

  /**
   * `juju resolved`: a unit in error retries its failed hook on the next run
   * (with a fresh budget of retries), or with `retry: false` skips it.
   */
  resolve(name: string, opts: { retry?: boolean } = {}): void {
    this.mutable();
    const unit = this.unit(name);
    if (!unit.error) throw new ModelError(`unit ${name} is not in error`);
    if (opts.retry ?? true) {
      unit.error.attempts = 0;
    } else {
      const event = this.model.queue.find((e) => e.seq === unit.error!.seq);
      this.model.queue = this.model.queue.filter((e) => e.seq !== unit.error!.seq);
      unit.error = undefined;
      if (event) this.afterSuccess(event);
    }
    this.save();
  }

  // -------------------------------------------------------------------- run

  /**
   * Fires queued hooks one at a time until none is left (quiescence), or only
   * units in error hold some. Bounded: a run that exceeds `maxHooks` hooks, or
   * fires one hook on one unit about one thing more than `maxRepeats` times,
   * stops with a NotQuiescentError naming what kept firing (the model is
   * saved: run again to continue).
   */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    this.mutable();
    const maxHooks = opts.maxHooks ?? 500;
    const maxRepeats = opts.maxRepeats ?? 30;
    const timeline: TimelineEntry[] = [];
    const counts = new Map<string, { count: number; event: QueuedEvent }>();
    this.lock();
    this.running = true;
    let agent: UnitAgentServer | undefined;
    try {
      const toolsDir = this.linkTools();
      agent = await UnitAgentServer.listen(this.socketPath());
      const baseEnv = baseHookEnv(toolsDir);
      for (;;) {
        const event = this.nextEvent();
        if (!event) break;
        const key = signature({ ...event, departing: undefined });
        const seen = counts.get(key) ?? { count: 0, event };
        if (timeline.length >= maxHooks) throw this.notQuiescent(`it fired ${timeline.length} hooks, the limit (maxHooks)`, timeline, counts);
        if (seen.count >= maxRepeats) {
          throw this.notQuiescent(`${event.unit} ${describeEntry(this.describe(event))} kept firing (${seen.count} times, the limit maxRepeats)`, timeline, counts);
        }
        seen.count++;
        counts.set(key, seen);
        const entry = await this.fire(event, agent, baseEnv);
        timeline.push(entry);
        this.opts.onEntry?.(entry);
      }
    } finally {
      await agent?.close();
      this.unlock();
      this.running = false;
      this.save();
    }
    const errors = Object.values(this.model.units)
      .filter((u) => u.error)
      .map((u) => ({ unit: u.name, hook: u.error!.hook, attempts: u.error!.attempts }));
    return { timeline, quiesced: this.model.queue.length === 0, errors, pending: this.model.queue.length };
  }

  // ----------------------------------------------------------------- status

  /** The model now: applications, units (status, flags, ports), relations (with their data) and what is queued. */
  status(): ModelStatus {
    const applications: Record<string, ApplicationStatus> = {};
    for (const app of Object.values(this.model.applications)) {
      applications[app.name] = {
        charm: app.charm,
        charmName: app.charmName,
        units: [...app.units],
        leader: app.leader,
        config: this.effectiveConfig(app),
        status: { ...app.status },
        version: app.version,
        leaderSettings: { ...app.leaderSettings },
      };
    }
    const units: Record<string, UnitStatus> = {};
    for (const unit of Object.values(this.model.units)) {
      const shown = this.shownStatus(unit);
      units[unit.name] = {
        application: unit.app,
        leader: this.model.applications[unit.app]?.leader === unit.name,
        status: shown.status,
        message: shown.message,
        address: unit.address,
        ports: [...unit.ports],
        flags: this.flags(unit.name),
        ...(unit.dying ? { dying: true } : {}),
        ...(unit.error ? { error: { hook: unit.error.hook, attempts: unit.error.attempts } } : {}),
      };
    }
    const relations = this.model.relations.map((relation) => ({
      id: relation.id,
      interface: relation.interface,
      endpoints: relation.ends.map((end) => `${end.app}:${end.endpoint}`),
      ids: Object.fromEntries(relation.ends.map((end) => [end.app, relationKey(relation, end.app)])),
      peer: relation.ends.length === 1,
      dying: relation.dying === true,
      units: structuredClone(relation.units),
      applications: structuredClone(relation.apps),
    }));
    const pending = this.model.queue.map((event) => `${event.unit} ${describeEntry(this.describe(event))}`);
    return { model: this.model.name, applications, units, relations, pending };
  }

  /** The committed flags of a unit. */
  flags(unit: string): string[] {
    const path = this.unitStatePath(unit);
    if (!existsSync(path)) return [];
    const state = UnitState.open(path);
    try {
      return state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length));
    } finally {
      void state.close();
    }
  }

  /** Every hook fired in this state folder, over all runs; with a unit, that unit's flight records (what `reactive history` lists). */
  history(): TimelineEntry[];
  history(unit: string): FlightRecord[];
  history(unit?: string): TimelineEntry[] | FlightRecord[] {
    if (unit !== undefined) return this.flightRecords(unit);
    const path = join(this.stateDir, TIMELINE_FILE);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TimelineEntry);
  }

  /** The flight record of a unit's last hook. */
  lastHook(unit: string): FlightRecord | undefined {
    return this.flightRecords(unit).at(-1);
  }

  /** The handlers a unit's last hook did not run, each with why (undefined before its first hook). */
  notRun(unit: string): { record: FlightRecord; handlers: NotRun[] } | undefined {
    return this.withUnitState(unit, (state) => {
      const record = readFlightRecords(state).at(-1);
      return record && { record, handlers: handlersNotRun(record, readHandlerCatalogue(state)) };
    });
  }

  private flightRecords(unit: string): FlightRecord[] {
    return this.withUnitState(unit, readFlightRecords) ?? [];
  }

  private withUnitState<T>(unit: string, read: (state: UnitState) => T): T | undefined {
    this.unit(unit);
    const path = this.unitStatePath(unit);
    if (!existsSync(path)) return undefined;
    const state = UnitState.open(path);
    try {
      return read(state);
    } finally {
      void state.close();
    }
  }

  /** A unit's log: its juju-log lines and its hooks' output. */
  log(unit: string): string {
    const path = join(this.unitDir(unit), 'unit.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** The folder of a unit's state (`units/<app>-<n>`). */
  unitDir(unit: string): string {
    return join(this.stateDir, 'units', unit.replace('/', '-'));
  }

  /** The unit's state database (UNIT_STATE_DB of its hooks). */
  unitStatePath(unit: string): string {
    return join(this.unitDir(unit), 'unit-state.lmdb');
  }

  /** Nothing stays open between runs; kept for symmetry and future use. */
  async close(): Promise<void> {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish');
  }

  // ------------------------------------------------------------- the model

  private mutable(): void {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish before changing the model');
  }

  private application(name: string): AppRecord {
    const app = this.model.applications[name];
    if (!app) throw new ModelError(`no application "${name}" in the model (applications: ${Object.keys(this.model.applications).join(', ') || 'none'})`);
    return app;
  }

  private unit(name: string): UnitRecord {
    const unit = this.model.units[name];
    if (!unit) throw new ModelError(`no unit "${name}" in the model (units: ${Object.keys(this.model.units).join(', ') || 'none'})`);
    return unit;
  }

  private charm(app: string): CharmInfo {
    let charm = this.charms.get(app);
    if (!charm) {
      const record = this.application(app);
      charm = loadCharm(record.charm, `application "${app}"`);
      this.charms.set(app, charm);
    }
    return charm;
  }

  private optionList(app: string): string {
    const names = Object.keys(this.charm(app).options);
    return names.length ? `the charm's options: ${names.join(', ')}` : 'the charm has no config options';
  }

  private effectiveConfig(app: AppRecord): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(this.charm(app.name).options)) config[name] = app.config[name] ?? option.default ?? null;
    return config;
  }

  private liveUnits(app: string): string[] {
    return (this.model.applications[app]?.units ?? []).filter((name) => !this.model.units[name]?.dying);
  }

  private addApplication(name: string, spec: ApplicationSpec): string[] {
    checkApplicationName(name, 'deploy');
    if (this.model.applications[name]) throw new ModelError(`application "${name}" is already deployed`);
    const charm = loadCharm(spec.charm, `application "${name}"`, spec.charmSpelled ?? spec.charm);
    this.charms.set(name, charm);
    const config: Record<string, unknown> = {};
    for (const [option, value] of Object.entries(spec.config ?? {})) {
      const declared = charm.options[option];
      if (!declared) throw new ModelError(`application "${name}": unknown config option "${option}" (${Object.keys(charm.options).length ? `the charm's options: ${Object.keys(charm.options).join(', ')}` : 'the charm has no config options'})`);
      const coerced = coerceOption(`application "${name}"`, option, declared, value);
      if (coerced !== null) config[option] = coerced;
    }
    this.model.applications[name] = {
      name,
      charm: charm.dir,
      charmName: charm.name,
      config,
      units: [],
      nextUnit: 0,
      leader: null,
      leaderSettings: {},
      status: { status: 'unknown', message: '' },
      version: '',
    };
    for (const endpoint of charm.endpoints.filter((e) => e.role === 'peers')) {
      this.model.relations.push({ id: this.model.nextRelation++, interface: endpoint.interface, ends: [{ app: name, endpoint: endpoint.name, role: 'peers' }], units: {}, apps: {} });
    }
    const units: string[] = [];
    for (let i = 0; i < (spec.units ?? 1); i++) units.push(this.createUnit(name));
    return units;
  }

  private createUnit(appName: string): string {
    const app = this.application(appName);
    const name = `${appName}/${app.nextUnit++}`;
    const machine = this.model.nextMachine++;
    const host = machine + 1;
    const address = `10.0.${Math.floor(host / 250)}.${(host % 250) + 1}`;
    this.model.units[name] = {
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
    for (const relation of this.model.relations) if (!relation.dying && localEnd(relation, appName)) relation.units[name] = addressBag(address);
    return name;
  }

  private deleteUnit(name: string): void {
    const unit = this.model.units[name];
    if (!unit) return;
    const app = this.model.applications[unit.app]!;
    app.units = app.units.filter((u) => u !== name);
    delete this.model.units[name];
    for (const relation of this.model.relations) delete relation.units[name];
    for (const other of Object.values(this.model.units)) {
      for (const mine of Object.values(other.relations)) mine.joined = mine.joined.filter((u) => u !== name);
    }
    this.model.queue = this.model.queue.filter((e) => e.unit !== name && e.remoteUnit !== name && e.after !== name);
    if (app.leader === name) this.electLeader(app);
    for (const relation of [...this.model.relations]) if (relation.dying) this.dropRelationIfDone(relation);
  }

  private electLeader(app: AppRecord): void {
    const next = app.units.filter((u) => !this.model.units[u]?.dying).sort((a, b) => unitNumber(a) - unitNumber(b))[0] ?? null;
    app.leader = next;
    if (next) this.enqueue({ unit: next, hook: 'leader-elected' });
  }

  /** Resolves two endpoint specs to a new relation record, refusing what Juju refuses. */
  private relate(a: string, b: string): RelationRecord {
    const left = parseEndpointArg(a);
    const right = parseEndpointArg(b);
    const what = `cannot relate ${a} to ${b}`;
    this.application(left.app);
    this.application(right.app);
    if (left.app === right.app) throw new ModelError(`${what}: an application cannot be related to itself (peer relations are made automatically)`);
    const leftCharm = this.charm(left.app);
    const rightCharm = this.charm(right.app);
    const find = (app: string, charm: CharmInfo, endpoint: string): CharmEndpoint => {
      const found = charm.endpoints.find((e) => e.name === endpoint);
      if (!found) {
        const list = charm.endpoints.map((e) => `${e.name} (${e.role} ${e.interface})`).join(', ') || 'none';
        throw new ModelError(`${what}: application "${app}" (charm ${charm.name}) has no endpoint "${endpoint}"; its endpoints: ${list}`);
      }
      return found;
    };
    let pair: [CharmEndpoint, CharmEndpoint];
    if (left.endpoint !== undefined && right.endpoint !== undefined) {
      const l = find(left.app, leftCharm, left.endpoint);
      const r = find(right.app, rightCharm, right.endpoint);
      if (l.role === 'peers' || r.role === 'peers') throw new ModelError(`${what}: ${l.role === 'peers' ? a : b} is a peer endpoint (peer relations are made automatically)`);
      if (l.interface !== r.interface) {
        throw new ModelError(`cannot relate ${left.app}:${l.name} (interface "${l.interface}") to ${right.app}:${r.name} (interface "${r.interface}"): the interfaces differ`);
      }
      if (l.role === r.role) throw new ModelError(`${what}: both are ${l.role} endpoints (a relation joins a provides endpoint to a requires endpoint)`);
      pair = [l, r];
    } else {
      const lefts = left.endpoint !== undefined ? [find(left.app, leftCharm, left.endpoint)] : leftCharm.endpoints;
      const rights = right.endpoint !== undefined ? [find(right.app, rightCharm, right.endpoint)] : rightCharm.endpoints;
      const matches: Array<[CharmEndpoint, CharmEndpoint]> = [];
      for (const l of lefts) {
        for (const r of rights) {
          if (l.role !== 'peers' && r.role !== 'peers' && l.role !== r.role && l.interface === r.interface) matches.push([l, r]);
        }
      }
      if (matches.length === 0) throw new ModelError(`${what}: no endpoints of the two with the same interface and opposite roles`);
      if (matches.length > 1) {
        throw new ModelError(`${what}: ambiguous; name the endpoints, one of: ${matches.map(([l, r]) => `${left.app}:${l.name} ${right.app}:${r.name}`).join(', ')}`);
      }
      pair = matches[0]!;
    }
    const existing = this.model.relations.find(
      (rel) =>
        !rel.dying &&
        rel.ends.length === 2 &&
        rel.ends.some((e) => e.app === left.app && e.endpoint === pair[0].name) &&
        rel.ends.some((e) => e.app === right.app && e.endpoint === pair[1].name),
    );
    if (existing) throw new ModelError(`${left.app}:${pair[0].name} and ${right.app}:${pair[1].name} are already related (${relationKey(existing, left.app)})`);
    const relation: RelationRecord = {
      id: this.model.nextRelation++,
      interface: pair[0].interface,
      ends: [
        { app: left.app, endpoint: pair[0].name, role: pair[0].role },
        { app: right.app, endpoint: pair[1].name, role: pair[1].role },
      ],
      units: {},
      apps: {},
    };
    for (const end of relation.ends) for (const unit of this.liveUnits(end.app)) relation.units[unit] = addressBag(this.model.units[unit]!.address);
    this.model.relations.push(relation);
    return relation;
  }

  private findRelation(a: string, b?: string): RelationRecord {
    const live = this.model.relations.filter((r) => !r.dying);
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

  private dropRelationIfDone(relation: RelationRecord): void {
    if (!relation.dying) return;
    if (Object.values(this.model.units).some((u) => u.relations[relation.id])) return;
    if (this.model.queue.some((e) => e.relation === relation.id)) return;
    this.model.relations = this.model.relations.filter((r) => r !== relation);
  }

  // ------------------------------------------------------------- the queue

  private enqueue(event: Omit<QueuedEvent, 'seq'>): void {
    const key = signature(event as QueuedEvent);
    if (this.model.queue.some((queued) => signature(queued) === key)) return;
    this.model.queue.push({ seq: this.model.nextSeq++, ...event });
  }

  private queueUnitStart(name: string): void {
    const unit = this.model.units[name]!;
    const app = this.model.applications[unit.app]!;
    this.enqueue({ unit: name, hook: 'install' });
    for (const relation of [...this.model.relations].sort((x, y) => x.id - y.id)) {
      const end = localEnd(relation, unit.app);
      if (!end || relation.dying) continue;
      this.enqueue({ unit: name, hook: `${end.endpoint}-relation-created`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
    }
    this.enqueue({ unit: name, hook: app.leader === name ? 'leader-elected' : 'leader-settings-changed' });
    this.enqueue({ unit: name, hook: 'config-changed' });
    this.enqueue({ unit: name, hook: 'start' });
  }

  /** relation-joined then relation-changed on each unit for each remote unit (only pairs with `only`, when given). */
  private queueJoins(relation: RelationRecord, only?: string): void {
    const apps = relation.ends.map((e) => e.app);
    for (const app of apps) {
      const endpoint = localEnd(relation, app)!.endpoint;
      for (const unit of this.liveUnits(app)) {
        for (const remote of remoteUnitsOf(this.model, relation, unit)) {
          if (only !== undefined && unit !== only && remote !== only) continue;
          const base = { unit, relation: relation.id, remoteUnit: remote, remoteApp: unitApp(remote), after: remote };
          this.enqueue({ ...base, hook: `${endpoint}-relation-joined` });
          this.enqueue({ ...base, hook: `${endpoint}-relation-changed` });
        }
      }
    }
  }

  /**
   * The next hook to fire: each unit's hooks run in queue order; a unit in
   * error only retries its failed hook (until its retries are spent); a
   * remote unit joins only once it has started. Without a seed the earliest
   * queued hook of any unit goes first; with one, a random unit's.
   */
  private nextEvent(): QueuedEvent | undefined {
    const retries = this.opts.retries ?? 2;
    const heads = new Map<string, QueuedEvent>();
    const waiting = new Set<string>();
    const stale: QueuedEvent[] = [];
    for (const event of this.model.queue) {
      if (heads.has(event.unit)) continue;
      const unit = this.model.units[event.unit];
      if (!unit || (event.relation !== undefined && !this.model.relations.some((r) => r.id === event.relation))) {
        stale.push(event);
        continue;
      }
      if (unit.error) {
        if (event.seq === unit.error.seq && unit.error.attempts <= retries) heads.set(event.unit, event);
        continue;
      }
      const about = `${event.unit}|${event.relation ?? ''}|${event.remoteUnit ?? ''}`;
      if (waiting.has(about)) continue;
      if (event.after !== undefined && !this.model.units[event.after]?.started) {
        waiting.add(about);
        continue;
      }
      heads.set(event.unit, event);
    }
    if (stale.length) this.model.queue = this.model.queue.filter((e) => !stale.includes(e));
    const candidates = [...heads.values()];
    if (candidates.length === 0) return undefined;
    if (this.model.seed === null) return candidates[0];
    const [random, next] = nextRandom(this.model.rng);
    this.model.rng = next;
    return candidates[Math.floor(random * candidates.length)];
  }

  private describe(event: QueuedEvent): Pick<TimelineEntry, 'hook' | 'relation' | 'remoteUnit' | 'remoteApp' | 'departingUnit'> {
    const relation = event.relation === undefined ? undefined : this.model.relations.find((r) => r.id === event.relation);
    return {
      hook: event.hook,
      ...(relation ? { relation: relationKey(relation, unitApp(event.unit)) } : {}),
      ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
      ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
      ...(event.departing ? { departingUnit: event.departing } : {}),
    };
  }

  private notQuiescent(reason: string, timeline: TimelineEntry[], counts: Map<string, { count: number; event: QueuedEvent }>): NotQuiescentError {
    const firing = [...counts.values()]
      .filter((c) => c.count >= 2)
      .sort((x, y) => y.count - x.count)
      .slice(0, 6)
      .map((c) => ({ unit: c.event.unit, hook: describeEntry(this.describe(c.event)), count: c.count }));
    const list = firing.map((f) => `${f.unit} ${f.hook} ×${f.count}`).join(', ');
    return new NotQuiescentError(
      `the model did not quiesce: ${reason}.${list ? ` Kept firing: ${list}.` : ''} ${this.model.queue.length} hooks are still queued; the model is saved (run again to go on).`,
      timeline,
      firing,
    );
  }

  // ------------------------------------------------------------ one hook

  private async fire(event: QueuedEvent, agent: UnitAgentServer, baseEnv: Record<string, string>): Promise<TimelineEntry> {
    const unit = this.model.units[event.unit]!;
    const app = this.model.applications[unit.app]!;
    const charm = this.charm(app.name);
    const attempt = (event.attemptCount ?? 0) + 1;
    this.beforeHook(event, unit);
    const relation = event.relation === undefined ? undefined : this.model.relations.find((r) => r.id === event.relation);
    mkdirSync(this.unitDir(unit.name), { recursive: true });
    const id = `${unit.name}-${event.hook}-${randomBytes(6).readUIntBE(0, 6)}`;
    const view = structuredClone(this.model);
    const logs: Array<{ level: LogLevel; message: string }> = [];
    const ctx: ToolContext = {
      id,
      view,
      unit: unit.name,
      app: app.name,
      hook: event.hook,
      charm,
      config: this.effectiveConfig(app),
      leader: app.leader === unit.name,
      ...(relation ? { relation: view.relations.find((r) => r.id === relation.id)! } : {}),
      ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
      ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
      ...(event.departing ? { departing: event.departing } : {}),
      metrics: [],
      log: (level, message) => {
        logs.push({ level, message });
        this.appendLog(unit.name, level, event.hook, message);
      },
    };
    agent.register(id, (request) => runTool(ctx, request.tool, request.args, request.stdin));
    const statePath = this.unitStatePath(unit.name);
    const flagsBefore = await this.readFlags(statePath);
    const env: Record<string, string> = {
      ...baseEnv,
      JUJU_CHARM_DIR: charm.dir,
      CHARM_DIR: charm.dir,
      JUJU_UNIT_NAME: unit.name,
      JUJU_MODEL_NAME: this.model.name,
      JUJU_MODEL_UUID: this.model.uuid,
      JUJU_VERSION,
      JUJU_MACHINE_ID: unit.machine,
      JUJU_HOOK_NAME: event.hook,
      JUJU_CONTEXT_ID: id,
      JUJU_AGENT_SOCKET_ADDRESS: agent.path,
      JUJU_AGENT_SOCKET_NETWORK: 'unix',
      [UNIT_AGENT_SOCKET_ENV]: agent.path,
      UNIT_STATE_DB: statePath,
      ...(relation
        ? {
            JUJU_RELATION: localEnd(relation, app.name)!.endpoint,
            JUJU_RELATION_ID: relationKey(relation, app.name),
            JUJU_REMOTE_APP: event.remoteApp ?? remoteAppOf(relation, app.name),
          }
        : {}),
      ...(event.remoteUnit ? { JUJU_REMOTE_UNIT: event.remoteUnit } : {}),
      ...(event.departing ? { JUJU_DEPARTING_UNIT: event.departing } : {}),
      ...this.opts.env,
    };
    let result;
    try {
      result = await runHookProcess({
        charm,
        hook: event.hook,
        env,
        timeoutMs: this.opts.hookTimeoutMs ?? 120_000,
        onOutput: (text) => this.appendLog(unit.name, 'OUTPUT', event.hook, text.replace(/\n$/, '')),
      });
    } finally {
      agent.unregister(id);
    }
    const flagsAfter = await this.readFlags(statePath);
    const ok = result.exitCode === 0;
    this.model.queue = this.model.queue.filter((e) => e.seq !== event.seq);
    if (ok) {
      this.commit(ctx);
      unit.error = undefined;
      this.afterSuccess(event);
    } else {
      const seq = this.model.nextSeq++;
      unit.error = { seq, hook: event.hook, attempts: (unit.error?.seq === event.seq ? unit.error.attempts : 0) + 1 };
      this.model.queue.push({ ...event, seq, attemptCount: attempt });
    }
    this.model.hooksRun++;
    const before = new Set(flagsBefore);
    const after = new Set(flagsAfter);
    const current = this.model.units[unit.name];
    const entry: TimelineEntry = {
      seq: this.model.hooksRun,
      unit: unit.name,
      ...this.describe(event),
      ...(relation ? { relation: relationKey(relation, app.name) } : {}),
      ok,
      exitCode: result.exitCode,
      ...(result.skipped ? { skipped: true } : {}),
      attempt,
      handlers: handlersInLog(logs.filter((l) => l.level === 'INFO').map((l) => l.message)),
      flagsSet: flagsAfter.filter((f) => !before.has(f)),
      flagsCleared: flagsBefore.filter((f) => !after.has(f)),
      status: current ? this.shownStatus(current) : { status: 'terminated', message: '' },
      durationMs: result.durationMs,
      ...(ok ? {} : { error: this.failureText(logs, result.output, result.timedOut) }),
      ...(ctx.reboot ? { reboot: ctx.reboot } : {}),
    };
    this.save();
    appendFileSync(join(this.stateDir, TIMELINE_FILE), `${JSON.stringify(entry)}\n`);
    return entry;
  }

  /** What changes in the model as a hook starts (whatever its outcome): relation membership. */
  private beforeHook(event: QueuedEvent, unit: UnitRecord): void {
    if (event.relation === undefined) return;
    const key = String(event.relation);
    if (event.hook.endsWith('-relation-created')) unit.relations[key] ??= { joined: [] };
    const mine = (unit.relations[key] ??= { joined: [] });
    if (event.hook.endsWith('-relation-joined') && event.remoteUnit && !mine.joined.includes(event.remoteUnit)) {
      mine.joined = [...mine.joined, event.remoteUnit].sort();
    }
    if (event.hook.endsWith('-relation-departed') && event.remoteUnit) mine.joined = mine.joined.filter((u) => u !== event.remoteUnit);
    if (event.hook.endsWith('-relation-broken')) mine.joined = [];
  }

  /** What a successful hook makes happen besides its tool writes. */
  private afterSuccess(event: QueuedEvent): void {
    const unit = this.model.units[event.unit];
    if (!unit) return;
    if (event.hook === 'start') unit.started = true;
    if (event.hook.endsWith('-relation-broken') && event.relation !== undefined) {
      delete unit.relations[event.relation];
      const relation = this.model.relations.find((r) => r.id === event.relation);
      if (relation) this.dropRelationIfDone(relation);
    }
    if (event.hook === 'remove') this.deleteUnit(unit.name);
  }

  /** Applies a successful hook's tool writes to the model, and queues the hooks they cause. */
  private commit(ctx: ToolContext): void {
    const model = this.model;
    const unit = model.units[ctx.unit]!;
    const app = model.applications[ctx.app]!;
    const seen = ctx.view.units[ctx.unit]!;
    const seenApp = ctx.view.applications[ctx.app]!;
    unit.status = seen.status;
    unit.ports = seen.ports;
    app.version = seenApp.version;
    if (ctx.leader) {
      app.status = seenApp.status;
      if (!sameBag(app.leaderSettings, seenApp.leaderSettings)) {
        app.leaderSettings = seenApp.leaderSettings;
        for (const other of this.liveUnits(app.name)) if (other !== ctx.unit) this.enqueue({ unit: other, hook: 'leader-settings-changed' });
      }
    }
    for (const relation of model.relations) {
      const written = ctx.view.relations.find((r) => r.id === relation.id);
      if (!written) continue;
      if (!sameBag(relation.units[ctx.unit], written.units[ctx.unit]) && written.units[ctx.unit]) {
        relation.units[ctx.unit] = written.units[ctx.unit]!;
        for (const other of Object.values(model.units)) {
          // A relation on its way out gets departed and broken hooks, nothing more.
          if (relation.dying) break;
          if (other.name === ctx.unit || other.dying || !other.relations[relation.id]?.joined.includes(ctx.unit)) continue;
          const end = localEnd(relation, other.app)!.endpoint;
          this.enqueue({ unit: other.name, hook: `${end}-relation-changed`, relation: relation.id, remoteUnit: ctx.unit, remoteApp: ctx.app });
        }
      }
      if (ctx.leader && !sameBag(relation.apps[ctx.app], written.apps[ctx.app]) && written.apps[ctx.app]) {
        relation.apps[ctx.app] = written.apps[ctx.app]!;
        if (relation.dying) continue;
        const remote = remoteAppOf(relation, ctx.app);
        for (const name of this.liveUnits(remote)) {
          const other = model.units[name]!;
          if (name === ctx.unit || !other.relations[relation.id] || other.relations[relation.id]!.joined.length === 0) continue;
          const end = localEnd(relation, other.app)!.endpoint;
          this.enqueue({ unit: name, hook: `${end}-relation-changed`, relation: relation.id, remoteApp: ctx.app });
        }
      }
    }
  }

  private shownStatus(unit: UnitRecord): StatusValue {
    return unit.error ? { status: 'error', message: `hook failed: "${unit.error.hook}"` } : { ...unit.status };
  }

  private failureText(logs: Array<{ level: LogLevel; message: string }>, output: string, timedOut: boolean): string {
    if (timedOut) return `killed: the hook ran longer than ${this.opts.hookTimeoutMs ?? 120_000} ms`;
    const errors = logs.filter((l) => l.level === 'ERROR' || l.level === 'CRITICAL').map((l) => l.message);
    if (errors.length) return errors.join('\n');
    const lines = output.trimEnd().split('\n').filter(Boolean);
    return lines.slice(-10).join('\n') || 'the hook failed without output';
  }

  private async readFlags(path: string): Promise<string[]> {
    if (!existsSync(path)) return [];
    const state = UnitState.open(path);
    try {
      return state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length));
    } finally {
      await state.close();
    }
  }

  private appendLog(unit: string, level: string, hook: string, message: string): void {
    const lines = message.split('\n');
    const text = `${new Date().toISOString()} ${level} ${hook}: ${lines[0]}\n${lines.slice(1).map((l) => `    ${l}\n`).join('')}`;
    try {
      appendFileSync(join(this.unitDir(unit), 'unit.log'), text);
    } catch {
      // The unit's folder is gone (removed unit): its log goes with it.
    }
  }

  // --------------------------------------------------------- the folder

  private save(): void {
    mkdirSync(this.stateDir, { recursive: true });
    const path = join(this.stateDir, MODEL_FILE);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(this.model, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
  }

  /** The tools folder: a link named after each hook tool to bin/hook-tool. */
  private linkTools(): string {
    try {
      accessSync(HOOK_TOOL, constants.X_OK);
    } catch {
      try {
        chmodSync(HOOK_TOOL, 0o755);
      } catch {
        throw new ModelError(`${HOOK_TOOL} is not executable: the hook tools cannot run (chmod +x it)`);
      }
    }
    const dir = join(this.stateDir, 'tools');
    mkdirSync(dir, { recursive: true });
    for (const tool of HOOK_TOOLS) {
      const link = join(dir, tool);
      let current: string | undefined;
      try {
        current = readlinkSync(link);
      } catch {
        current = undefined;
      }
      if (current === HOOK_TOOL) continue;
      if (current !== undefined || existsSync(link)) rmSync(link, { force: true });
      symlinkSync(HOOK_TOOL, link);
    }
    return dir;
  }

  /** `<state>/agent.sock`, or a short path under the temp dir when that is too long for a Unix socket. */
  private socketPath(): string {
    const path = join(this.stateDir, 'agent.sock');
    if (Buffer.byteLength(path) <= 100) return path;
    return join(tmpdir(), `reactive-sim-${this.model.uuid.slice(0, 8)}-${process.pid}.sock`);
  }

  private lock(): void {
    mkdirSync(this.stateDir, { recursive: true });
    const path = join(this.stateDir, 'lock');
    try {
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new ModelError(`${this.stateDir} is in use by process ${pid} (another run of this model)`);
      }
    } catch (error) {
      if (error instanceof ModelError) throw error;
    }
    writeFileSync(path, String(process.pid));
  }

  private unlock(): void {
    try {
      unlinkSync(join(this.stateDir, 'lock'));
    } catch {
      // Already gone.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
