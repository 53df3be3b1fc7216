import { randomUUID } from 'node:crypto';
import type { FlightRecord, NotRun } from '@reactive/bus';
import { ModelError } from './errors.js';
import { HookRunner } from './hook-run.js';
import { AppCharms } from './lookup.js';
import { hasModel, MODEL_FILE, ModelStore, readModel } from './model-store.js';
import * as operations from './operations.js';
import { baseHookEnv } from './process.js';
import { nextEvent, queueJoins, queueUnitStart, RunBounds } from './scheduler.js';
import type { ApplicationSpec, ModelSpec } from './spec.js';
import type { ModelState } from './state.js';
import { flightRecords, modelStatus, notRun, unitFlags, type ModelStatus } from './status.js';
import type { TimelineEntry } from './timeline.js';
import { addApplication, relate } from './topology.js';
import { UnitAgentServer } from './unit-agent.js';

export type { ApplicationStatus, ModelStatus, RelationStatus, UnitStatus } from './status.js';

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
  private readonly store: ModelStore;
  private readonly model: ModelState;
  private readonly charms: AppCharms;
  private readonly opts: SimulationOptions;
  private running = false;

  private constructor(stateDir: string, model: ModelState, opts: SimulationOptions) {
    this.store = new ModelStore(stateDir);
    this.stateDir = this.store.dir;
    this.model = model;
    this.charms = new AppCharms(model);
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
    if (hasModel(stateDir)) {
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
    for (const [name, app] of Object.entries(spec.applications)) addApplication(model, sim.charms, name, app);
    for (const [a, b] of spec.relations) relate(model, sim.charms, a, b);
    for (const unit of Object.keys(model.units)) queueUnitStart(model, unit);
    for (const relation of [...model.relations].sort((x, y) => x.id - y.id)) queueJoins(model, relation);
    sim.save();
    return sim;
  }

  /** The model saved in `stateDir`. */
  static load(stateDir: string, opts: SimulationOptions = {}): Simulation {
    return new Simulation(stateDir, readModel(stateDir), opts);
  }

  /** The model in `stateDir` if there is one, else a new one from `spec`. */
  static open(spec: ModelSpec, stateDir: string, opts: SimulationOptions = {}): Simulation {
    return hasModel(stateDir) ? Simulation.load(stateDir, opts) : Simulation.create(spec, stateDir, opts);
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
    const units = operations.deploy(this.model, this.charms, name, app);
    this.save();
    return units;
  }

  /** Adds units to an application; returns their names. */
  addUnit(app: string, count = 1): string[] {
    this.mutable();
    const added = operations.addUnit(this.model, app, count);
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
    if (operations.removeUnit(this.model, name)) this.save();
  }

  /**
   * Sets config values (`null` resets an option to its default). Strings are
   * converted to the option's type (for `--set app.port=8080`). Queues
   * config-changed on every unit when the config changed.
   */
  setConfig(app: string, values: Record<string, unknown>): void {
    this.mutable();
    operations.setConfig(this.model, this.charms, app, values);
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
    const id = operations.addRelation(this.model, this.charms, a, b);
    this.save();
    return id;
  }

  /**
   * Removes a relation, given by its two ends (`app:endpoint` or `app`), one
   * end when that endpoint has one relation, or an id (`db:0`): every unit gets
   * relation-departed for each remote unit it saw, then relation-broken.
   */
  removeRelation(a: string, b?: string): void {
    this.mutable();
    operations.removeRelation(this.model, a, b);
    this.save();
  }

  /** Queues update-status on the given units (default: every unit). */
  updateStatus(units?: string[]): void {
    this.mutable();
    operations.updateStatus(this.model, units);
    this.save();
  }

  /**
   * `juju resolved`: a unit in error retries its failed hook on the next run
   * (with a fresh budget of retries), or with `retry: false` skips it.
   */
  resolve(name: string, opts: { retry?: boolean } = {}): void {
    this.mutable();
    operations.resolve(this.model, name, opts.retry ?? true);
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
    const bounds = new RunBounds(this.model, opts.maxHooks ?? 500, opts.maxRepeats ?? 30);
    const timeline: TimelineEntry[] = [];
    this.store.lock();
    this.running = true;
    let agent: UnitAgentServer | undefined;
    try {
      const toolsDir = this.store.linkTools();
      agent = await UnitAgentServer.listen(this.store.socketPath(this.model.uuid));
      const hooks = new HookRunner(this.model, this.charms, this.store, {
        agent,
        baseEnv: baseHookEnv(toolsDir),
        env: this.opts.env,
        timeoutMs: this.opts.hookTimeoutMs ?? 120_000,
      });
      for (;;) {
        const event = nextEvent(this.model, this.opts.retries ?? 2);
        if (!event) break;
        bounds.admit(event, timeline);
        const entry = await hooks.fire(event);
        timeline.push(entry);
        this.opts.onEntry?.(entry);
      }
    } finally {
      await agent?.close();
      this.store.unlock();
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
    return modelStatus(this.model, this.charms, this.store);
  }

  /** The committed flags of a unit. */
  flags(unit: string): string[] {
    return unitFlags(this.store, unit);
  }

  /** Every hook fired in this state folder, over all runs; with a unit, that unit's flight records (what `reactive history` lists). */
  history(): TimelineEntry[];
  history(unit: string): FlightRecord[];
  history(unit?: string): TimelineEntry[] | FlightRecord[] {
    return unit === undefined ? this.store.readTimeline() : flightRecords(this.model, this.store, unit);
  }

  /** The flight record of a unit's last hook. */
  lastHook(unit: string): FlightRecord | undefined {
    return flightRecords(this.model, this.store, unit).at(-1);
  }

  /** The handlers a unit's last hook did not run, each with why (undefined before its first hook). */
  notRun(unit: string): { record: FlightRecord; handlers: NotRun[] } | undefined {
    return notRun(this.model, this.store, unit);
  }

  /** A unit's log: its juju-log lines and its hooks' output. */
  log(unit: string): string {
    return this.store.readUnitLog(unit);
  }

  /** The folder of a unit's state (`units/<app>-<n>`). */
  unitDir(unit: string): string {
    return this.store.unitDir(unit);
  }

  /** The unit's state database (UNIT_STATE_DB of its hooks). */
  unitStatePath(unit: string): string {
    return this.store.unitStatePath(unit);
  }

  /** Nothing stays open between runs; kept for symmetry and future use. */
  async close(): Promise<void> {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish');
  }

  private mutable(): void {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish before changing the model');
  }

  private save(): void {
    this.store.save(this.model);
  }
}
