// Ordering exploration: a model run from scratch under many orderings of its
// units' hooks, and what they settle on compared. A reader that looks at the
// issuer's data only on its first relation-changed sees the token or not
// depending on whether the issuer's relation-joined ran first.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore, formatExploration, type ModelSpec } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

const hook = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

/**
 * The issuer publishes its token when a reader joins, and echoes the reader's
 * `n`; the reader shows the token it read: on its first relation-changed only
 * when `buggy`; when `looping`, a reader that missed it asks again forever.
 */
function tokenModel(reader: 'buggy' | 'fixed' | 'looping'): ModelSpec {
  const issuer = makeCharm({
    'metadata.yaml': 'name: issuer\nprovides:\n  token: {interface: token}\n',
    'hooks/token-relation-joined': hook('relation-set token=abc'),
    'hooks/token-relation-changed': hook('relation-set echo="$(relation-get n)"'),
  });
  const firstOnly = ['[ -e .seen ] && exit 0', 'touch .seen'];
  const askAgain = ['if [ -e .starved ]; then n=$(($(cat .starved) + 1)); echo $n > .starved; relation-set n=$n; exit 0; fi', 'touch .seen'];
  const readerCharm = makeCharm({
    'metadata.yaml': 'name: reader\nrequires:\n  token: {interface: token}\n',
    'hooks/token-relation-changed': hook(
      [
        ...(reader === 'buggy' ? firstOnly : reader === 'looping' ? askAgain : []),
        'token=$(relation-get token)',
        'if [ -n "$token" ]; then status-set active "token $token"; else status-set waiting "no token"; fi',
        ...(reader === 'looping' ? ['[ -n "$token" ] || echo 0 > .starved'] : []),
      ].join('\n'),
    ),
  });
  return {
    applications: { issuer: { charm: issuer, units: 1, config: {} }, reader: { charm: readerCharm, units: 1, config: {} } },
    relations: [['reader:token', 'issuer:token']],
  };
}

describe('explore', () => {
  it('finds the ordering bug: two outcomes, the reader status named, with the smallest seed of each', async () => {
    const dir = tempDir();
    const exploration = await explore(tokenModel('buggy'), { runs: 8, dir });
    expect(exploration.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(exploration.outcomes).toHaveLength(2);
    const [divergence] = exploration.divergences;
    // The reader's status differs, and its application's (derived from it).
    const [first, second] = exploration.outcomes;
    expect(divergence!.differences).toEqual(
      ['reader status', 'reader/0 status'].map((what) => ({ what, base: first!.outcome[what], other: second!.outcome[what] })),
    );
    expect([divergence!.differences[0]!.base, divergence!.differences[0]!.other].sort()).toEqual(['active: token abc', 'waiting: no token']);
    expect(divergence!.base).toBe(0);
    expect(divergence!.seed).toBe(exploration.outcomes[1]!.seeds[0]);
    expect(exploration.outcomes.flatMap((o) => o.seeds).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const text = formatExploration(exploration);
    expect(text).toMatch(/^8 orderings \(seeds 0–7\): 2 distinct outcomes\n {2}outcome 1: seeds? [\d, ]+\n {2}outcome 2: seeds? [\d, ]+\n\n/);
    expect(text).toContain(
      `seed ${divergence!.seed} (the smallest that gives this outcome) differs from seed 0:\n  reader status    ${first!.outcome['reader/0 status']}  ≠  ${second!.outcome['reader/0 status']}\n`,
    );
    // The two sequences side by side, from the first hook that differs; the issuer's join before or after the reader's first relation-changed.
    expect(text).toMatch(/ {2}hooks( after the \d+ both ran first)?:\n {4}seed 0 +│ seed \d\n/);
    expect(text).toContain('issuer/0 token-relation-joined (token:0 from reader/0)');
    expect(text).toContain('reader/0 token-relation-changed (token:0 from issuer/0)');
    expect(text).toContain(
      `reactive sim status --state ${join(dir, `seed-${divergence!.seed}`)}; to replay it, set seed: ${divergence!.seed} in the model file`,
    );
  });

  it('reports the fixed model as one outcome', async () => {
    const exploration = await explore(tokenModel('fixed'), { runs: 8, dir: tempDir() });
    expect(exploration.outcomes).toHaveLength(1);
    expect(exploration.outcomes[0]!.outcome['reader/0 status']).toBe('active: token abc');
    expect(exploration.divergences).toEqual([]);
    expect(formatExploration(exploration)).toBe('8 orderings (seeds 0–7): one outcome, the same whatever the order\n');
  });

  it('reports a model that does not settle under some orderings as an outcome of its own, with why', async () => {
    const exploration = await explore(tokenModel('looping'), { runs: 4, dir: tempDir(), maxRepeats: 4 });
    expect(exploration.outcomes.map((o) => o.outcome.model ?? 'settled')).toEqual(['did not settle', 'settled']);
    expect(exploration.divergences[0]!.differences).toEqual([{ what: 'model', base: 'did not settle', other: 'settled' }]);
    const text = formatExploration(exploration);
    expect(text).toMatch(/^4 orderings \(seeds 0–3\): 2 distinct outcomes\n/);
    expect(text).toContain(
      `\n  model  did not settle  ≠  settled\n  seed 0: the model did not quiesce: reader/0 token-relation-changed (token:0 from issuer/0) kept firing (4 times, the limit maxRepeats).`,
    );
  });

  it('says so, with why, when the model settles under none of the orderings', async () => {
    const charm = fixtureCharm('pinger', { plain: true });
    const pingers: ModelSpec = { applications: { a: { charm, units: 1, config: {} }, b: { charm, units: 1, config: {} } }, relations: [['a:ping', 'b:pong']] };
    const exploration = await explore(pingers, { runs: 2, dir: tempDir(), maxRepeats: 3 });
    expect(exploration.outcomes).toEqual([{ seeds: [0, 1], outcome: { model: 'did not settle' } }]);
    expect(formatExploration(exploration)).toMatch(
      /^2 orderings \(seeds 0, 1\): none settled\n {2}seed 0: the model did not quiesce: [ab]\/0 p[io]ng-relation-changed .* kept firing \(3 times, the limit maxRepeats\)\./,
    );
  });
});
