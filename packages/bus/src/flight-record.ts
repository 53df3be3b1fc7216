import type { UnitState } from '@reactive/hookenv';
import type { BashFunction } from './bash-functions.js';
import type { ConditionSummary } from './condition.js';
import type { Phase } from './phase.js';

/** What one hook did, as the unit state keeps it (the last {@link KEPT_RECORDS} hooks). */
export interface FlightRecord {
  /** The hook's number on this unit: 1, 2, ... */
  seq: number;
  hook: string;
  /** When the hook started (ISO 8601). */
  time: string;
  /** How long it took, in milliseconds, up to its commit. */
  ms: number;
  result: 'ok' | 'failed';
  /** For a failed hook: the handler that failed (when one did) and the error's message. */
  failedHandler?: string;
  error?: string;
  /** Flag changes in order, each with the handler that made it, or `(hook start)` / `(hook end)` outside handlers. */
  changes: FlagChange[];
  /** The handlers that ran, in order, with their phase and iteration. */
  invoked: Invocation[];
  /** The handlers tested but not run, each with the first condition that failed in its last test. */
  notRun: Array<{ handler: string; reason: string }>;
  /** The flags set at the end of the hook (of a failed hook: those it rolled back to). */
  flags: string[];
  /** How many entries of the lists above were left out to keep the record under {@link MAX_RECORD_CHARS}. */
  dropped?: number;
}

export interface FlagChange {
  flag: string;
  change: 'set' | 'cleared';
  by: string;
}

export interface Invocation {
  handler: string;
  phase: Phase;
  iteration: number;
}

/** Every handler discovery registered, by id, with its conditions (what `reactive why` explains with). */
/**
 * Each handler's conditions, by id; an external handler written with
 * charms.reactive.sh also has its functions, with what their decorators ask.
 */
export type HandlerCatalogue = Record<string, { conditions: ConditionSummary[]; functions?: BashFunction[] }>;

/** A flight record that cannot be read: names the store and the entry. */
export class FlightRecordError extends Error {
  override name = 'FlightRecordError';
}

export const KEPT_RECORDS = 50;
export const MAX_RECORD_CHARS = 64 * 1024;
/** At most this many entries of each list go into a record (the first of `notRun`, the last of the others). */
export const MAX_LIST_ENTRIES = 300;
/** Side entries of the unit state (UnitState.entry): one per hook, and the catalogue of handlers. */
const RECORD_PREFIX = 'reactive.flight/hook/';
const CATALOGUE_ENTRY = 'reactive.flight/handlers';
/** The number of the last record, an entry of its own (so numbering a record reads no range of entries). */
const LAST_ENTRY = 'reactive.flight/last';
/** A catalogue this long (some 10,000 handlers) is not kept. */
const MAX_CATALOGUE_CHARS = 2 * 1024 * 1024;

/**
 * Adds `record` (numbered after the last one) and the catalogue (JSON text of
 * a {@link HandlerCatalogue}) to what the store's next commit writes, and
 * drops the record {@link KEPT_RECORDS} before it; returns the number given.
 */
export function addFlightRecord(state: UnitState, record: Omit<FlightRecord, 'seq'>, catalogueText: string): number {
  const last = Number(state.entry(LAST_ENTRY) ?? 0);
  const seq = Number.isSafeInteger(last) && last >= 0 ? last + 1 : 1;
  state.setEntry(LAST_ENTRY, String(seq));
  state.setEntry(recordName(seq), cappedText({ seq, ...record }));
  if (seq > KEPT_RECORDS) state.setEntry(recordName(seq - KEPT_RECORDS), undefined);
  if (catalogueText.length <= MAX_CATALOGUE_CHARS && state.entry(CATALOGUE_ENTRY) !== catalogueText) state.setEntry(CATALOGUE_ENTRY, catalogueText);
  return seq;
}

function recordName(seq: number): string {
  return RECORD_PREFIX + String(seq).padStart(10, '0');
}

/** The unit's flight records, oldest first. */
export function readFlightRecords(state: UnitState): FlightRecord[] {
  return state.entryNames(RECORD_PREFIX).map((name) => parse<FlightRecord>(state, name, isRecord));
}

/** The catalogue of handlers as the last hook found them (empty before the first record). */
export function readHandlerCatalogue(state: UnitState): HandlerCatalogue {
  return state.entry(CATALOGUE_ENTRY) === undefined ? {} : parse<HandlerCatalogue>(state, CATALOGUE_ENTRY, isObject);
}

function parse<T>(state: UnitState, name: string, valid: (value: unknown) => boolean): T {
  let value: unknown;
  try {
    value = JSON.parse(state.entry(name) ?? '');
  } catch {
    value = undefined;
  }
  if (!valid(value)) throw new FlightRecordError(`unit state ${state.path}: flight record entry ${name} is corrupt`);
  return value as T;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const record = value as Partial<FlightRecord>;
  return (
    typeof record.seq === 'number' &&
    typeof record.hook === 'string' &&
    Array.isArray(record.changes) &&
    Array.isArray(record.invoked) &&
    Array.isArray(record.notRun) &&
    Array.isArray(record.flags)
  );
}

/** The record as JSON, its longest lists cut until it fits (rarely: the lists are capped by count already). */
function cappedText(record: FlightRecord): string {
  let text = JSON.stringify(record);
  if (text.length <= MAX_RECORD_CHARS) return text;
  const cut = { ...record, dropped: record.dropped ?? 0 };
  const lists = ['notRun', 'changes', 'invoked', 'flags'] as const;
  while (text.length > MAX_RECORD_CHARS) {
    const longest = lists.reduce((a, b) => (cut[a].length >= cut[b].length ? a : b));
    if (cut[longest].length === 0) break;
    const keep = Math.floor(cut[longest].length / 2);
    cut.dropped += cut[longest].length - keep;
    (cut as Record<string, unknown>)[longest] = cut[longest].slice(0, keep);
    text = JSON.stringify(cut);
  }
  return text;
}
