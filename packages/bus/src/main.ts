import { clearTriggers } from '@reactive/flags';
import { atStart, charmDir, discardPublications, hookName, loadConfig, republishPublished, runAtExit, runAtStart, sendPublications, unitState } from '@reactive/hookenv';
import { forgetEndpointActions } from './decorators.js';
import { discover } from './discover.js';
import { dispatch, HandlerError, traceView } from './dispatch.js';
import { flagWatch } from './flag-watch.js';
import { stopHandlerAgent } from './handler-agent.js';
import { forgetSources } from './function-line.js';
import { Handler, resetStats } from './handler.js';
import { hookLog } from './hook-log.js';
import { manageSeriesUpgradeFlag } from './series-upgrade.js';
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
  const state = unitState();
  try {
    await discover(opts.charmDir ?? charmDir(), { reload: opts.reload });
    if (config) {
      await config;
      await runAtStart();
    }
    await dispatch({ restricted });
    if (!restricted) {
      tracer.stop();
      await runAtExit();
      clearTriggers();
    }
    // Relation and leader data go out once the hook has succeeded, before the commit.
    await sendPublications();
    flagWatch.forget();
    // The log goes out before the commit: a hook whose log cannot be sent fails whole.
    await hookLog.flush();
    state.commit();
  } catch (error) {
    tracer.stop();
    state.revert();
    discardPublications();
    hookLog.add('ERROR', `Hook error${error instanceof HandlerError ? ` in handler ${error.handlerId}` : ''}:\n${stackOf(error)}`);
    await hookLog.flush().catch(() => undefined);
    throw error;
  } finally {
    await stopHandlerAgent();
  }
  await state.flushed();
}

function stackOf(error: unknown): string {
  const cause = error instanceof HandlerError ? error.cause : error;
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
}
