import type { FlightRecord, HandlerCatalogue } from '@reactive/bus';
import { unitState } from '@reactive/hookenv';
import { CliError, NotFoundError } from './errors.js';

/** The unit's flight records (oldest first) and its catalogue of handlers, from the command's unit state. */
export interface Flight {
  records: FlightRecord[];
  catalogue: HandlerCatalogue;
}

/** Reads the flight records of the open unit state; none yet is exit 2, a corrupt one exit 1 (as a damaged store). */
export async function readFlight(): Promise<Flight> {
  const { FlightRecordError, readFlightRecords, readHandlerCatalogue } = await import('@reactive/bus');
  const state = unitState();
  try {
    const flight = { records: readFlightRecords(state), catalogue: readHandlerCatalogue(state) };
    if (flight.records.length === 0)
      throw new NotFoundError(`no flight record in ${state.path} yet: no hook has run on this unit since it was made by this version`);
    return flight;
  } catch (error) {
    if (error instanceof FlightRecordError) throw new CliError(error.message);
    throw error;
  }
}

/** The record of hook number `seq` (a string from the command line), or the last one. */
export function pickRecord(records: FlightRecord[], seq: string | undefined): FlightRecord {
  if (seq === undefined) return records.at(-1)!;
  const number = Number(seq);
  const record = Number.isInteger(number) ? records.find((r) => r.seq === number) : undefined;
  if (!record) throw new NotFoundError(`no hook number ${seq}: the records kept are of hooks #${records[0]!.seq} to #${records.at(-1)!.seq}`);
  return record;
}

/** The name part of a handler id (`reactive/app.js:12:configure` -> `configure`; an external handler's file). */
export function shortName(id: string): string {
  const external = /^(.*?) "/.exec(id);
  if (external) return external[1]!;
  const parts = id.split(':');
  return parts.length >= 3 ? parts.slice(2).join(':') : id;
}

/** The flags a record's changes leave changed: `+a` for newly set, `-b` for cleared, in the order of their first change. */
export function netChanges(record: FlightRecord): string[] {
  const first = new Map<string, string>();
  const last = new Map<string, string>();
  for (const { flag, change } of record.changes) {
    if (!first.has(flag)) first.set(flag, change);
    last.set(flag, change);
  }
  return [...first].filter(([flag, change]) => last.get(flag) === change).map(([flag, change]) => `${change === 'set' ? '+' : '-'}${flag}`);
}

/** `2026-12-03 17:01:02` from an ISO time. */
export function shortTime(iso: string): string {
  return iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '');
}
