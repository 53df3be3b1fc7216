import { onFlagChange } from '@reactive/flags';
import type { Condition } from './condition.js';
import { type FlagChange, type FlightRecord, MAX_LIST_ENTRIES } from './flight-record.js';
import type { Handler } from './handler.js';
import type { Phase } from './phase.js';

/** Set to `off` to record nothing (to measure what recording costs). */
export const FLIGHT_RECORDER_ENV = 'REACTIVE_FLIGHT_RECORDER';
/** An error message longer than this is cut in the record. */
const MAX_ERROR_CHARS = 4000;

type Stage = 'start' | 'dispatch' | 'end';
const OUTSIDE: Record<Stage, string> = { start: '(hook start)', dispatch: '(dispatch)', end: '(hook end)' };

/**
 * Collects the flight record of the hook that main() runs: flag changes with
 * who made them, the handlers invoked, and for handlers tested but not run
 * the reason of their last failed test. Handlers are kept as objects until
 * the end, so a hook pays for ids and text only once, when the record is made.
 */
class FlightRecorder {
  private active = false;
  private hook = '';
  private started = 0;
  private stage: Stage = 'start';
  private running: Handler | undefined;
  private changes: Array<{ flag: string; change: FlagChange['change']; by: Handler | Stage }> = [];
  private invoked: Array<{ handler: Handler; phase: Phase; iteration: number }> = [];
  /** The condition that failed the last test of each handler (a string for external handlers), explained once dispatch is over. */
  private failures = new Map<Handler, Condition | string | undefined>();
  private reasons = new Map<Handler, string>();

  /** Whether a hook is being recorded: handlers report failed tests only then. */
  get recording(): boolean {
    return this.active;
  }

  start(hook: string): void {
    this.active = process.env[FLIGHT_RECORDER_ENV] !== 'off';
    this.hook = hook;
    this.started = Date.now();
    this.stage = 'start';
    this.running = undefined;
    this.changes = [];
    this.invoked = [];
    this.failures = new Map();
    this.reasons = new Map();
  }

  /**
   * Dispatch begins (`dispatch`) or is over (`end`): changes outside handlers
   * are labelled so. At the end, the failed tests of the handlers that never
   * ran are explained: no flag a handler watches changed since its last test
   * (a change would have had it tested again), so the flags now are those it saw.
   */
  enterStage(stage: Stage): void {
    this.stage = stage;
    if (stage === 'end' && this.active) this.explainFailures();
  }

  private explainFailures(): void {
    const ran = new Set(this.invoked.map(({ handler }) => handler));
    for (const [handler, failed] of this.failures) {
      if (ran.has(handler)) continue;
      this.reasons.set(handler, typeof failed === 'string' ? failed : (failed?.explain() ?? 'a predicate added with addPredicate() said no'));
    }
    this.failures = new Map();
  }

  /** `handler` runs now, in `phase` and `iteration`, until {@link ran}. */
  invoking(handler: Handler, phase: Phase, iteration: number): void {
    if (!this.active) return;
    this.running = handler;
    this.invoked.push({ handler, phase, iteration });
  }

  ran(): void {
    this.running = undefined;
  }

  /** A test of `handler` failed on `condition` (undefined: a predicate without one; a string: the reason itself). */
  failedTest(handler: Handler, condition: Condition | string | undefined): void {
    this.failures.set(handler, condition);
  }

  flagChanged(flag: string, change: FlagChange['change']): void {
    if (this.active) this.changes.push({ flag, change, by: this.running ?? this.stage });
  }

  /**
   * The record, and the catalogue of `handlers` as JSON text; stops recording.
   * `failure` is the error of a failed hook, with the id of the handler that
   * raised it. Each list keeps at most {@link MAX_LIST_ENTRIES} entries.
   */
  finish(
    flags: string[],
    handlers: Handler[],
    failure?: { error: unknown; handlerId?: string },
  ): { record: Omit<FlightRecord, 'seq'>; catalogueText: string } | undefined {
    if (!this.active) return undefined;
    this.explainFailures();
    this.active = false;
    const notRun = [...this.reasons];
    const dropped =
      Math.max(0, this.changes.length - MAX_LIST_ENTRIES) + Math.max(0, this.invoked.length - MAX_LIST_ENTRIES) + Math.max(0, notRun.length - MAX_LIST_ENTRIES);
    const record: Omit<FlightRecord, 'seq'> = {
      hook: this.hook,
      time: new Date(this.started).toISOString(),
      ms: Date.now() - this.started,
      result: failure ? 'failed' : 'ok',
      changes: this.changes.slice(-MAX_LIST_ENTRIES).map(({ flag, change, by }) => ({ flag, change, by: typeof by === 'string' ? OUTSIDE[by] : by.id() })),
      invoked: this.invoked.slice(-MAX_LIST_ENTRIES).map(({ handler, phase, iteration }) => ({ handler: handler.id(), phase, iteration })),
      notRun: notRun.slice(0, MAX_LIST_ENTRIES).map(([handler, reason]) => ({ handler: handler.id(), reason })),
      flags,
    };
    if (dropped > 0) record.dropped = dropped;
    if (failure) {
      if (failure.handlerId) record.failedHandler = failure.handlerId;
      record.error = messageOf(failure.error).slice(0, MAX_ERROR_CHARS);
    }
    const catalogueText = `{${handlers.map((handler) => handler.catalogueEntry()).join(',')}}`;
    this.changes = [];
    this.invoked = [];
    this.failures = new Map();
    this.reasons = new Map();
    return { record, catalogueText };
  }
}

function messageOf(error: unknown): string {
  const cause = error instanceof Error && error.name === 'HandlerError' && error.cause !== undefined ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

export const flightRecorder = new FlightRecorder();
onFlagChange((flag, change) => flightRecorder.flagChanged(flag, change));
