// Runs every benchmark and prints one table with the targets beside the figures,
// under the Node.js that runs this (the hooks it starts too); then, unless told
// which benchmarks to run, the start-up benchmarks (hooks and CLI calls) under
// each Node.js line installed in node-lines/ (npm ci --prefix node-lines), a
// table per line. Exits non-zero when a target is missed, so a regression is
// visible in CI logs.
//   usage: node bench/run.mjs [NAME | startup]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
/** The benchmarks of start-up: whole hook processes and CLI calls, which the Node.js line moves most. */
const STARTUP = ['dispatch.bench.mjs', 'cli.bench.mjs'];
const NODE_LINES = join(dir, '..', 'node-lines', 'node_modules');

// Hooks start `node` from PATH (their #! line): this one.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;
const suites = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.mjs') && (!only || (only === 'startup' ? STARTUP.includes(file) : file.includes(only))))
  .sort();

const rows = [];
for (const file of suites) {
  const suite = await import(join(dir, file));
  process.stderr.write(`running ${file} under Node ${process.version}…\n`);
  rows.push(...(await suite.run()));
}
const missed = printTable(rows);
const linesMissed = !only && otherLines();
process.exitCode = missed || linesMissed ? 1 : 0;

/** Prints the table; returns how many targets were missed. */
function printTable(rows) {
  const format = (value, unit) => `${Number.isInteger(value) ? value : Number(value.toPrecision(3))} ${unit}`;
  const table = rows.map((r) => [
    r.name,
    format(r.value, r.unit),
    r.max === undefined ? '—' : `< ${format(r.max, r.unit)}`,
    r.max === undefined ? '' : r.value < r.max ? 'ok' : 'MISSED',
  ]);
  const header = [`benchmark (Node ${process.version})`, 'measured', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const cells of table) console.log(line(cells));
  const missed = rows.filter((r) => r.max !== undefined && r.value >= r.max).length;
  console.log(`\n${rows.length} figures, ${missed} targets missed (medians of fresh processes; NODE_EXTRA_CA_CERTS unset)`);
  return missed;
}

/** The start-up benchmarks under each Node.js line of node-lines/; whether any missed a target. */
function otherLines() {
  const lines = existsSync(NODE_LINES) ? readdirSync(NODE_LINES).filter((name) => /^node\d+$/.test(name)) : [];
  if (lines.length === 0) console.log('\nno Node.js line installed in node-lines/ (npm ci --prefix node-lines): start-up under this Node only');
  let failed = false;
  for (const name of lines.sort()) {
    console.log(`\nStart-up under ${name.replace('node', 'Node ')}:`);
    const child = spawnSync(join(NODE_LINES, name, 'bin', 'node'), [join(dir, 'run.mjs'), 'startup'], { stdio: 'inherit' });
    failed ||= child.status !== 0;
  }
  return failed;
}
