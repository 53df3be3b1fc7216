import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { FlightRecord, NotRun } from '@reactive/bus';
import type { JujuVersionName } from '@reactive/hookenv';
import { buildApplicationCharm, buildCharmLayers, type BuildCharmsOptions } from './build-charms.js';
import { ModelError } from './errors.js';
import { defaultMaxHooks } from './hook-budget.js';
import { HookRunner, type ActionResult } from './hook-run.js';
import { advanceSecretsClock, readDuration } from './juju-clock.js';
import { modelJuju, readJujuSetting } from './juju-version.js';
import { checkActionParams } from './actions.js';
import { AppCharms, findUnit } from './lookup.js';
import { hasModel, MODEL_FILE, ModelStore, readModel } from './model-store.js';
import * as operations from './operations.js';
import { baseHookEnv } from './process.js';
import { writePythonShim } from './python-shim.js';
import { nextEvents, queueJoins, queueUnitStart, RunBounds } from './scheduler.js';
import { checkApplicationName, type ApplicationSpec, type ModelSpec } from './spec.js';
import type { ModelState } from './state.js';
import { flightRecords, modelStatus, notRun, unitFlags, type ModelStatus } from './status.js';
import type { TimelineEntry } from './timeline.js';
import { addApplication, relate } from './topology.js';
import { UnitAgentServer } from './unit-agent.js';
import { unitCharm } from './unit-charm.js';

export type { ApplicationStatus, ModelStatus, RelationStatus, UnitStatus } from './status.js';

export interface SimulationOptions {
  /** The Juju a new model runs, '2.9', '3.6' or '4.0' (default: the model file's `juju`, else 3.6); a saved model keeps its own. */
  juju?: JujuVersionName;
  /** Extra environment variables for every hook (applied last). */
  env?: Record<string, string>;
  /** How many times a failed hook is retried before its unit is left in error (default 2). */
  retries?: number;
  /** A hook running longer is killed and counts as failed (default 120 000 ms). */
  hookTimeoutMs?: number;
  /** Called with each timeline entry as soon as its hook ends (live output). */
  onEntry?: (entry: TimelineEntry) => void;
  /**
   * How charm layers are built: where they find the layers and interfaces they
   * include (kept with the model for later builds), and a listener for each
   * build's progress.
   */
  build?: BuildCharmsOptions;
}

export interface RunOptions {
  /** The most hooks one run may fire (default: twice what the model's deployment takes, at least 500; see `defaultMaxHooks`). */
  maxHooks?: number;
  /**
   * How many units' hooks run side by side, one hook at a time per unit
   * (default: the cores, `os.availableParallelism()`). Each reads the model as
   * its batch began; their writes commit once all have ended, in the order
   * they were picked (queue order, or the seed's), so a run is the same
   * whatever the hooks' timing: a seed and this number replay it.
   */
  parallel?: number;
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
   * one): builds the charm layers into `<stateDir>/charms/`, deploys the
   * applications and relates them, queueing each unit's install,
   * relation-created, leader-elected (or leader-settings-changed),
   * config-changed and start, then each side's relation-joined and
   * relation-changed for every remote unit. Nothing runs until `run()`. A
   * model refused leaves no folder behind (or, in an existing one, no file).
   */
  static async create(spec: ModelSpec, given: string, opts: SimulationOptions = {}): Promise<Simulation> {
    const stateDir = resolve(given);
    if (hasModel(stateDir)) {
      throw new ModelError(`${given} already holds a model (${MODEL_FILE}): load it (Simulation.load), or remove the folder to start afresh`);
    }
    for (const [name, app] of Object.entries(spec.applications)) checkCharmPath(name, app);
    const existed = existsSync(stateDir);
    try {
      return Simulation.deployModel(await buildCharmLayers(spec, stateDir, opts.build), stateDir, opts);
    } catch (error) {
      rmSync(existed ? join(stateDir, 'charms') : stateDir, { recursive: true, force: true });
      throw error;
    }
  }

  private static deployModel(spec: ModelSpec, stateDir: string, opts: SimulationOptions): Simulation {
    const seed = spec.seed ?? null;
    const juju = opts.juju ?? spec.juju;
    const model: ModelState = {
      format: 1,
      name: spec.name ?? 'sim',
      ...(juju !== undefined ? { juju: readJujuSetting(juju, 'juju') } : {}),
      uuid: randomUUID(),
      created: new Date().toISOString(),
      seed,
      rng: seed ?? 0,
      nextRelation: 0,
      nextMachine: 0,
      nextSeq: 0,
      hooksRun: 0,
      ...(opts.build?.layerPath || opts.build?.interfacePath ? { build: buildPaths(opts.build) } : {}),
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
  static async open(spec: ModelSpec, stateDir: string, opts: SimulationOptions = {}): Promise<Simulation> {
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

  /**
   * Deploys an application (its units' install ... start are queued); a charm
   * layer is built first, into `<stateDir>/charms/<name>` (its layer and
   * interface paths: the model's and `build`'s, which the model keeps for
   * `rebuild()`). Refused (with the
   * model and its folder unchanged) for a name in use or a missing charm.
   */
  async deploy(name: string, app: ApplicationSpec, build: BuildCharmsOptions = {}): Promise<string[]> {
    this.mutable();
    checkApplicationName(name, 'deploy');
    if (this.model.applications[name]) throw new ModelError(`application "${name}" is already deployed`);
    checkCharmPath(name, app);
    const charms = join(this.stateDir, 'charms');
    const hadCharms = existsSync(charms);
    try {
      const spec: ModelSpec = { applications: { [name]: app }, relations: [] };
      const paths = joinPaths(this.model.build ?? {}, build);
      const built = (await buildCharmLayers(spec, this.stateDir, { ...this.buildOptions(), ...paths })).applications[name]!;
      const units = operations.deploy(this.model, this.charms, name, built);
      if (built.source && (paths.layerPath || paths.interfacePath)) this.model.build = paths;
      this.save();
      return units;
    } catch (error) {
      rmSync(hadCharms ? join(charms, name) : charms, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Builds again the applications' charm layers (from the `source` they were
   * deployed from), so that the next hooks run the charm as it is now: after a
   * fix, `rebuild()` then `resolve()` retries the failed hook with it. Each
   * unit's charm folder gets the new files, keeping those the unit wrote.
   */
  async rebuild(): Promise<void> {
    this.mutable();
    for (const app of Object.values(this.model.applications)) {
      if (app.source) await buildApplicationCharm(app.name, app.source, app.charm, this.buildOptions());
    }
    this.charms.reload();
    for (const unit of Object.values(this.model.units)) {
      const dir = this.store.unitCharmDir(unit.name);
      if (existsSync(dir)) unitCharm(this.charms.get(unit.app), dir, true);
    }
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

  /**
   * The model's clock moves on by `duration` (`25h`, `90m`, `7d`, or
   * milliseconds): secret-rotate for each secret due to rotate, and
   * secret-expired for each revision whose expiry has come, queued on the
   * owner (a unit, or its application's leader). A bad duration is one line.
   */
  advanceTime(duration: string | number): void {
    this.mutable();
    advanceSecretsClock(this.model, readDuration(duration));
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
   * Fires queued hooks until none is left (quiescence), or only units in
   * error hold some: the hooks of up to `parallel` units side by side, one
   * hook at a time per unit (see `RunOptions.parallel`). Bounded: a run that exceeds `maxHooks` hooks, or
   * fires one hook on one unit about one thing more than `maxRepeats` times,
   * stops with a NotQuiescentError naming what kept firing (the model is
   * saved: run again to continue).
   */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const bounds = new RunBounds(this.model, opts.maxHooks ?? defaultMaxHooks(this.model), opts.maxRepeats ?? 30);
    const timeline: TimelineEntry[] = [];
    const parallel = readParallel(opts.parallel);
    await this.withHookRunner(async (hooks) => {
      for (;;) {
        const events = nextEvents(this.model, this.opts.retries ?? 2, parallel);
        if (events.length === 0) break;
        events.forEach((event, i) => bounds.admit(event, timeline, i));
        for (const entry of await hooks.fire(events)) {
          timeline.push(entry);
          this.opts.onEntry?.(entry);
        }
      }
    });
    const errors = Object.values(this.model.units)
      .filter((u) => u.error)
      .map((u) => ({ unit: u.name, hook: u.error!.hook, attempts: u.error!.attempts }));
    return { timeline, quiesced: this.model.queue.length === 0, errors, pending: this.model.queue.length };
  }

  /**
   * Runs action `name` of the unit's charm now, between hooks (`juju run
   * unit action key=value`): its parameters are checked against the charm's
   * actions.yaml (with its defaults filled in); the action's process has
   * action-get, action-set, action-fail and action-log. What its other tools
   * write is committed when it exits 0, and queues hooks as a hook's writes
   * do (`run()` fires them). Refused, with nothing run, for an unknown unit or
   * action or parameters the action does not take.
   */
  async runAction(unit: string, name: string, params: Record<string, unknown> = {}): Promise<ActionResult> {
    this.mutable();
    const record = findUnit(this.model, unit);
    const checked = checkActionParams(this.charms.get(record.app).actions, name, params, `unit ${unit}`);
    return this.withHookRunner((hooks) => hooks.act(unit, name, checked));
  }

  /** Locks the folder and starts the unit agent for `work`; saves the model after it. */
  private async withHookRunner<T>(work: (hooks: HookRunner) => Promise<T>): Promise<T> {
    this.mutable();
    this.store.lock();
    this.running = true;
    let agent: UnitAgentServer | undefined;
    try {
      const baseEnv = baseHookEnv(this.store.linkTools(modelJuju(this.model).hookCommands));
      Object.assign(baseEnv, writePythonShim(join(this.stateDir, 'juju'), baseEnv));
      agent = await UnitAgentServer.listen(this.store.socketPath(this.model.uuid));
      return await work(
        new HookRunner(this.model, this.charms, this.store, {
          agent,
          baseEnv,
          env: this.opts.env,
          timeoutMs: this.opts.hookTimeoutMs ?? 120_000,
        }),
      );
    } finally {
      await agent?.close();
      this.store.unlock();
      this.running = false;
      this.save();
    }
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
    findUnit(this.model, unit);
    return this.store.readUnitLog(unit);
  }

  /** The folder of a unit's state (`units/<app>-<n>`); a ModelError for a unit not in the model. */
  unitDir(unit: string): string {
    findUnit(this.model, unit);
    return this.store.unitDir(unit);
  }

  /** The unit's state database (`.unit-state.lmdb` in its charm folder: what `reactive history --unit` reads); a ModelError for a unit not in the model. */
  unitStatePath(unit: string): string {
    findUnit(this.model, unit);
    return this.store.unitStatePath(unit);
  }

  /** Nothing stays open between runs; kept for symmetry and future use. */
  async close(): Promise<void> {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish');
  }

  /** The build options: this simulation's, with the model's layer and interface paths by default. */
  private buildOptions(): BuildCharmsOptions {
    return { ...this.model.build, ...this.opts.build };
  }

  private mutable(): void {
    if (this.running) throw new ModelError('the simulation is running: wait for run() to finish before changing the model');
  }

  private save(): void {
    this.store.save(this.model);
  }
}

/** Both sets of layer and interface paths, `a`'s first. */
function joinPaths(a: BuildCharmsOptions, b: BuildCharmsOptions): NonNullable<ModelState['build']> {
  const join = (x: string[] = [], y: string[] = []): string[] | undefined => (x.length + y.length ? [...new Set([...x, ...y])] : undefined);
  return buildPaths({ layerPath: join(a.layerPath, b.layerPath), interfacePath: join(a.interfacePath, b.interfacePath) });
}

/** The layer and interface paths of `build`, to keep with the model. */
function buildPaths(build: BuildCharmsOptions): NonNullable<ModelState['build']> {
  return { ...(build.layerPath ? { layerPath: build.layerPath } : {}), ...(build.interfacePath ? { interfacePath: build.interfacePath } : {}) };
}

/** Refuses a charm path that is not a directory, before anything is built (loadCharm says the same of a built one). */
function checkCharmPath(name: string, app: ApplicationSpec): void {
  const path = app.source ?? app.charm;
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ModelError(
      `application "${name}": no charm at ${app.charmSpelled ?? path}${app.charmSpelled && app.charmSpelled !== path ? ` (${path})` : ''}: no such directory`,
    );
  }
  if (!isDir) throw new ModelError(`application "${name}": the charm path ${app.charmSpelled ?? path} is not a directory`);
}

/** `parallel` checked: a whole number from 1 (default: the cores). */
function readParallel(parallel: number | undefined): number {
  if (parallel === undefined) return availableParallelism();
  if (!Number.isInteger(parallel) || parallel < 1) throw new ModelError(`run: parallel must be a whole number from 1, got ${parallel}`);
  return parallel;
}
