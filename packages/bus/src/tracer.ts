import { onFlagChange } from '@reactive/flags';
import { flagWatch } from './flag-watch.js';
import type { Handler } from './handler.js';
import { hookLog } from './hook-log.js';

/** What the tracer asks dispatch: every handler, and the handlers whose test depends on a flag. */
export interface TraceView {
  all(): Handler[];
  watchers(flag: string): Handler[];
}

/**
 * The flag and handler trace (Python's LogTracer), written at DEBUG through the
 * hook log, in its words and order. Like Python's, it keeps the set of handlers
 * whose test passes: dispatch resets it at the start of each phase and
 * iteration; each flag change logs the handlers it adds to the set
 * (`++   queue handler`) and takes out of it (`-- dequeue handler`), the
 * running handler included. A change re-tests only the handlers that watch the
 * flag (the first change before dispatch, every handler), and only their
 * side-effect-free predicates. Active only between start() and stop().
 */
class Tracer {
  private view: TraceView | undefined;
  /** While an external handler runs: its flag changes are not traced, as Python's CLI traced nothing. */
  private muted = false;
  /** Python's `_active_handlers`; undefined until the first phase or change. */
  private passing: Set<Handler> | undefined;

  start(view: TraceView): void {
    this.view = view;
    this.passing = undefined;
  }

  stop(): void {
    this.view = undefined;
    this.passing = undefined;
  }

  get enabled(): boolean {
    return this.view !== undefined;
  }

  dispatchStart(flags: string[]): void {
    this.write([`starting handler dispatch, ${flags.length} flags set`, ...flags.map((flag) => `set flag ${flag}`)]);
  }

  /** The start of a phase: `hooks phase`, `restricted phase`, or, once, `main dispatch loop`. */
  phaseStart(label: string, handlers: Handler[]): void {
    if (!this.view) return;
    this.passing = new Set(handlers);
    this.write([`${label}, ${handlers.length} handlers queued`, ...queued(handlers)]);
  }

  /** The start of an iteration of the other phase: nothing logged. */
  iterationStart(handlers: Handler[]): void {
    if (this.view) this.passing = new Set(handlers);
  }

  /** Runs `fn` with flag changes untraced (an external handler's, made through the CLI). */
  async untraced<T>(fn: () => Promise<T>): Promise<T> {
    const was = this.muted;
    this.muted = true;
    try {
      return await fn();
    } finally {
      this.muted = was;
    }
  }

  flagChanged(flag: string, change: 'set' | 'cleared'): void {
    if (!this.view || this.muted) return;
    const candidates = this.passing ? this.view.watchers(flag) : this.view.all();
    const passing = (this.passing ??= new Set());
    const added: Handler[] = [];
    const removed: Handler[] = [];
    for (const handler of candidates) {
      const now = wouldPass(handler);
      if (now && !passing.has(handler)) added.push(handler);
      else if (!now && passing.has(handler)) removed.push(handler);
    }
    for (const handler of added) passing.add(handler);
    for (const handler of removed) passing.delete(handler);
    this.write([`${change} flag ${flag}`, ...queued(added), ...sortedIds(removed).map((id) => `-- dequeue handler ${id}`)]);
  }

  private write(lines: string[]): void {
    if (!this.view) return;
    const body = lines.map((line) => `tracer: ${line}`);
    hookLog.add('DEBUG', lines.length > 1 ? ['tracer>', ...body].join('\n') : body[0]!);
  }
}

/** A handler's test without side effects: the flag watch, then its pure predicates. */
function wouldPass(handler: Handler): boolean {
  return (handler.flags.size === 0 || flagWatch.watch(handler.flags)) && handler.couldRun();
}

function queued(handlers: Handler[]): string[] {
  return sortedIds(handlers).map((id) => `++   queue handler ${id}`);
}

function sortedIds(handlers: Handler[]): string[] {
  return handlers.map((handler) => handler.id()).sort();
}

export const tracer = new Tracer();
onFlagChange((flag, change) => tracer.flagChanged(flag, change));
