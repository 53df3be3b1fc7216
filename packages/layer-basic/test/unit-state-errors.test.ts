// A unit state that cannot be used, met by the hook Juju runs (hooks/<hook>
// → bin/reactive-hook → lib/reactive-hook.mjs) and by `reactive flags`: one
// line naming the store and why (the hook's in juju-log, and not on stderr
// too, which Juju writes into the same unit log), a non-zero exit, never a
// signal, and the store file left as it was.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { smallDisk } from '../../../test-fixtures/small-disk.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const LAYER = join(import.meta.dirname, '..', 'layer');
const REPO = join(import.meta.dirname, '..', '..', '..');
const REACTIVE = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'reactive');

/** A built charm (in `dir`, else a new temp folder): layer:basic's launcher, hook entry and a hook file, and a handler that sets a flag. */
function builtCharm(into?: string): string {
  const dir = into ?? makeCharm();
  if (into) {
    mkdirSync(into);
    symlinkSync(join(REPO, 'node_modules'), join(into, 'node_modules'));
  }
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  writeFileSync(join(dir, 'metadata.yaml'), 'name: app\n');
  mkdirSync(join(dir, 'reactive'));
  writeFileSync(
    join(dir, 'reactive', 'app.js'),
    "import { setFlag } from '@reactive/flags';\nimport { whenNot } from '@reactive/bus';\nwhenNot('ran')(function ran() { setFlag('ran'); });\n",
  );
  for (const [from, to] of [
    ['bin/reactive-hook', 'bin/reactive-hook'],
    ['lib/reactive-hook.mjs', 'lib/reactive-hook.mjs'],
    ['hooks/hook.template', 'hooks/config-changed'],
  ] as const) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(join(LAYER, from), join(dir, to));
    chmodSync(join(dir, to), 0o755);
  }
  return dir;
}

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  logged: string[];
}

/** Runs hooks/config-changed as Juju would, with fake hook tools; `store` is UNIT_STATE_DB when given. */
function runHook(charm: string, store?: string): Outcome {
  const tools = new FakeHookTools(tempDir('reactive-tools-'));
  for (const tool of ['juju-log', 'status-set']) tools.add(tool);
  tools.add('config-get', { stdout: '{}' });
  tools.add('is-leader', { stdout: 'false' });
  tools.add('leader-get', { stdout: '{}' });
  tools.add('relation-ids', { stdout: '[]' });
  const env: NodeJS.ProcessEnv = {
    PATH: `${tools.dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
    JUJU_UNIT_NAME: 'app/0',
    JUJU_CONTEXT_ID: 'app/0-config-changed-1',
    NODE_COMPILE_CACHE: '',
    ...(store ? { UNIT_STATE_DB: store } : {}),
  };
  const child = spawnSync(join(charm, 'hooks', 'config-changed'), [], { cwd: '/', env, encoding: 'utf8', timeout: 60_000 });
  const logged = tools
    .calls()
    .filter((call) => call.tool === 'juju-log' && call.args.includes('ERROR'))
    .map((call) => call.args.at(-1)!);
  return { status: child.status, signal: child.signal, stderr: child.stderr, logged };
}

/** `reactive flags --state store`. */
function reactiveFlags(store: string) {
  const child = spawnSync(REACTIVE, ['flags', '--state', store], { encoding: 'utf8', env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });
  return { status: child.status, signal: child.signal, stderr: child.stderr };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The hook failed with `line` as its one juju-log ERROR, and nothing on stderr. */
function expectFailure(outcome: Outcome, line: string | RegExp): void {
  expect({ status: outcome.status, signal: outcome.signal, stderr: outcome.stderr }).toEqual({ status: 1, signal: null, stderr: '' });
  expect(outcome.logged).toEqual([expect.stringMatching(typeof line === 'string' ? `^${escape(line)}$` : line)]);
}

let seeded: Buffer | undefined;
/** A charm with a copy of a store that two hooks committed to (one in each meta page). */
function storeWithFlags(): { charm: string; store: string } {
  if (!seeded) {
    const first = builtCharm();
    expect(runHook(first).status).toBe(0);
    expect(runHook(first).status).toBe(0);
    seeded = readFileSync(join(first, '.unit-state.lmdb'));
  }
  const charm = builtCharm();
  const store = join(charm, '.unit-state.lmdb');
  writeFileSync(store, seeded);
  return { charm, store };
}

describe('a unit state that cannot be opened', () => {
  it('a folder where the store should be', () => {
    const charm = builtCharm();
    const store = join(charm, '.unit-state.lmdb');
    mkdirSync(store);
    expectFailure(runHook(charm), `unit state ${store}: cannot open (EISDIR: illegal operation on a directory)`);
  });

  it('a store in a folder that does not exist', () => {
    const store = join(tempDir(), 'gone', 'state.lmdb');
    expectFailure(runHook(builtCharm(), store), `unit state ${store}: directory ${dirname(store)} does not exist`);
  });

  it('a file that is not an LMDB store, left as it was', () => {
    const charm = builtCharm();
    const store = join(charm, '.unit-state.lmdb');
    writeFileSync(store, 'flags=ran\n'.repeat(1000));
    expectFailure(runHook(charm), `unit state ${store} is damaged (not an LMDB store: no meta page at its start): move it aside`);
    expect(readFileSync(store, 'utf8')).toBe('flags=ran\n'.repeat(1000));
  });
});

describe('a damaged store', () => {
  it.each([
    ['in its first page', 100],
    ['after its meta pages', 8192],
    ['in its last page', -100],
  ])('cut short %s: the hook and reactive flags name it, and the file stays as it was', (_where, cut) => {
    const { charm, store } = storeWithFlags();
    const size = readFileSync(store).length;
    truncateSync(store, cut > 0 ? cut : size + cut);
    const before = readFileSync(store);
    const damaged = new RegExp(`^unit state ${escape(store)} is damaged \\((.+)\\): move it aside$`);
    expectFailure(runHook(charm), damaged);
    const flags = reactiveFlags(store);
    expect({ status: flags.status, signal: flags.signal }).toEqual({ status: 1, signal: null });
    expect(flags.stderr.trim()).toMatch(new RegExp(`^reactive flags: unit state ${escape(store)} is damaged \\(.+\\): move it aside$`));
    expect(readFileSync(store).equals(before)).toBe(true);
  });

  it('with a byte of its second meta page changed: the hook and reactive flags name it', () => {
    const { charm, store } = storeWithFlags();
    const bytes = readFileSync(store);
    // The second meta page's last page number (page size 4096, page header 24, field 120 bytes in).
    const lastPage = 4096 + 24 + 120;
    bytes[lastPage + 2]! ^= 0xff;
    writeFileSync(store, bytes);
    const line = `unit state ${store} is damaged (${bytes.length} bytes, but meta page 1 counts ${bytes.readUInt32LE(lastPage) + 1} pages of 4096): move it aside`;
    expectFailure(runHook(charm), line);
    expect(reactiveFlags(store)).toEqual({ status: 1, signal: null, stderr: `reactive flags: ${line}\n` });
    expect(readFileSync(store).equals(bytes)).toBe(true);
  });
});

describe('a unit state on a file system that takes no writes', () => {
  const full = smallDisk();
  const readOnly = smallDisk();
  afterAll(() => {
    full.unmount?.();
    readOnly.unmount?.();
  });
  const skipped = full.reason ? ` (skipped: ${full.reason})` : '';

  it.skipIf(full.reason)(`full: the first hook says ENOSPC and names the store${skipped}`, () => {
    const charm = builtCharm(join(full.dir!, 'charm'));
    full.fill!();
    const store = join(charm, '.unit-state.lmdb');
    expectFailure(
      runHook(charm),
      new RegExp(`^unit state ${escape(store)}: cannot start a store \\(ENOSPC: no space left on device: \\d+ bytes free, it needs 131072\\)$`),
    );
  });

  it.skipIf(readOnly.reason)(`read-only: the hook says EROFS and names the store${skipped}`, () => {
    readOnly.readOnly!();
    const store = join(readOnly.dir!, 'state.lmdb');
    expectFailure(runHook(builtCharm(), store), `unit state ${store}: cannot create (EROFS: read-only file system)`);
  });
});
