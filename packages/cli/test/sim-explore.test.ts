// `reactive sim MODEL --explore N` through the binary: an ordering bug found
// (exit 1, the divergence named), the same model fixed (one outcome, exit 0).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm, writeCharmFiles } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv } from './helpers.js';

function reactive(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 120_000, killSignal: 'SIGKILL' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const hook = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

/** A work folder with model.yaml: an issuer that publishes a token when a reader joins, and a reader that reads it (on its first relation-changed only, when `buggy`). */
function tokenModel(buggy: boolean): string {
  const issuer = makeCharm({
    'metadata.yaml': 'name: issuer\nprovides:\n  token: {interface: token}\n',
    'hooks/token-relation-joined': hook('relation-set token=abc'),
  });
  const reader = makeCharm({
    'metadata.yaml': 'name: reader\nrequires:\n  token: {interface: token}\n',
    'hooks/token-relation-changed': hook(
      [
        ...(buggy ? ['[ -e .seen ] && exit 0', 'touch .seen'] : []),
        'token=$(relation-get token)',
        'if [ -n "$token" ]; then status-set active "token $token"; else status-set waiting "no token"; fi',
      ].join('\n'),
    ),
  });
  const work = tempDir();
  writeCharmFiles(work, {
    'model.yaml': `applications:\n  issuer: {charm: ${issuer}}\n  reader: {charm: ${reader}}\nrelations:\n  - [reader:token, issuer:token]\n`,
  });
  return work;
}

describe('reactive sim --explore', () => {
  it('exits 1 naming what differs and the smallest seed that gives it, when the order of hooks changes the outcome', () => {
    const work = tokenModel(true);
    const result = reactive(['sim', 'model.yaml', '--explore', '6'], work);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^6 orderings \(seeds 0–5\): 2 distinct outcomes\n/);
    expect(result.stdout).toMatch(/\nseed \d \(the smallest that gives this outcome\) differs from seed 0:\n {2}reader status {4}/);
    expect(result.stderr).toMatch(
      /^seed \d: settled after \d+ hooks\n[^]*\ncharms\.reactive sim: 2 distinct outcomes over 6 orderings, against seed 0: reader status, reader\/0 status under seed \d\n$/,
    );
    expect(result.stderr.split('\n').filter((line) => line.startsWith('seed '))).toHaveLength(6);
    expect(existsSync(join(work, '.sim', 'explore', 'seed-5', 'model.json'))).toBe(true);
  });

  it('exits 0 with one outcome once the charm is fixed', () => {
    const result = reactive(['sim', 'model.yaml', '--explore', '6', '--state', 'out'], tokenModel(false));
    expect(result.stdout).toBe('6 orderings (seeds 0–5): one outcome, the same whatever the order\n');
    expect(result.status).toBe(0);
  });

  it('refuses a count that is not a positive whole number, and a command, in one line', () => {
    const work = tokenModel(false);
    const many = reactive(['sim', 'model.yaml', '--explore', 'many'], work);
    expect(many).toMatchObject({ status: 2, stdout: '' });
    expect(many.stderr).toMatch(/^charms\.reactive sim: error: --explore: expected how many orderings to run, 1 to 10000, got many\nUsage: /);
    const command = reactive(['sim', 'status', '--explore', '3'], work);
    expect(command.status).toBe(2);
    expect(command.stderr).toMatch(/^charms\.reactive sim: error: --explore explores a model file, not "reactive sim status"\nUsage: /);
    expect(existsSync(join(work, '.sim'))).toBe(false);
  });
});
