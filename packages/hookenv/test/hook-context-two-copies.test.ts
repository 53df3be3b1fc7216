// Two copies of @reactive/hookenv in one process (a charm that vendors its own
// beside the framework's): a handler's relation and leader data, its atStart and
// atExit callbacks, and the hook tools the harness swaps in are the same through
// either copy, so nothing the charm does through its own copy is lost.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const PACKAGE = join(import.meta.dirname, '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'hook-context-two-copies.mjs');
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

it("two copies share the hook: what a handler sets or registers through its copy is sent and run by the framework's", () => {
  const child = spawnSync(process.execPath, [FIXTURE, copyOfPackage(), copyOfPackage(), join(tempDir(), 'state.lmdb')], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(
    child.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as unknown),
  ).toEqual([
    ["B sees A's hook tools", true],
    ['B sets relation data', null],
    ['B sets leader data', null],
    ['A reads what B set', ['db.example', 't']],
    ['A runs the callbacks', ['start through B', 'exit through B']],
    ['A sends, Juju holds', [{ host: 'db.example' }, { token: 't' }]],
  ]);
}, 30_000);
