import type { ModelStatus } from './simulation.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
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
