import { getFlags, REMOVED_STATE_KEY } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { flagWatch } from './flag-watch.js';
import { forgetRelativePaths, Handler, resetStats, stats } from './handler.js';
import { HandlerIndex } from './handler-index.js';
import { hookLog } from './hook-log.js';
import { type Phase, setDispatchPhase } from './phase.js';
import { type TraceView, tracer } from './tracer.js';

/** How many iterations of the other phase run at most. */
export const MAX_ITERATIONS = 100;

/** A handler failed: names it, keeps the original error as `cause`. */
export class HandlerError extends Error {
  readonly handlerId: string;

  constructor(handlerId: string, cause: unknown) {
    super(`handler ${handlerId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'HandlerError';
    this.handlerId = handlerId;
  }
}

let index: HandlerIndex | undefined;

function currentIndex(): HandlerIndex {
  if (!index || index.version !== Handler.version) index = new HandlerIndex(Handler.getHandlers());
  return index;
}

/**
 * Runs the handlers: in restricted mode one pass; otherwise the hooks phase,
 * then the other phase, iteration after iteration until no handler matches
 * (at most {@link MAX_ITERATIONS}). Handlers matched in one iteration all run
 * (flags they set are seen by the next iteration); clearing a flag re-tests the
 * rest of the current queue.
 */
export async function dispatch(opts: { restricted?: boolean } = {}): Promise<void> {
  resetStats();
  forgetRelativePaths();
  flagWatch.reset();
  tracer.dispatchStart(getFlags());
  if (opts.restricted) {
    await runPhase('restricted', 'restricted phase', currentIndex().inPhase('restricted'));
    return;
  }
  await runPhase('hooks', 'hooks phase', currentIndex().inPhase('hooks'));
  setDispatchPhase('other');
  let iteration = 0;
  for (; iteration < MAX_ITERATIONS; iteration++) {
    flagWatch.iteration = iteration;
    const candidates = iteration === 0 ? currentIndex().firstIteration() : currentIndex().laterIteration(flagWatch.changes);
    const matched = await passing(candidates);
    if (iteration === 0) tracer.phaseStart('main dispatch loop', matched);
    tracer.iterationStart(matched);
    if (matched.length === 0) break;
    await invoke(matched);
  }
  if (iteration === MAX_ITERATIONS) {
    hookLog.add('WARNING', `reactive dispatch stopped after ${MAX_ITERATIONS} iterations: handlers kept matching (a loop of flags?)`);
  }
  flagWatch.reset();
}

async function runPhase(phase: Phase, label: string, candidates: Handler[]): Promise<void> {
  setDispatchPhase(phase);
  flagWatch.iteration = 0;
  const matched = await passing(candidates);
  tracer.phaseStart(label, matched);
  await invoke(matched);
}

/** The handlers whose test passes, in order; waits only for tests that take a process. */
async function passing(handlers: Handler[]): Promise<Handler[]> {
  const matched: Handler[] = [];
  for (const handler of handlers) {
    const result = handler.test();
    if (result === true || (result !== false && (await result))) matched.push(handler);
  }
  return matched;
}

/** Runs the queue in order; after a handler clears any flag, re-tests what is left. */
async function invoke(matched: Handler[]): Promise<void> {
  const state = unitState();
  let queue = matched;
  while (queue.length > 0) {
    state.set(REMOVED_STATE_KEY, false);
    while (queue.length > 0) {
      const handler = queue.shift()!;
      if (hookLog.due) await hookLog.flush();
      hookLog.add('INFO', `Invoking reactive handler: ${handler.id()}`);
      try {
        const running = handler.invoke();
        if (running) await running;
      } catch (error) {
        throw error instanceof HandlerError ? error : new HandlerError(handler.id(), error);
      }
      if (state.get(REMOVED_STATE_KEY) === true) {
        queue = await passing(queue);
        break;
      }
    }
  }
  flagWatch.commit();
}

/** What the trace re-tests: every handler, and those whose test depends on a flag. */
export const traceView: TraceView = {
  all: () => Handler.getHandlers(),
  watchers: (flag) => currentIndex().watchers(flag),
};

/** The last dispatch: handlers tested, predicates evaluated, handlers invoked, and the ids of those invoked in order. */
export function dispatchStats(): { predicateEvaluations: number; handlerTests: number; invocations: number; invoked: string[] } {
  return { ...stats, invoked: [...stats.invoked] };
}
