// Runs every benchmark and prints one table with the targets beside the figures.
// Exits non-zero when a target is missed, so a regression is visible in CI logs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
const suites = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.mjs') && (!only || file.includes(only)))
  .sort();

const rows = [];
for (const file of suites) {
  const suite = await import(join(dir, file));
  process.stderr.write(`running ${file}…\n`);
  rows.push(...(await suite.run()));
}

const format = (value, unit) => `${Number.isInteger(value) ? value : Number(value.toPrecision(3))} ${unit}`;
const table = rows.map((r) => [
  r.name,
  format(r.value, r.unit),
  r.max === undefined ? '—' : `< ${format(r.max, r.unit)}`,
  r.max === undefined ? '' : r.value < r.max ? 'ok' : 'MISSED',
]);
const header = ['benchmark', 'measured', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const cells of table) console.log(line(cells));
const missed = rows.filter((r) => r.max !== undefined && r.value >= r.max).length;
console.log(`\n${rows.length} figures, ${missed} targets missed (medians of fresh processes; NODE_EXTRA_CA_CERTS unset)`);
process.exitCode = missed ? 1 : 0;
