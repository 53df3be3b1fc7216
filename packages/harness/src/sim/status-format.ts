import type { FlightRecord, NotRun } from '@reactive/bus';
import type { ModelStatus } from './status.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The model as `juju status` shows it: applications, units (the leader starred), relations; then what is still queued. */
export function formatStatus(status: ModelStatus): string {
  const lines = [`Model  ${status.model}`, ''];
  const apps = Object.entries(status.applications);
  lines.push(
    ...table([
      ['App', 'Charm', 'Units', 'Status', 'Version', 'Message'],
      ...apps.map(([name, app]) => [name, app.charmName, String(app.units.length), app.status.status, app.version, app.status.message]),
    ]),
    '',
  );
  lines.push(
    ...table([
      ['Unit', 'Workload', 'Address', 'Ports', 'Message'],
      ...Object.entries(status.units).map(([name, unit]) => [
        `${name}${unit.leader ? '*' : ''}`,
        `${unit.status}${unit.dying ? ' (dying)' : ''}`,
        unit.address,
        unit.ports.join(','),
        unit.message,
      ]),
    ]),
  );
  if (status.relations.length) {
    lines.push(
      '',
      ...table([
        ['Relation', 'Interface', 'Type', 'Ids'],
        ...status.relations.map((r) => [
          r.endpoints.join(' ↔ '),
          r.interface,
          `${r.peer ? 'peer' : 'regular'}${r.dying ? ' (dying)' : ''}`,
          Object.entries(r.ids)
            .map(([app, id]) => (r.peer ? id : `${app}: ${id}`))
            .join(', '),
        ]),
      ]),
    );
  }
  if (status.pending.length) lines.push('', `Queued (${status.pending.length}):`, ...status.pending.map((p) => `  ${p}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Why each blocked or waiting unit is so: its status, then each handler its
 * last hook did not run, with the condition that kept it (from the unit's
 * flight record). Empty when no unit is blocked or waiting.
 */
export function formatWhy(status: ModelStatus, notRun: (unit: string) => { record: FlightRecord; handlers: NotRun[] } | undefined): string {
  const lines: string[] = [];
  for (const [name, unit] of Object.entries(status.units)) {
    if (unit.status !== 'blocked' && unit.status !== 'waiting') continue;
    const found = notRun(name);
    lines.push(
      `${name} is ${unit.status}${unit.message ? ` (${unit.message})` : ''}${found ? `; in its last hook, #${found.record.seq} ${found.record.hook}:` : ': no flight record'}`,
    );
    if (!found) continue;
    if (found.handlers.length === 0) lines.push('  every handler ran');
    for (const { handler, reason, tested } of found.handlers) lines.push(`  ${handler} ${tested ? 'did not run' : 'was not tested'}: ${reason}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
