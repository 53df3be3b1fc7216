import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchStats, readCharmYAML, readFlightRecords, setExternalHandlerOutput, type FlightRecord } from '@reactive/bus';
import { FLAG_PREFIX } from '@reactive/flags';
import {
  DEFAULT_JUJU_VERSION,
  hasHookCommand,
  HOOK_VARIABLES,
  jujuVersion,
  MemoryHookTools,
  resetHookContext,
  setHookTools,
  setUnitState,
  UNIT_AGENT_SOCKET_ENV,
  UnitState,
  type JujuVersion,
  type JujuVersionName,
  type LogLevel,
  type Status,
} from '@reactive/hookenv';
import { isCharmLayer, runHook as runLayerHook } from '@reactive/layer-basic';
import { HookFailedError } from './hook-failed-error.js';
import { jujuHookEnv, missingCommand, versionedTools, type JujuHookOptions } from './juju-hook-env.js';
import { runMemoryTool } from './memory-agent.js';
import { UnitAgentServer } from './sim/unit-agent.js';
import { buildRunnableCharm } from './sim/build-charms.js';
import { HOOK_TOOLS } from './sim/tools.js';

/** What one hook (or action) run did. */
export interface HookResult {
  hook: string;
  /** Whether the hook succeeded (exit code 0). */
  ok: boolean;
  /** Why it failed. */
  error?: HookFailedError;
  /** Ids of the handlers invoked, in order. */
  handlers: string[];
  /** The flags set after the hook (as committed). */
  flags: string[];
  /** The log lines written during the hook. */
  logs: Array<{ level: LogLevel; message: string }>;
  /** What the charm's external (bash) handlers printed, in order: their stderr, and their stdout when invoked. */
  output: string;
}

export interface HarnessOptions {
  /** The unit to be, `app/N` (default `unit/0`). */
  unit?: string;
  /** For a charm layer (source): where its `layer:` and `interface:` includes are (default $LAYER_PATH, $INTERFACE_PATH). */
  layerPath?: string[];
  interfacePath?: string[];
  leader?: boolean;
  config?: Record<string, unknown>;
  /**
   * The Juju the unit runs under (default 3.6): it decides JUJU_VERSION, and
   * a hook or hook command that Juju lacks is refused in one line.
   */
  juju?: JujuVersionName;
}

export interface RelationHookOptions {
  relationId: string;
  /** The remote unit the hook is about (none for app-level changes and broken hooks). */
  remoteUnit?: string;
}

export interface RunOptions {
  /**
   * For a test of a failure: resolve with the failed run's result (`ok:
   * false`, its `error`, logs and flags) instead of rejecting, and reject
   * when the run succeeds.
   */
  expectFailure?: boolean;
}

/** `runHook`'s options: a relation hook's relation and remote unit, a secret or storage hook's secret or storage, pre-series-upgrade's target, and `expectFailure`. */
export type RunHookOptions = Partial<RelationHookOptions> & JujuHookOptions & RunOptions;

const HOOK_TOOL = fileURLToPath(new URL('../bin/hook-tool.mjs', import.meta.url));
const AGENT_CONTEXT = 'harness';

/**
 * Runs a charm's hooks in this process, through the real framework
 * (layer:basic's hook, then main()), against a model of one unit: config,
 * leadership, relations with remote units and their data. Every run starts from
 * the unit state the last one committed, as on a real unit, and re-imports the
 * charm's handler modules. Made for vitest (or any test runner).
 */
export class Harness {
  readonly charmDir: string;
  readonly tools: MemoryHookTools;
  readonly stateDir: string;
  /** The Juju the unit runs under. */
  readonly juju: JujuVersion;
  private readonly runs: HookResult[] = [];
  private readonly opts: HarnessOptions;
  private built: Promise<string> | undefined;
  private agent: Promise<UnitAgentServer> | undefined;

  /** `charmDir` is a built charm, or a charm layer (with a layer.yaml), built on the first run. */
  constructor(charmDir: string, opts: HarnessOptions = {}) {
    this.charmDir = charmDir;
    this.opts = opts;
    this.juju = jujuVersion(opts.juju ?? DEFAULT_JUJU_VERSION);
    this.tools = new MemoryHookTools({ unit: opts.unit ?? 'unit/0', leader: opts.leader ?? true, config: opts.config ?? {} });
    this.stateDir = mkdtempSync(join(tmpdir(), 'reactive-harness-'));
  }

  get unit(): string {
    return this.tools.unit;
  }

  /** Replaces config values (the next hook sees them; run `config-changed` as Juju would). */
  updateConfig(values: Record<string, unknown>): void {
    Object.assign(this.tools.config, values);
  }

  setLeader(leader: boolean): void {
    this.tools.leader = leader;
  }

  /** Relates `endpoint` to `remoteApp`; returns the relation id. */
  addRelation(endpoint: string, remoteApp: string, init: { units?: Record<string, Record<string, string>>; appData?: Record<string, string> } = {}): string {
    return this.tools.addRelation(endpoint, remoteApp, init);
  }

  addRemoteUnit(relationId: string, unit: string, data: Record<string, string> = {}): void {
    this.tools.addRemoteUnit(relationId, unit, data);
  }

  /** Replaces what a remote unit (or, with its app name, the remote application) published. */
  setRemoteData(relationId: string, unitOrApp: string, data: Record<string, string>): void {
    const relation = this.tools.relation(relationId);
    if (unitOrApp === relation.remoteApp) relation.remoteAppData = { ...data };
    else relation.units[unitOrApp] = { ...data };
  }

  /** The unit leaves the relation; its data stays readable in the departed hook run for it next. */
  removeRemoteUnit(relationId: string, unit: string): void {
    this.tools.removeRemoteUnit(relationId, unit);
  }

  /**
   * The relation goes, as `juju remove-relation` ends it once its departed
   * hooks ran (run them first, after `removeRemoteUnit`): hooks no longer see
   * it, except its broken hook, run next with its id, where relation-ids still
   * lists it and relation-list is empty.
   */
  removeRelation(relationId: string): void {
    this.tools.removeRelation(relationId);
  }

  /** What this unit published on a relation (its unit databag). */
  published(relationId: string): Record<string, string> {
    return { ...this.tools.relation(relationId).localUnitData };
  }

  /** What this application published on a relation (leader only). */
  publishedApp(relationId: string): Record<string, string> {
    return { ...this.tools.relation(relationId).localAppData };
  }

  get status(): Status {
    return this.tools.status;
  }

  get logs(): MemoryHookTools['logs'] {
    return this.tools.logs;
  }

  /** Every run so far. */
  get history(): readonly HookResult[] {
    return this.runs;
  }

  /**
   * Runs a hook; relation hooks take the relation and the remote unit, secret
   * hooks the secret, storage hooks the storage instance. A hook the Juju
   * version does not have is refused (TypeError, one line). Rejects
   * with a HookFailedError (the hook, the handler that raised, its error) when
   * the hook fails, unless `expectFailure`.
   */
  async runHook(hook: string, opts: RunHookOptions = {}): Promise<HookResult> {
    const env: Record<string, string> = { JUJU_HOOK_NAME: hook, ...jujuHookEnv(this.juju, hook, opts) };
    if (opts.remoteUnit !== undefined && opts.relationId === undefined)
      throw new TypeError(`runHook('${hook}'): remoteUnit needs the relationId of its relation`);
    const removed = opts.relationId === undefined ? undefined : this.tools.removedRelation(opts.relationId);
    if (removed && hook !== `${removed.endpoint}-relation-broken`)
      throw new TypeError(`runHook('${hook}'): relation ${removed.id} was removed: only its ${removed.endpoint}-relation-broken hook runs`);
    if (opts.relationId !== undefined) {
      const model = removed ?? this.tools.relation(opts.relationId);
      Object.assign(env, { JUJU_RELATION: model.endpoint, JUJU_RELATION_ID: opts.relationId, JUJU_REMOTE_APP: model.remoteApp });
      if (opts.remoteUnit) env.JUJU_REMOTE_UNIT = opts.remoteUnit;
      if (opts.remoteUnit && hook.endsWith('-relation-departed')) env.JUJU_DEPARTING_UNIT = opts.remoteUnit;
    }
    const result = await this.run(hook, env);
    if (removed && result.ok) this.tools.forgetRelation(removed.id);
    return settle(result, opts);
  }

  /** Runs an action with its parameters; results are in `tools.actionResults`. Rejects as `runHook` does. */
  async runAction(action: string, params: Record<string, unknown> = {}, opts: RunOptions = {}): Promise<HookResult> {
    this.tools.actionParams = structuredClone(params);
    this.tools.actionResults = {};
    this.tools.actionFailure = undefined;
    return settle(await this.run(action, { JUJU_ACTION_NAME: action, JUJU_DISPATCH_PATH: `actions/${action}` }), opts);
  }

  /** The committed flags. */
  flags(): string[] {
    return this.withState((state) => state.keys(FLAG_PREFIX).map((key) => key.slice(FLAG_PREFIX.length)));
  }

  /** The flight records the unit keeps, oldest first (what `reactive history` lists). */
  flightRecords(): FlightRecord[] {
    return this.withState((state) => readFlightRecords(state));
  }

  /** The flight record of the last hook run: what ran, what changed, and why the other handlers did not run. */
  lastHook(): FlightRecord | undefined {
    return this.flightRecords().at(-1);
  }

  /** The committed unit state under `prefix`. */
  state(prefix = ''): Record<string, unknown> {
    return this.withState((state) => state.getRange(prefix));
  }

  /** Stops the harness's unit agent and removes its unit state. */
  cleanUp(): void {
    void this.agent?.then((agent) => agent.close());
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /**
   * The unit agent the hook's processes (bash handlers, the charms.reactive
   * CLI) reach through the hook tools on PATH: it answers from this harness's
   * in-memory unit, as the handlers in this process see it.
   */
  private unitAgent(): Promise<UnitAgentServer> {
    this.agent ??= (async () => {
      const tools = join(this.stateDir, 'tools');
      mkdirSync(tools, { recursive: true });
      for (const tool of HOOK_TOOLS.filter((name) => hasHookCommand(this.juju, name))) symlinkSync(HOOK_TOOL, join(tools, tool));
      const agent = await UnitAgentServer.listen(join(this.stateDir, 'agent.sock'));
      agent.register(AGENT_CONTEXT, (request) =>
        hasHookCommand(this.juju, request.tool)
          ? runMemoryTool(this.tools, request)
          : Promise.resolve({ code: 1, stdout: '', stderr: `ERROR ${missingCommand(request.tool, this.juju).message}\n` }),
      );
      return agent;
    })();
    return this.agent;
  }

  /** The unit state file of the harness's unit (for `reactive flags --state`, `reactive why --state`). */
  get unitStatePath(): string {
    return join(this.stateDir, 'unit-state.lmdb');
  }

  private withState<T>(read: (state: UnitState) => T): T {
    const state = UnitState.open(this.unitStatePath);
    try {
      return read(state);
    } finally {
      void state.close();
    }
  }

  /**
   * The charm to run: `charmDir` itself when built; a charm layer is built
   * once into the harness's folder, its node_modules linked to the ones this
   * harness uses, so the charm and the test share one copy of the packages.
   */
  private runnableCharm(): Promise<string> {
    if (!isCharmLayer(this.charmDir)) return Promise.resolve(this.charmDir);
    this.built ??= buildRunnableCharm(this.charmDir, join(this.stateDir, 'charm'), {
      ...(this.opts.layerPath ? { layerPath: this.opts.layerPath } : {}),
      ...(this.opts.interfacePath ? { interfacePath: this.opts.interfacePath } : {}),
    });
    return this.built;
  }

  /** Juju's config: every option of config.yaml, its default where the model sets no value (null without one). */
  private fillConfigDefaults(charm: string): void {
    const options = (readCharmYAML(join(charm, 'config.yaml')) as { options?: Record<string, { default?: unknown }> } | undefined)?.options ?? {};
    for (const [name, spec] of Object.entries(options)) {
      if (!Object.hasOwn(this.tools.config, name)) this.tools.config[name] = spec?.default ?? null;
    }
  }

  private async run(hook: string, env: Record<string, string>): Promise<HookResult> {
    const charm = await this.runnableCharm();
    this.fillConfigDefaults(charm);
    const agent = await this.unitAgent();
    const saved = { ...process.env };
    for (const name of HOOK_VARIABLES) delete process.env[name];
    Object.assign(
      process.env,
      {
        JUJU_CHARM_DIR: charm,
        CHARM_DIR: charm,
        JUJU_UNIT_NAME: this.unit,
        JUJU_VERSION: this.juju.version,
        UNIT_STATE_DB: this.unitStatePath,
        [UNIT_AGENT_SOCKET_ENV]: agent.path,
        JUJU_CONTEXT_ID: AGENT_CONTEXT,
        PATH: `${join(this.stateDir, 'tools')}:${join(charm, 'node_modules', '@reactive', 'cli', 'bin')}:${saved.PATH ?? ''}`,
      },
      env,
    );
    const logsBefore = this.tools.logs.length;
    const rollback = this.tools.checkpoint();
    resetHookContext();
    setHookTools(versionedTools(this.tools, this.juju));
    const state = UnitState.open(this.unitStatePath);
    setUnitState(state);
    const outputFile = join(this.stateDir, 'handler-output');
    const outputFd = openSync(outputFile, 'w');
    setExternalHandlerOutput(outputFd);
    let code = 1;
    let thrown: unknown;
    try {
      code = await runLayerHook({ reload: true });
    } catch (caught) {
      thrown = caught;
    } finally {
      await state.close();
      setUnitState(undefined);
      setHookTools(undefined);
      setExternalHandlerOutput(undefined);
      closeSync(outputFd);
      process.env = saved;
    }
    const logs = this.tools.logs.slice(logsBefore);
    const run = { hook, ok: code === 0, handlers: dispatchStats().invoked, flags: this.flags(), logs, output: readFileSync(outputFile, 'utf8') };
    if (!run.ok) rollback();
    const result = run.ok ? run : new HookFailedError(run, thrown).result;
    this.runs.push(result);
    return result;
  }
}

/** The run's result, or its rejection: a failure unless expected, a success when a failure was. */
function settle(result: HookResult, opts: RunOptions): HookResult {
  if (result.error && !opts.expectFailure) throw result.error;
  if (!result.error && opts.expectFailure) throw new Error(`${result.hook} succeeded, and the test expected it to fail ({ expectFailure: true })`);
  return result;
}
