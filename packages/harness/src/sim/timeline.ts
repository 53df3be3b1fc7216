import type { StatusValue } from './state.js';

/** One hook the simulator ran. */
export interface TimelineEntry {
  /** Model-wide count of hooks run, from 1. */
  seq: number;
  unit: string;
  hook: string;
  /** The relation id as the unit sees it (`db:0`), for relation hooks. */
  relation?: string;
  remoteUnit?: string;
  remoteApp?: string;
  departingUnit?: string;
  ok: boolean;
  /** The hook's exit code (null when killed: see `error`). */
  exitCode: number | null;
  /** The charm has no such hook (and no dispatch): nothing ran, as in Juju. */
  skipped?: boolean;
  /** 1 for the first run of this hook; more for Juju's retries after a failure. */
  attempt: number;
  /** Ids of the reactive handlers invoked, in order (from the framework's "Invoking reactive handler" log lines). */
  handlers: string[];
  /** Flags the hook set and cleared (as committed: a failed hook commits none). */
  flagsSet: string[];
  flagsCleared: string[];
  /** The unit's status after the hook. */
  status: StatusValue;
  durationMs: number;
  /** Why the hook failed: its error log, else the end of its output. */
  error?: string;
  /**
   * Set when the hook ran side by side with others (`run({parallel})`): the
   * `seq` of the first hook of its batch. The hooks of a batch each read the
   * model as the batch began, and committed in `seq` order once all had ended.
   */
  batch?: number;
  /** The hook asked for a reboot (juju-reboot), which the simulator only records. */
  reboot?: 'now' | 'after-hook';
}

/** Parses the framework's log lines for the handlers it invoked. */
export function handlersInLog(messages: string[]): string[] {
  const handlers: string[] = [];
  for (const message of messages) {
    for (const line of message.split('\n')) {
      const match = /^Invoking reactive handler: (.+)$/.exec(line);
      if (match) handlers.push(match[1]!);
    }
  }
  return handlers;
}

/** A handler id for people: `reactive/app.js:12:render_config` → `render_config`; `reactive/x.sh "out"` → `reactive/x.sh`. */
export function shortHandler(id: string): string {
  const fn = /^[^\s]+:\d+:([^\s]+)$/.exec(id);
  if (fn) return fn[1]!;
  const external = /^(\S+) "/.exec(id);
  return external ? external[1]! : id;
}

/** The hook and what it is about: `db-relation-changed (db:0 from db/0)`. */
export function describeEntry(entry: Pick<TimelineEntry, 'hook' | 'relation' | 'remoteUnit' | 'remoteApp' | 'departingUnit'>): string {
  if (!entry.relation) return entry.hook;
  let about = entry.relation;
  if (entry.hook.endsWith('-relation-departed')) {
    about += entry.remoteUnit ? ` from ${entry.remoteUnit}` : '';
    if (entry.departingUnit && entry.departingUnit !== entry.remoteUnit) about += `, ${entry.departingUnit} departing`;
  } else if (entry.remoteUnit) {
    about += ` from ${entry.remoteUnit}`;
  } else if (entry.remoteApp && !entry.hook.endsWith('-relation-broken') && !entry.hook.endsWith('-relation-created')) {
    about += ` from ${entry.remoteApp} (app)`;
  }
  return `${entry.hook} (${about})`;
}

/**
 * The timeline as lines a person can follow, one per hook:
 * `my-app/0  db-relation-changed (db:0 from db/0)  ✓  +db.database.available -endpoint.db.changed  handlers: render_config, restart  [active: ready]`.
 * A failed hook shows ✗, its exit code and attempt, and its error on the next
 * lines (a long one by its first line and its end, where a traceback says what was raised).
 * `unitWidth` pads the unit names to at least that many characters (to print
 * entries one at a time, aligned).
 */
export function formatTimeline(entries: TimelineEntry[], opts: { color?: boolean; unitWidth?: number } = {}): string {
  const paint = (code: string, text: string): string => (opts.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const width = Math.max(opts.unitWidth ?? 0, ...entries.map((e) => e.unit.length));
  const lines: string[] = [];
  for (const entry of entries) {
    const parts = [entry.unit.padEnd(width), describeEntry(entry)];
    if (entry.skipped) parts.push(paint('2', '– no hook'));
    else if (entry.ok) parts.push(paint('32', '✓'));
    else parts.push(paint('31', `✗ ${entry.exitCode === null ? 'killed' : `exit ${entry.exitCode}`}${entry.attempt > 1 ? ` (attempt ${entry.attempt})` : ''}`));
    const flags = [...entry.flagsSet.map((f) => `+${f}`), ...entry.flagsCleared.map((f) => `-${f}`)];
    if (flags.length) parts.push(flags.join(' '));
    if (entry.handlers.length) parts.push(`handlers: ${entry.handlers.map(shortHandler).join(', ')}`);
    if (entry.reboot) parts.push(`reboot requested${entry.reboot === 'now' ? ' (now)' : ''}`);
    parts.push(`[${entry.status.status}${entry.status.message ? `: ${entry.status.message}` : ''}]`);
    lines.push(parts.join('  '));
    if (!entry.ok && entry.error) {
      for (const line of shownError(entry.error)) lines.push(`${' '.repeat(width)}    ${paint('31', line)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** A failed hook's error as the timeline shows it: whole up to 8 lines, else its first line, how many are left out, and its last 6. */
function shownError(error: string): string[] {
  const lines = error.split('\n');
  if (lines.length <= 8) return lines;
  return [lines[0]!, `… ${lines.length - 7} more lines (the unit's log has them all)`, ...lines.slice(-6)];
}
