import type { FlightRecord } from '@reactive/bus';
import { UsageError } from '../errors.js';
import { netChanges, pickRecord, readFlight, shortName, shortTime } from '../flight.js';
import { report } from '../listing.js';

/** How many handler names a history line shows before `+N`. */
const NAMES_SHOWN = 4;

/**
 * `reactive history [N] [-n COUNT]`: one line per hook kept (the last COUNT),
 * or hook number N in full; with --json (-j) the records themselves.
 */
export async function historyCommand(seq: string | undefined, options: Record<string, string | undefined>): Promise<object> {
  const { records } = await readFlight();
  if (seq !== undefined) {
    const record = pickRecord(records, seq);
    return report(recordText(record), record);
  }
  const shown = records.slice(-count(options.count, records.length));
  return report(shown.map(historyLine).join(''), shown);
}

function count(option: string | undefined, all: number): number {
  if (option === undefined) return all;
  const n = Number(option);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`-n: expected a positive whole number, got ${option}`);
  return n;
}

/** `#12  2026-12-03 17:01:02  config-changed  ok  12 ms  +a -b  ran 2: configure, start` */
export function historyLine(record: FlightRecord): string {
  const names = record.invoked.map((i) => shortName(i.handler));
  const ran =
    names.length === 0
      ? 'ran none'
      : `ran ${names.length}: ${names.slice(0, NAMES_SHOWN).join(', ')}${names.length > NAMES_SHOWN ? `, +${names.length - NAMES_SHOWN}` : ''}`;
  const changes = netChanges(record);
  const flags = changes.length === 0 ? 'no flag changed' : `${changes.join(' ')}${record.result === 'failed' ? ' (rolled back)' : ''}`;
  const result = record.result === 'ok' ? 'ok' : `FAILED${record.failedHandler ? ` in ${shortName(record.failedHandler)}` : ''}`;
  return `#${record.seq}  ${shortTime(record.time)}  ${record.hook}  ${result}  ${record.ms} ms  ${flags}  ${ran}\n`;
}

/** One hook in full. */
export function recordText(record: FlightRecord): string {
  const lines = [`hook #${record.seq} ${record.hook}, ${record.time}, ${record.ms} ms: ${record.result === 'ok' ? 'ok' : 'FAILED'}`];
  if (record.result === 'failed') {
    lines.push(`  failed${record.failedHandler ? ` in ${record.failedHandler}` : ''}: ${record.error ?? 'unknown error'}`);
    lines.push('  (its flag changes were rolled back)');
  }
  lines.push('handlers run:');
  if (record.invoked.length === 0) lines.push('  none');
  record.invoked.forEach((i, n) => lines.push(`  ${n + 1}. ${i.handler}  (${i.phase} phase${i.phase === 'other' ? `, iteration ${i.iteration}` : ''})`));
  lines.push('flag changes:');
  if (record.changes.length === 0) lines.push('  none');
  const width = Math.min(40, Math.max(0, ...record.changes.map((c) => c.flag.length)));
  for (const c of record.changes) lines.push(`  ${c.change === 'set' ? '+' : '-'} ${c.flag.padEnd(width)}  by ${c.by}`);
  if (record.notRun.length > 0) {
    lines.push('tested, not run:');
    for (const { handler, reason } of record.notRun) lines.push(`  ${handler}: ${reason}`);
  }
  lines.push(`flags at the end: ${record.flags.length === 0 ? 'none' : record.flags.join(', ')}`);
  if (record.dropped) lines.push(`(${record.dropped} entries were left out to keep the record small)`);
  return `${lines.join('\n')}\n`;
}
