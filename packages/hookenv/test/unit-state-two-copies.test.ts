// Two copies of @reactive/hookenv in one process (a charm that vendors its own
// beside the framework's, or a test runner that reloads modules): they share
// one store and its pending changes, and neither drops the POSIX locks LMDB
// holds on the store's lock file, which closing any descriptor of that file in
// the process would.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const PACKAGE = join(import.meta.dirname, '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'two-copies.mjs');
const LMDB = dirname(findPackageJSON('lmdb', import.meta.url)!);

/** A copy of this package's build in a folder of its own, finding LMDB as an installed package would. */
function copyOfPackage(): string {
  const root = tempDir();
  const copy = join(root, 'node_modules', '@reactive', 'hookenv');
  mkdirSync(copy, { recursive: true });
  cpSync(join(PACKAGE, 'package.json'), join(copy, 'package.json'));
  cpSync(join(PACKAGE, 'dist'), join(copy, 'dist'), { recursive: true, filter: (file) => !file.includes('.v8cache') });
  symlinkSync(LMDB, join(root, 'node_modules', 'lmdb'));
  return copy;
}

function runScenario(scenario: string): unknown[] {
  const path = join(tempDir(), 'state.lmdb');
  const child = spawnSync(process.execPath, [FIXTURE, copyOfPackage(), copyOfPackage(), scenario, path], {
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
  });
  expect(child.stderr).toBe('');
  return child.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
}

describe('two copies of @reactive/hookenv in one process', () => {
  it('keep the store usable while other processes commit: no "No transaction to renew", nothing lost', () => {
    expect(runScenario('open-in-both')).toEqual([
      ['B reads', ['from.a']],
      ['A reads', ['from.a', 'from.other1']],
      ['A commits', ['from.a', 'from.a2', 'from.other1']],
      ['A reads after B closed', ['from.a', 'from.a2', 'from.other1', 'from.other2']],
      ['A commits after B closed', true],
      ['another process reads', ['from.a', 'from.a2', 'from.a3', 'from.other1', 'from.other2']],
    ]);
  }, 30_000);

  it("share the unit's store: a change made through one is committed by the other", () => {
    expect(runScenario('one-store')).toEqual([
      ['the same store', true],
      ['A sees B', 1],
      ['dirty after the commit', false],
      ['A after B reset it', true],
      ['another process reads', ['from.a', 'from.b']],
    ]);
  }, 30_000);

  it('leave alone the locks of a store that other code in the process opened first', () => {
    expect(runScenario('lmdb-first')).toEqual([
      ['the other code reads and writes', 'y'],
      ['A reads', ['from.a', 'from.other1']],
    ]);
  }, 30_000);
});
