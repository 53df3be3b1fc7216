import { clearTriggers, getFlags } from '@reactive/flags';
import {
  atStart,
  charmDir,
  discardPublications,
  hookName,
  loadConfig,
  republishPublished,
  runAtExit,
  runAtStart,
  sendPublications,
  unitState,
  type UnitState,
} from '@reactive/hookenv';
import { forgetEndpointActions } from './decorators.js';
import { discover, DiscoveryError } from './discover.js';
import { dispatch, HandlerError, traceView } from './dispatch.js';
import { flagWatch } from './flag-watch.js';
import { addFlightRecord } from './flight-record.js';
import { flightRecorder } from './flight-recorder.js';
import { stopHandlerAgent } from './handler-agent.js';
import { forgetSources } from './function-line.js';
import { Handler, resetStats } from './handler.js';
import { hookLog } from './hook-log.js';
import { manageSeriesUpgradeFlag } from './series-upgrade.js';
import { mapStack } from './source-map.js';
import { tracer } from './tracer.js';

/** Hooks in which only metrics handlers run: no start/exit callbacks, no config, no trace. */
export const RESTRICTED_HOOKS = new Set(['collect-metrics', 'meter-status-changed']);

export interface MainOptions {
  /** The charm dir to discover handlers in (default: the hook's). */
  charmDir?: string;
  /** Forget registered handlers and import handler modules afresh (for many hooks in one process). */
  reload?: boolean;
}

/**
 * Runs one hook: discovers the handlers, runs the start callbacks, dispatches,
 * runs the exit callbacks, then commits the unit state. If anything fails, logs
 * "Hook error" with the handler and the stack, commits nothing (no flags, no
 * unit state; relation data is published only by exit callbacks), and rejects.
 */
export async function main(opts: MainOptions = {}): Promise<void> {
  const name = hookName();
  process.env.JUJU_HOOK_NAME ??= name;
  flightRecorder.start(name);
  const restricted = RESTRICTED_HOOKS.has(name);
  hookLog.add('INFO', `Reactive main running for hook ${name}`);
  if (restricted) hookLog.add('INFO', 'Restricted mode.');
  resetStats();
  if (opts.reload) {
    Handler.clear();
    forgetEndpointActions();
    forgetSources();
  }
  // config-get runs while LMDB and the handler modules load.
  const config = restricted ? undefined : loadConfig();
  config?.catch(() => undefined);
  // As Python's: after the callbacks registered before main() (layer:basic's
  // config flags, not traced), before those of the modules discovered.
  if (!restricted) {
    atStart(async () => {
      tracer.start(traceView);
      manageSeriesUpgradeFlag();
      await republishPublished();
    });
  }
  const state = await openUnitState();
  try {
    await discover(opts.charmDir ?? charmDir(), { reload: opts.reload });
    if (config) {
      await config;
      await runAtStart();
    }
    flightRecorder.enterStage('dispatch');
    await dispatch({ restricted });
    flightRecorder.enterStage('end');
    if (!restricted) {
      tracer.stop();
      await runAtExit();
      clearTriggers();
    }
    // Relation and leader data go out once the hook has succeeded, before the commit.
    await sendPublications();
    flagWatch.forget();
    recordFlight(state);
    // The log goes out before the commit: a hook whose log cannot be sent fails whole.
    await hookLog.flush();
    state.commit();
  } catch (error) {
    tracer.stop();
    state.revert();
    discardPublications();
    await hookLog.reportError(`Hook error${error instanceof HandlerError ? ` in handler ${error.handlerId}` : ''}:\n${stackOf(error)}`);
    keepFailedFlight(state, error);
    throw error;
  } finally {
    await stopHandlerAgent();
  }
  await state.flushed();
}

/**
 * The unit's store, or, when it cannot be opened (a damaged file, a full disk),
 * the reason, one line naming the store, in juju-log at ERROR (on stderr only
 * when juju-log cannot take it, as every hook error), and a rejection: nothing
 * can run, and nothing is committed.
 */
async function openUnitState(): Promise<UnitState> {
  try {
    return unitState();
  } catch (error) {
    await hookLog.reportError(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Adds the hook's flight record to what the commit writes. */
function recordFlight(state: UnitState, failure?: { error: unknown; handlerId?: string }): void {
  const made = flightRecorder.finish(getFlags(), Handler.getHandlers(), failure);
  if (made) addFlightRecord(state, made.record, made.catalogueText);
}

/** The record of a failed hook is committed alone, after the rollback, so the failure can be read afterwards. */
function keepFailedFlight(state: UnitState, error: unknown): void {
  try {
    recordFlight(state, { error, ...(error instanceof HandlerError ? { handlerId: error.handlerId } : {}) });
    state.commit();
  } catch {
    // A store that cannot take the record cannot take anything: the hook's own error is the one to report.
    state.revert();
  }
}

function stackOf(error: unknown): string {
  // A handler that cannot be loaded is the charm's mistake, said in one line; the framework's frames would only hide it.
  if (error instanceof DiscoveryError) return error.message;
  const cause = error instanceof HandlerError ? error.cause : error;
  return cause instanceof Error ? (cause.stack ? mapStack(cause.stack) : cause.message) : String(cause);
}
