import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_JUJU_VERSION, jujuVersion, type JujuVersion, type JujuVersionName } from '@reactive/hookenv';
import { Harness, type RunHookOptions, type RunOptions } from './harness.js';
import { buildRunnableCharm, needsBuild } from './sim/build-charms.js';
import { loadCharm } from './sim/charm.js';
import { charmStorage } from './sim/storage-model.js';
import { checkState, stateUnit, type StateCharm } from './state-consistency.js';
import { loadState, readState, stateConfig } from './state-transfer.js';
import type { HookEvent, State, StateRun } from './state-types.js';

export interface StateContextOptions {
  /** For a charm layer: where its `layer:` and `interface:` includes are (default $LAYER_PATH, $INTERFACE_PATH). */
  layerPath?: string[];
  interfacePath?: string[];
  /** The Juju the unit runs under: '2.9', '3.6' (the default) or '4.0'. */
  juju?: JujuVersionName;
}

/**
 * State-in/state-out hook tests, as ops.testing's `Context`: `run(event,
 * state)` runs one hook of the charm through the real framework on a unit in
 * `state`, and resolves with the unit's state after it, as plain values. The
 * state and hook are checked first against the charm and Juju's rules
 * ({@link InconsistentStateError}); `state` is never changed.
 */
export class StateContext {
  readonly charmDir: string;
  readonly juju: JujuVersion;
  private readonly opts: StateContextOptions;
  private readonly dir: string;
  private charm: Promise<{ dir: string; info: StateCharm }> | undefined;

  /** `charmDir` is a built charm, or a charm layer, built once on the first run. */
  constructor(charmDir: string, opts: StateContextOptions = {}) {
    this.charmDir = charmDir;
    this.opts = opts;
    this.juju = jujuVersion(opts.juju ?? DEFAULT_JUJU_VERSION);
    this.dir = mkdtempSync(join(tmpdir(), 'reactive-state-'));
  }

  /** Runs `event.hook` on a unit in `state`; rejects with a HookFailedError when it fails, unless `expectFailure`. */
  async run(event: HookEvent, state: State, opts: RunOptions = {}): Promise<StateRun> {
    const charm = await this.built();
    checkState(charm.info, event, state, this.juju);
    const given = structuredClone(state);
    const harness = new Harness(charm.dir, {
      unit: stateUnit(charm.info, given),
      leader: given.leader ?? false,
      config: stateConfig(charm.info, given.config),
      juju: this.juju.name,
    });
    try {
      await loadState(harness, charm.info, given, Date.now());
      const before = readState(harness);
      if (event.hook.endsWith('-relation-departed')) harness.removeRemoteUnit(event.relation!, event.remoteUnit!);
      if (event.hook.endsWith('-relation-broken')) harness.removeRelation(event.relation!);
      const result = await harness.runHook(event.hook, { ...hookOptions(event, given, harness), expectFailure: opts.expectFailure ?? false });
      return {
        state: result.ok ? readState(harness) : before,
        ok: result.ok,
        ...(result.error ? { error: result.error } : {}),
        handlers: result.handlers,
        logs: result.logs,
        output: result.output,
        flight: harness.lastHook()!,
      };
    } finally {
      harness.cleanUp();
    }
  }

  /** Removes the charm built for the runs. */
  cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private built(): Promise<{ dir: string; info: StateCharm }> {
    this.charm ??= (async () => {
      const dir = needsBuild(this.charmDir)
        ? await buildRunnableCharm(this.charmDir, join(this.dir, 'charm'), {
            ...(this.opts.layerPath ? { layerPath: this.opts.layerPath } : {}),
            ...(this.opts.interfacePath ? { interfacePath: this.opts.interfacePath } : {}),
          })
        : this.charmDir;
      const info = loadCharm(dir, `charm ${this.charmDir}`, this.charmDir);
      return { dir, info: { name: info.name, endpoints: info.endpoints, options: info.options, storage: charmStorage(dir) } };
    })();
    return this.charm;
  }
}

/** What the Harness's runHook takes for the event: the relation, the secret's label and revision, the storage's place. */
function hookOptions(event: HookEvent, state: State, harness: Harness): RunHookOptions {
  const secret = event.secret === undefined ? undefined : state.secrets!.find((s) => s.id === event.secret)!;
  const storage = event.storage === undefined ? undefined : harness.tools.storage[event.storage]!;
  return {
    ...(event.relation !== undefined ? { relationId: event.relation } : {}),
    ...(event.remoteUnit !== undefined ? { remoteUnit: event.remoteUnit } : {}),
    ...(secret
      ? {
          secret: {
            id: event.secret!,
            ...(secret.label !== undefined ? { label: secret.label } : {}),
            ...(event.revision !== undefined ? { revision: event.revision } : {}),
          },
        }
      : {}),
    ...(storage ? { storage: { id: event.storage!, kind: storage.kind, location: storage.location } } : {}),
    ...(event.targetBase !== undefined ? { targetBase: event.targetBase } : {}),
  };
}
