// An exploration for people: how many outcomes, and for each divergence what
// differs, the smallest seed that reproduces it and the two hook sequences
// side by side.
import type { Divergence, Exploration, ExploredRun } from './explore.js';
import { describeEntry, type TimelineEntry } from './timeline.js';

/** The most rows of hooks side by side a divergence shows (each run's state folder has them all). */
const MAX_ROWS = 80;

export function formatExploration(exploration: Exploration): string {
  const { runs, outcomes, divergences } = exploration;
  const seeds = runs.map((r) => r.seed);
  const lines = [
    `${runs.length} ordering${runs.length === 1 ? '' : 's'} (seeds ${seedRange(seeds)}): ` +
      (outcomes.length > 1 ? `${outcomes.length} distinct outcomes` : runs[0]?.unsettled ? 'none settled' : 'one outcome, the same whatever the order'),
  ];
  if (outcomes.length === 1 && runs[0]?.unsettled) lines.push(`  seed ${runs[0].seed}: ${runs[0].unsettled}`);
  if (outcomes.length > 1)
    outcomes.forEach((group, i) => lines.push(`  outcome ${i + 1}: seed${group.seeds.length === 1 ? '' : 's'} ${group.seeds.join(', ')}`));
  for (const divergence of divergences) lines.push('', ...formatDivergence(divergence, runs));
  return `${lines.join('\n')}\n`;
}

/** One line: `2 distinct outcomes over 8 orderings; b/0 status differs from seed 0 under seed 1`. */
export function explorationSummary(exploration: Exploration): string {
  const { runs, outcomes, divergences } = exploration;
  const each = divergences.map((d) => `${[...new Set(d.differences.map((x) => x.what))].slice(0, 3).join(', ')} under seed ${d.seed}`);
  return `${outcomes.length} distinct outcomes over ${runs.length} orderings, against seed ${divergences[0]?.base}: ${each.join('; ')}`;
}

function formatDivergence(divergence: Divergence, runs: ExploredRun[]): string[] {
  const base = runs.find((r) => r.seed === divergence.base)!;
  const other = runs.find((r) => r.seed === divergence.seed)!;
  const lines = [`seed ${other.seed} (the smallest that gives this outcome) differs from seed ${base.seed}:`];
  const width = Math.max(...divergence.differences.map((d) => d.what.length));
  for (const d of divergence.differences) lines.push(`  ${d.what.padEnd(width)}  ${d.base}  ≠  ${d.other}`);
  for (const run of [base, other]) if (run.unsettled) lines.push(`  seed ${run.seed}: ${run.unsettled}`);
  lines.push(...sideBySide(base, other));
  lines.push(`  each run is kept: reactive sim status --state ${other.stateDir}; to replay it, set seed: ${other.seed} in the model file`);
  return lines;
}

/** The two runs' hooks side by side, from the first that differs (`≠` marks the rows that differ). */
function sideBySide(a: ExploredRun, b: ExploredRun): string[] {
  const left = a.timeline.map(hookLine);
  const right = b.timeline.map(hookLine);
  let same = 0;
  while (same < left.length && same < right.length && left[same] === right[same]) same++;
  const rows = Math.max(left.length, right.length) - same;
  const width = Math.max(`seed ${a.seed}`.length, ...left.slice(same, same + MAX_ROWS).map((l) => l.length));
  const lines = [`  hooks${same ? ` after the ${same} both ran first` : ''}:`, `    ${`seed ${a.seed}`.padEnd(width)}   │ seed ${b.seed}`];
  for (let i = same; i < same + Math.min(rows, MAX_ROWS); i++) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    lines.push(`    ${l.padEnd(width)} ${l === r ? ' ' : '≠'} │ ${r}`);
  }
  if (rows > MAX_ROWS) lines.push(`    … ${rows - MAX_ROWS} more rows`);
  return lines;
}

function hookLine(entry: TimelineEntry): string {
  return `${entry.unit} ${describeEntry(entry)}${entry.ok ? '' : ' ✗'}`;
}

/** `0–7`, or `0, 3, 9` when they do not follow each other. */
function seedRange(seeds: number[]): string {
  const consecutive = seeds.every((seed, i) => i === 0 || seed === seeds[i - 1]! + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}–${seeds.at(-1)}` : seeds.join(', ');
}
