// The store's files before LMDB maps them: a damaged data file is named, never
// mapped (LMDB would crash the process); the lock file is written in full (LMDB
// would write a sparse one through memory: SIGBUS on a full disk); modes are
// 0600. What could crash runs in a child process, so a crash fails the test
// instead of killing the test run.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open as openLMDB } from 'lmdb';
import { UnitState } from '@reactive/hookenv';
import { smallDisk } from '../../../test-fixtures/small-disk.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const OPEN_STORES = join(import.meta.dirname, 'fixtures', 'open-stores.mjs');
const childEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '' };

/** Opens each store in a child process: its lines, "<path> ok <keys>" or "<path> error <message>", and how it ended. */
function openInChild(paths: string[], opts: { uid?: number } = {}) {
  const child = spawnSync(process.execPath, [OPEN_STORES, ...paths], {
    encoding: 'utf8',
    env: childEnv,
    maxBuffer: 16 * 1024 * 1024,
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  });
  return { status: child.status, signal: child.signal, stderr: child.stderr, lines: child.stdout.split('\n').filter(Boolean) };
}

/** A store with `commits` commits of 50 keys each (an even number leaves the latest in meta page 0, an odd one in page 1). */
async function seededStore(commits: number, path = join(tempDir(), 'state.lmdb')): Promise<string> {
  const state = UnitState.open(path);
  for (let c = 0; c < commits; c++) {
    for (let i = 0; i < 50; i++) state.set(`c${c}.k${i}`, 'x'.repeat(c * 40));
    state.commit();
  }
  await state.close();
  return path;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const damaged = (path: string, what: string) => `${path} error unit state ${path} is damaged (${what}): move it aside`;

describe('a damaged store', () => {
  it.each([2, 3])(
    'is named and left as it was, never crashing the process: every cut at 512-byte steps and every byte of the meta pages changed (%i commits)',
    async (commits) => {
      const base = readFileSync(await seededStore(commits));
      const pageSize = base.readUInt32LE(24 + 24);
      const dir = tempDir();
      const copies = new Map<string, Buffer>();
      for (let cut = 512; cut < base.length; cut += 512) copies.set(join(dir, `cut-${cut}`), base.subarray(0, cut));
      for (const start of [0, pageSize / 2, pageSize]) {
        for (let at = start; at < start + 24 + 144; at++) {
          const copy = Buffer.from(base);
          copy[at]! ^= 0xff;
          copies.set(join(dir, `byte-${at}`), copy);
        }
      }
      for (const [path, bytes] of copies) writeFileSync(path, bytes);
      const child = openInChild([...copies.keys()]);
      expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
      expect(child.lines).toHaveLength(copies.size);
      for (const line of child.lines) {
        // Either the whole state (a byte LMDB does not need to read it), or the damage named.
        expect(line).toMatch(new RegExp(`^\\S+ (ok ${commits * 50}|error unit state \\S+ is damaged \\(.+\\): move it aside)$`));
      }
      for (const [path, bytes] of copies) expect(readFileSync(path).equals(bytes), path).toBe(true);
    },
    60_000,
  );

  it('says what is wrong in one line', async () => {
    const base = readFileSync(await seededStore(2));
    const dir = tempDir();
    const write = (name: string, bytes: Buffer | string) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    const swapped = Buffer.from(base);
    swapped.writeUInt32LE(1, 24 + 128);
    swapped.writeUInt32LE(2, 4096 + 24 + 128);
    const paths = [
      write('text', 'key=value\n'.repeat(100)),
      write('short', base.subarray(0, 6000)),
      write('cut', base.subarray(0, base.length - 4096)),
      write('swapped', swapped),
    ];
    expect(openInChild(paths).lines).toEqual([
      damaged(paths[0]!, 'not an LMDB store: no meta page at its start'),
      damaged(paths[1]!, '6000 bytes, less than its two meta pages of 4096'),
      damaged(paths[2]!, `${base.length - 4096} bytes, but meta page 0 counts ${base.length / 4096} pages of 4096`),
      damaged(paths[3]!, 'meta pages 0 and 1 hold transactions 1 and 2, not two in a row'),
    ]);
  });
});

describe('store files', () => {
  it('are tightened to mode 0600 when this user owns them: a store 0644 and its lock 0666', async () => {
    const path = await seededStore(1);
    chmodSync(path, 0o644);
    chmodSync(`${path}-lock`, 0o666);
    const state = UnitState.open(path);
    await state.close();
    expect([mode(path), mode(`${path}-lock`)]).toEqual([0o600, 0o600]);
  });

  it.skipIf(process.getuid?.() !== 0)('keep their mode when another user owns them (needs root, to give them away)', async () => {
    const path = await seededStore(1);
    chmodSync(path, 0o644);
    chownSync(path, 65534, 65534);
    const state = UnitState.open(path);
    await state.close();
    expect(mode(path)).toBe(0o644);
  });

  it('a new lock file is written in full, to the size LMDB gives one', async () => {
    const path = await seededStore(1);
    const lmdbOwn = join(tempDir(), 'raw.lmdb');
    await openLMDB({ path: lmdbOwn, noSubdir: true }).close();
    const lock = statSync(`${path}-lock`);
    expect(lock.size).toBe(statSync(`${lmdbOwn}-lock`).size);
    // Not sparse: every block is there.
    expect(lock.blocks * 512).toBeGreaterThanOrEqual(lock.size);
  });

  it.skipIf(process.getuid?.() !== 0)('a store of mode 000 is named with EACCES (needs root, to open it as another user)', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const path = await seededStore(1, join(dir, 'state.lmdb'));
    chmodSync(path, 0o000);
    expect(openInChild([path], { uid: 65534 }).lines).toEqual([`${path} error unit state ${path}: cannot open (EACCES: permission denied)`]);
  });
});

describe('a read-only open', () => {
  /** The folder's files: name, mode and (but the lock file, where LMDB's readers take a slot) content. */
  const files = (dir: string) =>
    readdirSync(dir)
      .sort()
      .map((name) => [name, mode(join(dir, name)), name.endsWith('-lock') ? '' : readFileSync(join(dir, name), 'base64')]);

  it('reads a store and changes nothing: no mode tightened, no commit', async () => {
    const path = await seededStore(1);
    chmodSync(path, 0o644);
    const before = files(dirname(path));
    const state = UnitState.open(path, { readOnly: true });
    expect(state.keys('c0.')).toHaveLength(50);
    state.set('more', 1);
    expect(() => state.commit()).toThrow(`unit state ${path}: opened read-only, nothing written`);
    await state.close();
    expect(files(dirname(path))).toEqual(before);
  });

  it('refuses an empty file, left as it was, and no lock file made', () => {
    const path = join(tempDir(), 'empty.lmdb');
    writeFileSync(path, '', { mode: 0o644 });
    expect(() => UnitState.open(path, { readOnly: true })).toThrow(`unit state ${path}: not a unit state store (an empty file)`);
    expect(files(dirname(path))).toEqual([['empty.lmdb', 0o644, '']]);
  });
});

describe('a full disk', () => {
  const disk = smallDisk();
  afterAll(() => disk.unmount?.());
  const skipped = disk.reason ? ` (skipped: ${disk.reason})` : '';

  it.skipIf(disk.reason)(`a new store, a missing lock file and a commit each fail with an error, nothing written${skipped}`, async () => {
    const dir = disk.dir!;
    const kept = await seededStore(1, join(dir, 'kept.lmdb'));
    const noLock = await seededStore(1, join(dir, 'no-lock.lmdb'));
    rmSync(`${noLock}-lock`);
    disk.fill!();
    const fresh = join(dir, 'new.lmdb');
    const opened = openInChild([fresh, noLock]);
    expect(opened.lines).toEqual([
      expect.stringMatching(
        new RegExp(`^${fresh} error unit state ${fresh}: cannot start a store \\(ENOSPC: no space left on device: \\d+ bytes free, it needs 131072\\)$`),
      ),
      `${noLock} error unit state ${noLock}: cannot write its lock file ${noLock}-lock (ENOSPC: no space left on device)`,
    ]);
    // What the failed opens created is gone: no empty store, no lock file cut short.
    expect([fresh, `${fresh}-lock`, `${noLock}-lock`].filter((file) => existsSync(file))).toEqual([]);
    const script = `import { UnitState } from '@reactive/hookenv';
      const state = UnitState.open(process.argv[1]);
      state.set('big', 'x'.repeat(300_000));
      try { state.commit(); } catch (error) { console.log(error.message); }`;
    const commit = spawnSync(process.execPath, ['--input-type=module', '-e', script, kept], { cwd: import.meta.dirname, encoding: 'utf8', env: childEnv });
    expect(commit.signal).toBeNull();
    expect(commit.stdout).toMatch(new RegExp(`^unit state ${kept}: commit failed, nothing written \\(No space left on device`));
    expect(openInChild([kept]).lines).toEqual([`${kept} ok 50`]);
  });
});
