/** The names closest to `wanted` (by edit distance, a third of its length at most), best first, for "did you mean". */
export function nearestNames(wanted: string, names: Iterable<string>, count = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<[string, number]> = [];
  for (const name of new Set(names)) {
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase());
    if (distance <= limit) scored.push([name, distance]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([name]) => name);
}

/** " (did you mean a, b?)", or nothing. */
export function didYouMean(wanted: string, names: Iterable<string>): string {
  const nearest = nearestNames(wanted, names);
  return nearest.length > 0 ? ` (did you mean ${nearest.join(', ')}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
