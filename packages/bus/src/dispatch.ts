import { getFlags, REMOVED_STATE_KEY } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { flagWatch } from './flag-watch.js';
import { flightRecorder } from './flight-recorder.js';
import { forgetRelativePaths } from './handler-charm-dir.js';
import { Handler, resetStats, stats } from './handler.js';
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
    await invoke(matched, 'other');
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
  await invoke(matched, phase);
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

/**
 * Runs the queue in order. After a handler clears any flag (Python's
 * `removed_state`), the handlers still queued are re-tested, as Python does,
 * but only those whose answer can have changed: the ones watching a flag
 * changed since the queue was last tested, and the ones whose test does not
 * depend on flags alone. The others would pass again.
 */
async function invoke(matched: Handler[], phase: Phase): Promise<void> {
  const state = unitState();
  const queue = new Queue(matched);
  flagWatch.takeRecent();
  state.set(REMOVED_STATE_KEY, false);
  for (let handler = queue.next(); handler; handler = queue.next()) {
    if (hookLog.due) await hookLog.flush();
    hookLog.add('INFO', `Invoking reactive handler: ${handler.id()}`);
    flightRecorder.invoking(handler, phase, flagWatch.iteration);
    try {
      const running = handler.invoke();
      if (running) await running;
    } catch (error) {
      throw error instanceof HandlerError ? error : new HandlerError(handler.id(), error);
    } finally {
      flightRecorder.ran();
    }
    if (state.get(REMOVED_STATE_KEY) === true) {
      state.set(REMOVED_STATE_KEY, false);
      await retest(queue, flagWatch.takeRecent());
    }
  }
  flagWatch.commit();
}

/** Re-tests, in queue order, the queued handlers a change of `changed` may have stopped; drops those that fail. */
async function retest(queue: Queue, changed: Set<string>): Promise<void> {
  const index = currentIndex();
  const affected = new Set<Handler>();
  for (const handler of index.notFlagsOnly) if (queue.has(handler)) affected.add(handler);
  for (const flag of changed) for (const handler of index.watchers(flag)) if (queue.has(handler)) affected.add(handler);
  for (const handler of queue.inOrder(affected)) {
    const result = handler.test();
    if (!(result === true || (result !== false && (await result)))) queue.drop(handler);
  }
}

/** The handlers of an invoke batch: taken from the front in O(1), dropped in O(1), tested for membership in O(1). */
class Queue {
  private readonly handlers: Handler[];
  private readonly position = new Map<Handler, number>();
  private readonly waiting = new Set<Handler>();
  private at = 0;

  constructor(handlers: Handler[]) {
    this.handlers = handlers;
    handlers.forEach((handler, i) => {
      this.position.set(handler, i);
      this.waiting.add(handler);
    });
  }

  next(): Handler | undefined {
    while (this.at < this.handlers.length) {
      const handler = this.handlers[this.at++]!;
      if (this.waiting.delete(handler)) return handler;
    }
    return undefined;
  }

  has(handler: Handler): boolean {
    return this.waiting.has(handler);
  }

  drop(handler: Handler): void {
    this.waiting.delete(handler);
  }

  inOrder(handlers: Set<Handler>): Handler[] {
    return [...handlers].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }
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
