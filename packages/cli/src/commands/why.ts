import type { ConditionSummary, FlightRecord } from '@reactive/bus';
import { NotFoundError } from '../errors.js';
import { type Flight, pickRecord, readFlight, shortName, shortTime } from '../flight.js';
import { report } from '../listing.js';
import { didYouMean } from '../nearest.js';

/** How many changes of a flag `why` lists. */
const CHANGES_SHOWN = 10;

type Bus = typeof import('@reactive/bus');

/**
 * `reactive why HANDLER|FLAG [--hook N]`: for a handler, whether it ran in the
 * hook (the last, or number N) and if not why, with its conditions and their
 * values; for a flag, its value, who set or cleared it and when, and which
 * handlers wait on it.
 */
export async function whyCommand(target: string, options: Record<string, string | undefined>): Promise<object> {
  const bus = await import('@reactive/bus');
  const flight = await readFlight();
  const record = pickRecord(flight.records, options.hook);
  const upTo = flight.records.filter((r) => r.seq <= record.seq);
  const found = resolve(target, flight);
  const text = found.kind === 'handler' ? handlerText(bus, found.id, record, upTo, flight) : flagText(bus, found.flag, record, upTo, flight);
  return report(text, { [found.kind]: found.kind === 'handler' ? found.id : found.flag, hook: record.seq, explanation: text.trimEnd().split('\n') });
}

type Target = { kind: 'handler'; id: string } | { kind: 'flag'; flag: string };

/** A handler id (whole, its name, `file:name`, or the start of it) or a flag name. */
function resolve(target: string, flight: Flight): Target {
  const ids = handlerIds(flight);
  const flags = knownFlags(flight);
  if (ids.has(target)) return { kind: 'handler', id: target };
  if (flags.has(target)) return { kind: 'flag', flag: target };
  const matches = [...ids].filter((id) => namedBy(id, target));
  const distinct = [...new Set(matches.map(latestIdOf(flight)))];
  if (distinct.length === 1) return { kind: 'handler', id: distinct[0]! };
  if (distinct.length > 1) throw new NotFoundError(`"${target}" names ${distinct.length} handlers: ${distinct.join(', ')}; give the whole id`);
  const names = [...[...ids].map(shortName), ...flags];
  throw new NotFoundError(`no handler or flag "${target}" in the unit's flight records${didYouMean(target, names)}`);
}

/** Whether `target` names the handler: its name, `file:name`, the start of its id, or (external handlers) its file's name. */
function namedBy(id: string, target: string): boolean {
  const name = shortName(id);
  return name === target || `${id.split(':')[0]}:${name}` === target || id.startsWith(target) || (isExternal(id) && name.endsWith(`/${target}`));
}

/** Every handler id of the catalogue and the records. */
function handlerIds(flight: Flight): Set<string> {
  const ids = new Set(Object.keys(flight.catalogue));
  for (const record of flight.records) {
    for (const { handler } of record.invoked) ids.add(handler);
    for (const { handler } of record.notRun) ids.add(handler);
    if (record.failedHandler) ids.add(record.failedHandler);
  }
  return ids;
}

/** An external handler's id changes with what its --test printed: any of its ids stands for the newest. */
function latestIdOf(flight: Flight): (id: string) => string {
  const newest = new Map<string, string>();
  for (const id of [...Object.keys(flight.catalogue), ...handlerIds(flight)]) if (isExternal(id) && !newest.has(shortName(id))) newest.set(shortName(id), id);
  return (id) => (isExternal(id) ? newest.get(shortName(id))! : id);
}

function knownFlags(flight: Flight): Set<string> {
  const flags = new Set<string>();
  for (const { conditions } of Object.values(flight.catalogue)) for (const c of conditions) for (const flag of c.flags ?? []) flags.add(flag);
  for (const record of flight.records) {
    for (const flag of record.flags) flags.add(flag);
    for (const { flag } of record.changes) flags.add(flag);
  }
  return flags;
}

function isExternal(id: string): boolean {
  return / "/.test(id);
}

function sameHandler(a: string, b: string): boolean {
  return a === b || (isExternal(a) && isExternal(b) && shortName(a) === shortName(b));
}

function handlerText(bus: Bus, id: string, record: FlightRecord, upTo: FlightRecord[], flight: Flight): string {
  const isSet = flagsOf(record);
  const conditions = catalogueEntry(flight, id)?.conditions;
  const lines = [`handler ${id}`, `in hook #${record.seq} ${record.hook} (${shortTime(record.time)}, ${record.result === 'ok' ? 'ok' : 'failed'}):`];
  const runs = record.invoked.filter((i) => sameHandler(i.handler, id));
  const notRun = record.notRun.find((n) => sameHandler(n.handler, id));
  if (record.failedHandler && sameHandler(record.failedHandler, id)) lines.push(`  ran and FAILED: ${record.error ?? 'unknown error'}`);
  else for (const run of runs) lines.push(`  ran (${run.phase} phase${run.phase === 'other' ? `, iteration ${run.iteration}` : ''})`);
  if (runs.length === 0) {
    const why = notRun ? { reason: notRun.reason, tested: true } : bus.whyNotRun(record, flight.catalogue, catalogueId(flight, id));
    if (why?.tested) lines.push(`  did not run: ${why.reason}`);
    else if (why)
      lines.push(
        `  was not tested: ${why.reason}${/^(flags? |none of flags )/.test(why.reason) ? ' (dispatch tests a handler only when the flags it needs can hold)' : ''}`,
      );
  }
  if (conditions) {
    lines.push('conditions, at the end of the hook:');
    for (const condition of conditions) lines.push(...conditionLines(bus, condition, isSet, record));
  } else {
    lines.push('conditions: unknown (the handler is not in the catalogue of the last hook: removed from the charm?)');
  }
  const lastRun = [...upTo].reverse().find((r) => r.invoked.some((i) => sameHandler(i.handler, id)));
  lines.push(lastRun ? `last ran: hook #${lastRun.seq} ${lastRun.hook} (${shortTime(lastRun.time)})` : `last ran: not in the ${upTo.length} hooks kept`);
  return `${lines.join('\n')}\n`;
}

function conditionLines(bus: Bus, condition: ConditionSummary, isSet: (flag: string) => boolean, record: FlightRecord): string[] {
  const { kind, flags, patterns, files } = condition;
  if (flags) {
    const holds = bus.flagsHold(kind, flags, isSet);
    return [`  ${kind} ${flags.join(', ')}: ${holds ? 'holds' : 'does not hold'}`, ...flags.map((flag) => `    ${flag}: ${isSet(flag) ? 'set' : 'not set'}`)];
  }
  if (kind === 'hook') return [`  hook ${patterns!.join(', ')} (this hook: ${record.hook})`];
  if (files) return [`  ${kind} ${files.join(', ')}`];
  if (kind === 'external') return ['  external: its --test decides'];
  return [`  ${kind}${patterns ? ` ${patterns.join(', ')}` : ''}`];
}

function flagText(bus: Bus, flag: string, record: FlightRecord, upTo: FlightRecord[], flight: Flight): string {
  const isSet = flagsOf(record);
  const lines = [
    `flag ${flag}: ${isSet(flag) ? 'set' : 'not set'} at the end of hook #${record.seq} ${record.hook}${record.result === 'failed' ? ' (which failed and was rolled back)' : ''}`,
  ];
  const changes = [...upTo].reverse().flatMap((r) =>
    r.changes
      .filter((c) => c.flag === flag)
      .reverse()
      .map((c) => `  hook #${r.seq} ${r.hook} (${shortTime(r.time)}): ${c.change} by ${c.by}${r.result === 'failed' ? ' (rolled back)' : ''}`),
  );
  lines.push(changes.length === 0 ? `changes: none in the ${upTo.length} hooks kept` : 'changes, newest first:', ...changes.slice(0, CHANGES_SHOWN));
  if (changes.length > CHANGES_SHOWN) lines.push(`  ... and ${changes.length - CHANGES_SHOWN} earlier`);
  const readers = Object.entries(flight.catalogue).flatMap(([id, { conditions, functions = [] }]) => [
    ...readerLines(bus, id, conditions, flag, isSet),
    ...functions.flatMap((f) => readerLines(bus, `${shortName(id)}:${f.line}:${f.name}`, f.conditions, flag, isSet)),
  ]);
  lines.push(readers.length === 0 ? 'handlers that read it: none' : 'handlers that read it:', ...readers);
  return `${lines.join('\n')}\n`;
}

/** A line for each of the handler's conditions that reads `flag`: whether it holds, else what it waits for. */
function readerLines(bus: Bus, handler: string, conditions: ConditionSummary[], flag: string, isSet: (flag: string) => boolean): string[] {
  return conditions
    .filter((c) => c.flags?.includes(flag))
    .map((c) => {
      const holds = bus.flagsHold(c.kind, c.flags!, isSet);
      return `  ${handler}: ${c.kind} ${c.flags!.join(', ')} (${holds ? 'holds' : `waits: ${bus.explainFlags(c.kind, c.flags!, isSet)}`})`;
    });
}

function catalogueEntry(flight: Flight, id: string): { conditions: ConditionSummary[] } | undefined {
  return flight.catalogue[catalogueId(flight, id)];
}

/** The id under which the catalogue knows the handler (an external handler's id there may be another of its ids). */
function catalogueId(flight: Flight, id: string): string {
  return id in flight.catalogue ? id : (Object.keys(flight.catalogue).find((other) => sameHandler(other, id)) ?? id);
}

function flagsOf(record: FlightRecord): (flag: string) => boolean {
  const set = new Set(record.flags);
  return (flag) => set.has(flag);
}
