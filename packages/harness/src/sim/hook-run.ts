// Firing one hook: a process of the charm whose tool calls are answered from a
// copy of the model taken as it starts; exit 0 commits the copy's writes.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { FLAG_PREFIX } from '@reactive/flags';
import { emptySecretsState, UNIT_AGENT_SOCKET_ENV, UnitState, type LogLevel } from '@reactive/hookenv';
import type { CharmInfo } from './charm.js';
import { liveUnits, type AppCharms } from './lookup.js';
import type { ModelStore } from './model-store.js';
import { runHookProcess, type HookProcessResult } from './process.js';
import { commitJujuChanges, jujuEventEnv } from './juju-changes.js';
import { modelJuju } from './juju-version.js';
import { describe, enqueue } from './scheduler.js';
import {
  localEnd,
  relationKey,
  remoteAppOf,
  type AppRecord,
  type Bag,
  type ModelState,
  type QueuedEvent,
  type RelationRecord,
  type UnitRecord,
} from './state.js';
import { shownStatus } from './status.js';
import { placeStorage } from './storage-model.js';
import { handlersInLog, type TimelineEntry } from './timeline.js';
import { runTool, type ActionState, type ToolContext } from './tools.js';
import { deleteUnit, dropRelationIfDone } from './topology.js';
import { unitCharm } from './unit-charm.js';
import type { UnitAgentServer } from './unit-agent.js';

export interface HookRunOptions {
  /** Answers the hooks' tool calls. */
  agent: UnitAgentServer;
  /** The environment every hook starts from (`baseHookEnv`). */
  baseEnv: Record<string, string>;
  /** Extra variables for every hook, applied last. */
  env?: Record<string, string>;
  timeoutMs: number;
}

type LogLine = { level: LogLevel; message: string };

/** One hook being fired, and what it is about. */
interface Firing {
  id: string;
  event: QueuedEvent;
  unit: UnitRecord;
  app: AppRecord;
  charm: CharmInfo;
  relation: RelationRecord | undefined;
  /** Set when this is an action: its parameters, and what its tools record. */
  action?: ActionState;
  /** Its place in its batch (0: first). */
  slot?: number;
}

/** How many secret ids each hook of a batch has to itself. */
const SECRET_IDS_PER_HOOK = 4096;

/** What an action did (`Simulation.runAction`). */
export interface ActionResult {
  unit: string;
  action: string;
  id: string;
  /** `failed` when it called action-fail or exited non-zero. */
  status: 'completed' | 'failed';
  /** Why it failed: action-fail's message, or its exit status. */
  message?: string;
  /** What it set with action-set. */
  results: Record<string, string>;
  /** Its action-log messages. */
  log: string[];
  /** Its stdout and stderr, interleaved. */
  output: string;
  exitCode: number | null;
}

/** Fires queued hooks of a model; each one's outcome is saved with the model and appended to the timeline. */
export class HookRunner {
  constructor(
    private readonly model: ModelState,
    private readonly charms: AppCharms,
    private readonly store: ModelStore,
    private readonly opts: HookRunOptions,
  ) {}

  /**
   * Fires hooks of different units side by side, as Juju's unit agents run
   * them: each reads the model as it starts; once all have ended, each one's
   * writes are committed (exit 0) and what they cause queued, in the order
   * given. Hooks fired together share a `batch` in the timeline.
   */
  async fire(events: QueuedEvent[]): Promise<TimelineEntry[]> {
    const model = this.model;
    const batch = events.length > 1 ? model.hooksRun + 1 : undefined;
    const running = events.map((event, slot) => {
      beforeHook(event, model.units[event.unit]!);
      const firing = { ...this.firing(event), slot };
      return { firing, attempt: (event.attemptCount ?? 0) + 1, done: this.execute(firing, 'hooks') };
    });
    const entries: TimelineEntry[] = [];
    for (const { firing, attempt, done } of running) {
      const { ctx, result, logs, flagsBefore, flagsAfter } = await done;
      this.settle(firing, ctx, result.exitCode === 0, attempt);
      model.hooksRun++;
      const entry = { ...this.entry(firing, ctx, result, attempt, logs, flagsBefore, flagsAfter), ...(batch ? { batch } : {}) };
      this.store.save(model);
      this.store.appendTimeline(entry);
      entries.push(entry);
    }
    return entries;
  }

  /**
   * Runs action `name` on `unit` now, as Juju runs it between hooks: its
   * process gets the action tools; exit 0 commits its other tool writes as a
   * hook's; a failure (exit status or action-fail) leaves the unit as it was.
   */
  async act(unitName: string, name: string, params: Record<string, unknown>): Promise<ActionResult> {
    const firing = this.firing({ seq: -1, unit: unitName, hook: name });
    firing.action = { name, params, results: {}, logs: [] };
    const { ctx, result } = await this.execute(firing, 'actions');
    const action = firing.action;
    const ok = result.exitCode === 0;
    if (ok) commit(this.model, ctx);
    this.store.save(this.model);
    const failure =
      action.failed ?? (ok ? undefined : result.timedOut ? `killed: the action ran longer than ${this.opts.timeoutMs} ms` : `exit status ${result.exitCode}`);
    return {
      unit: unitName,
      action: name,
      id: firing.id,
      status: failure === undefined ? 'completed' : 'failed',
      ...(failure === undefined ? {} : { message: failure }),
      results: { ...action.results },
      log: [...action.logs],
      output: result.output,
      exitCode: result.exitCode,
    };
  }

  /** A queued event about to run, with what it is about. */
  private firing(event: QueuedEvent): Firing {
    const unit = this.model.units[event.unit]!;
    const app = this.model.applications[unit.app]!;
    const relation = event.relation === undefined ? undefined : this.model.relations.find((r) => r.id === event.relation);
    const id = `${unit.name}-${event.hook}-${randomBytes(6).readUIntBE(0, 6)}`;
    mkdirSync(this.store.unitDir(unit.name), { recursive: true });
    placeStorage(this.model, unit.name, this.store.unitDir(unit.name));
    const charm = unitCharm(this.charms.get(app.name), this.store.unitCharmDir(unit.name));
    return { id, event, unit, app, charm, relation };
  }

  /** Runs the hook's (or action's) process with its tool context registered with the agent. */
  private async execute(firing: Firing, kind: 'hooks' | 'actions') {
    const { unit, event, charm } = firing;
    const logs: LogLine[] = [];
    const ctx = this.toolContext(firing, (level, message) => {
      logs.push({ level, message });
      this.appendLog(unit.name, level, event.hook, message);
    });
    this.opts.agent.register(firing.id, (request) => runTool(ctx, request.tool, request.args, request.stdin));
    const statePath = this.store.unitStatePath(unit.name);
    const flagsBefore = await readFlags(statePath);
    let result;
    try {
      result = await runHookProcess({
        charm,
        hook: event.hook,
        kind,
        env: this.hookEnv(firing),
        timeoutMs: this.opts.timeoutMs,
        onOutput: (text) => this.appendLog(unit.name, 'OUTPUT', event.hook, text.replace(/\n$/, '')),
      });
    } finally {
      this.opts.agent.unregister(firing.id);
    }
    return { ctx, result, logs, flagsBefore, flagsAfter: await readFlags(statePath) };
  }

  /** What the hook's tools see and write: a copy of the model as the hook starts. */
  private toolContext({ id, event, unit, app, charm, relation, action, slot }: Firing, log: ToolContext['log']): ToolContext {
    const view = structuredClone(this.model);
    const start = { secrets: structuredClone(this.model.secrets), version: app.version };
    // Hooks side by side make secrets from their own range of ids.
    if (slot) (view.secrets ??= emptySecretsState()).counter += slot * SECRET_IDS_PER_HOOK;
    return {
      start,
      id,
      view,
      unit: unit.name,
      app: app.name,
      hook: event.hook,
      charm,
      config: this.charms.config(app),
      leader: app.leader === unit.name,
      ...(relation ? { relation: view.relations.find((r) => r.id === relation.id)! } : {}),
      ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
      ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
      ...(event.departing ? { departing: event.departing } : {}),
      ...(event.storage ? { storage: event.storage } : {}),
      ...(action ? { action } : {}),
      metrics: [],
      log,
    };
  }

  private hookEnv({ id, event, unit, app, charm, relation, action }: Firing): Record<string, string> {
    const agentPath = this.opts.agent.path;
    return {
      ...this.opts.baseEnv,
      JUJU_CHARM_DIR: charm.dir,
      CHARM_DIR: charm.dir,
      JUJU_UNIT_NAME: unit.name,
      JUJU_MODEL_NAME: this.model.name,
      JUJU_MODEL_UUID: this.model.uuid,
      JUJU_VERSION: modelJuju(this.model).version,
      JUJU_MACHINE_ID: unit.machine,
      ...(action ? { JUJU_ACTION_NAME: action.name, JUJU_ACTION_UUID: id } : { JUJU_HOOK_NAME: event.hook }),
      JUJU_CONTEXT_ID: id,
      JUJU_AGENT_SOCKET_ADDRESS: agentPath,
      JUJU_AGENT_SOCKET_NETWORK: 'unix',
      [UNIT_AGENT_SOCKET_ENV]: agentPath,
      ...(relation
        ? {
            JUJU_RELATION: localEnd(relation, app.name)!.endpoint,
            JUJU_RELATION_ID: relationKey(relation, app.name),
            JUJU_REMOTE_APP: event.remoteApp ?? remoteAppOf(relation, app.name),
          }
        : {}),
      ...(event.remoteUnit ? { JUJU_REMOTE_UNIT: event.remoteUnit } : {}),
      ...(event.departing ? { JUJU_DEPARTING_UNIT: event.departing } : {}),
      ...jujuEventEnv(event, unit),
      ...this.opts.env,
    };
  }

  /** Takes the hook off the queue: committed, or put back to retry with its unit in error. */
  private settle({ event, unit }: Firing, ctx: ToolContext, ok: boolean, attempt: number): void {
    const model = this.model;
    model.queue = model.queue.filter((e) => e.seq !== event.seq);
    if (ok) {
      commit(model, ctx);
      unit.error = undefined;
      afterSuccess(model, event);
    } else {
      const seq = model.nextSeq++;
      unit.error = { seq, hook: event.hook, attempts: (unit.error?.seq === event.seq ? unit.error.attempts : 0) + 1 };
      model.queue.push({ ...event, seq, attemptCount: attempt });
    }
  }

  private entry(
    { event, unit, app, relation }: Firing,
    ctx: ToolContext,
    result: HookProcessResult,
    attempt: number,
    logs: LogLine[],
    flagsBefore: string[],
    flagsAfter: string[],
  ): TimelineEntry {
    const ok = result.exitCode === 0;
    const before = new Set(flagsBefore);
    const after = new Set(flagsAfter);
    const current = this.model.units[unit.name];
    return {
      seq: this.model.hooksRun,
      unit: unit.name,
      ...describe(this.model, event),
      ...(relation ? { relation: relationKey(relation, app.name) } : {}),
      ok,
      exitCode: result.exitCode,
      ...(result.skipped ? { skipped: true } : {}),
      attempt,
      handlers: handlersInLog(logs.filter((l) => l.level === 'INFO').map((l) => l.message)),
      flagsSet: flagsAfter.filter((f) => !before.has(f)),
      flagsCleared: flagsBefore.filter((f) => !after.has(f)),
      status: current ? shownStatus(current) : { status: 'terminated', message: '' },
      durationMs: result.durationMs,
      ...(ok ? {} : { error: failureText(logs, result.output, result.timedOut, this.opts.timeoutMs) }),
      ...(ctx.reboot ? { reboot: ctx.reboot } : {}),
    };
  }

  private appendLog(unit: string, level: string, hook: string, message: string): void {
    const lines = message.split('\n');
    this.store.appendUnitLog(
      unit,
      `${new Date().toISOString()} ${level} ${hook}: ${lines[0]}\n${lines
        .slice(1)
        .map((l) => `    ${l}\n`)
        .join('')}`,
    );
  }
}

/** What changes in the model as a hook starts (whatever its outcome): relation membership. */
function beforeHook(event: QueuedEvent, unit: UnitRecord): void {
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
export function afterSuccess(model: ModelState, event: QueuedEvent): void {
  const unit = model.units[event.unit];
  if (!unit) return;
  if (event.hook === 'start') unit.started = true;
  if (event.hook.endsWith('-relation-broken') && event.relation !== undefined) {
    delete unit.relations[event.relation];
    const relation = model.relations.find((r) => r.id === event.relation);
    if (relation) dropRelationIfDone(model, relation);
  }
  if (event.hook.endsWith('-storage-detaching') && event.storage !== undefined) delete unit.storage?.[event.storage];
  if (event.hook === 'remove') deleteUnit(model, unit.name);
}

/** Applies a successful hook's tool writes to the model, and queues the hooks they cause. */
function commit(model: ModelState, ctx: ToolContext): void {
  const unit = model.units[ctx.unit]!;
  const app = model.applications[ctx.app]!;
  const seen = ctx.view.units[ctx.unit]!;
  const seenApp = ctx.view.applications[ctx.app]!;
  unit.status = seen.status;
  unit.ports = seen.ports;
  if (seenApp.version !== ctx.start?.version) app.version = seenApp.version;
  if (ctx.leader) {
    app.status = seenApp.status;
    if (!sameBag(app.leaderSettings, seenApp.leaderSettings)) {
      app.leaderSettings = seenApp.leaderSettings;
      for (const other of liveUnits(model, app.name)) if (other !== ctx.unit) enqueue(model, { unit: other, hook: 'leader-settings-changed' });
    }
  }
  for (const relation of model.relations) {
    const written = ctx.view.relations.find((r) => r.id === relation.id);
    if (!written) continue;
    commitUnitData(model, ctx, relation, written);
    if (ctx.leader) commitAppData(model, ctx, relation, written);
  }
  commitJujuChanges(model, ctx);
}

/** The writer's unit data: relation-changed on every unit that has seen it join. */
function commitUnitData(model: ModelState, ctx: ToolContext, relation: RelationRecord, written: RelationRecord): void {
  if (sameBag(relation.units[ctx.unit], written.units[ctx.unit]) || !written.units[ctx.unit]) return;
  relation.units[ctx.unit] = written.units[ctx.unit]!;
  // A relation on its way out gets departed and broken hooks, nothing more.
  if (relation.dying) return;
  for (const other of Object.values(model.units)) {
    if (other.name === ctx.unit || other.dying || !other.relations[relation.id]?.joined.includes(ctx.unit)) continue;
    const end = localEnd(relation, other.app)!.endpoint;
    enqueue(model, { unit: other.name, hook: `${end}-relation-changed`, relation: relation.id, remoteUnit: ctx.unit, remoteApp: ctx.app });
  }
}

/** The leader's application data: relation-changed (no remote unit) on every remote unit that has seen a unit join. */
function commitAppData(model: ModelState, ctx: ToolContext, relation: RelationRecord, written: RelationRecord): void {
  if (sameBag(relation.apps[ctx.app], written.apps[ctx.app]) || !written.apps[ctx.app]) return;
  relation.apps[ctx.app] = written.apps[ctx.app]!;
  if (relation.dying) return;
  for (const name of liveUnits(model, remoteAppOf(relation, ctx.app))) {
    const other = model.units[name]!;
    if (name === ctx.unit || !other.relations[relation.id] || other.relations[relation.id]!.joined.length === 0) continue;
    const end = localEnd(relation, other.app)!.endpoint;
    enqueue(model, { unit: name, hook: `${end}-relation-changed`, relation: relation.id, remoteApp: ctx.app });
  }
}

function sameBag(a: Bag | undefined, b: Bag | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((key) => Object.hasOwn(b ?? {}, key) && (a ?? {})[key] === (b ?? {})[key]);
}

/** Why a hook failed: its error log, else the end of its output (a Python traceback whole). */
function failureText(logs: LogLine[], output: string, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `killed: the hook ran longer than ${timeoutMs} ms`;
  const errors = logs.filter((l) => l.level === 'ERROR' || l.level === 'CRITICAL').map((l) => l.message);
  if (errors.length) return errors.join('\n');
  const lines = output.trimEnd().split('\n').filter(Boolean);
  const traceback = lines.lastIndexOf(TRACEBACK);
  const kept = traceback === -1 ? lines.slice(-10) : lines.slice(Math.max(traceback, lines.length - MAX_TRACEBACK_LINES));
  return kept.join('\n') || 'the hook failed without output';
}

/** How a Python traceback starts: a failed hook's error keeps it whole, from there (up to MAX_TRACEBACK_LINES). */
const TRACEBACK = 'Traceback (most recent call last):';
const MAX_TRACEBACK_LINES = 200;

async function readFlags(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const state = UnitState.open(path);
  try {
    return state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length));
  } finally {
    await state.close();
  }
}
