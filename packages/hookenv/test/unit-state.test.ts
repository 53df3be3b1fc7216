import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open as openLMDB } from 'lmdb';
import { setUnitState, UnitState, unitState, UnitStateError } from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const open: UnitState[] = [];
function store(path = join(tempDir(), 'state.lmdb')): UnitState {
  const state = UnitState.open(path);
  open.push(state);
  return state;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((state) => state.close()));
  setUnitState(undefined);
});

describe('UnitState', () => {
  it('stores anything JSON can hold and reads back copies', () => {
    const state = store();
    const value = { a: [1, 'two', null, true], b: { c: 1.5 } };
    state.set('k', value);
    expect(state.get('k')).toEqual(value);
    (state.get('k') as { a: unknown[] }).a.push('mutated');
    expect(state.get('k')).toEqual(value);
    expect(state.get('missing')).toBeUndefined();
    expect(state.get('missing', 42)).toBe(42);
    expect(state.has('k')).toBe(true);
    state.unset('k');
    expect(state.has('k')).toBe(false);
  });

  it('makes changes visible at once here but to other openers only after commit', async () => {
    const path = join(tempDir(), 'state.lmdb');
    const writer = store(path);
    writer.set('a', 1);
    const reader = store(path);
    expect(reader.get('a')).toBeUndefined();
    writer.commit();
    reader.refresh();
    expect(reader.get('a')).toBe(1);
  });

  it("keeps every committer's keys when two processes commit in turn", () => {
    const path = join(tempDir(), 'state.lmdb');
    const first = store(path);
    const second = store(path);
    first.get('load before the other commits');
    second.set('from.second', 2);
    second.commit();
    first.set('from.first', 1);
    first.commit();
    expect(first.keys('from.')).toEqual(['from.first', 'from.second']);
    second.refresh();
    expect(second.getRange('from.', { strip: true })).toEqual({ first: 1, second: 2 });
  });

  // Closing any descriptor of the lock file dropped this process's LMDB lock, so
  // the next process re-initialised the lock file under the open store here.
  it('stays readable when it is opened three times in one process and another process commits between the opens', async () => {
    const path = join(tempDir(), 'state.lmdb');
    const childCommit = (key: string) => {
      const code =
        "import { UnitState } from '@reactive/hookenv'; const s = UnitState.open(process.argv[1]); s.set(process.argv[2], 1); s.commit(); await s.close();";
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', code, path, key], { encoding: 'utf8', cwd: join(import.meta.dirname, '..') });
      expect(child.stderr).toBe('');
    };
    const first = store(path);
    first.set('from.first', 1);
    first.commit();
    childCommit('from.child1');
    const second = UnitState.open(path);
    childCommit('from.child2');
    second.refresh();
    expect(second.keys('from.')).toEqual(['from.child1', 'from.child2', 'from.first']);
    await second.close();
    const third = store(path);
    childCommit('from.child3');
    first.refresh();
    third.refresh();
    expect(first.keys('from.')).toEqual(['from.child1', 'from.child2', 'from.child3', 'from.first']);
    third.set('from.third', 3);
    third.commit();
    first.refresh();
    expect(first.get('from.third')).toBe(3);
  });

  it('keeps keys sorted across commits that add and remove keys', () => {
    const state = store();
    state.update({ m: 1, c: 1, x: 1 });
    state.commit();
    expect(state.keys()).toEqual(['c', 'm', 'x']);
    state.set('a', 1);
    state.set('n', 1);
    state.unset('m');
    state.commit();
    expect(state.keys()).toEqual(['a', 'c', 'n', 'x']);
    expect(state.keys('n')).toEqual(['n']);
    expect(state.keys('zz')).toEqual([]);
  });

  it('revert drops every pending change', () => {
    const state = store();
    state.set('kept', 1);
    state.commit();
    state.set('kept', 2);
    state.set('new', 3);
    state.unset('kept');
    state.revert();
    expect(state.get('kept')).toBe(1);
    expect(state.has('new')).toBe(false);
    expect(state.dirty).toBe(false);
  });

  it('generation changes when what the store holds may change other than by set and unset', async () => {
    const state = store();
    const seen = [state.generation];
    const step = (action: () => unknown) => {
      action();
      seen.push(state.generation);
    };
    step(() => state.set('a', 1));
    step(() => state.unset('a'));
    step(() => state.get('a'));
    step(() => state.commit());
    step(() => state.set('b', 1));
    step(() => state.revert());
    step(() => state.refresh());
    const snapshot = state.snapshot();
    step(() => state.restore(snapshot));
    expect(seen.map((generation) => generation - seen[0]!)).toEqual([0, 0, 0, 0, 1, 1, 2, 3, 4]);
  });

  it('keySet(prefix) follows set and unset, and what commit, revert and refresh bring', () => {
    const path = join(tempDir(), 'state.lmdb');
    const state = store(path);
    state.update({ a: 1, b: 2 }, { prefix: 'f.' });
    state.set('fX', 'not under "f."');
    state.commit();
    expect([...state.keySet('f.')].sort()).toEqual(['a', 'b']);
    state.set('f.c', null);
    state.unset('f.a');
    expect([...state.keySet('f.')].sort()).toEqual(['b', 'c']);
    state.revert();
    expect([...state.keySet('f.')].sort()).toEqual(['a', 'b']);

    const other = store(path);
    other.set('f.from-other', 1);
    other.unset('f.b');
    other.commit();
    expect(state.keySet('f.').has('from-other')).toBe(false);
    state.set('f.mine', 1);
    state.commit();
    expect([...state.keySet('f.')].sort()).toEqual(['a', 'from-other', 'mine']);
    other.set('f.later', 1);
    other.commit();
    state.refresh();
    expect(state.keySet('f.').has('later')).toBe(true);
  });

  it('side entries are written by commit beside the keys, dropped by revert, and listed by prefix', () => {
    const path = join(tempDir(), 'state.lmdb');
    const state = store(path);
    state.setEntry('log/2', 'two');
    state.setEntry('log/1', 'one');
    state.setEntry('other', 'x');
    expect(state.entry('log/1')).toBe('one');
    expect(state.entryNames('log/')).toEqual(['log/1', 'log/2']);
    const reader = store(path);
    expect(reader.entry('log/1')).toBeUndefined();
    state.commit();
    reader.refresh();
    expect(reader.entry('log/2')).toBe('two');
    expect(reader.entryNames('log/')).toEqual(['log/1', 'log/2']);
    expect(reader.keys()).toEqual([]);

    state.setEntry('log/1', undefined);
    state.setEntry('log/3', 'three');
    expect(state.entryNames('log/')).toEqual(['log/2', 'log/3']);
    state.revert();
    expect(state.entryNames('log/')).toEqual(['log/1', 'log/2']);
    state.setEntry('log/1', undefined);
    state.set('k', 1);
    state.commit();
    reader.refresh();
    expect(reader.entryNames('')).toEqual(['log/2', 'other']);
    expect(reader.get('k')).toBe(1);
  });

  it('ranges use an exact prefix, merge pending changes and can strip the prefix', () => {
    const state = store();
    state.update({ a: 1, b: 2, c: 3 }, { prefix: 'p.' });
    state.set('pX', 'not under "p."');
    state.set('P.a', 'case matters');
    state.commit();
    state.unset('p.b');
    state.set('p.d', 4);
    expect(state.getRange('p.')).toEqual({ 'p.a': 1, 'p.c': 3, 'p.d': 4 });
    expect(state.getRange('p.', { strip: true })).toEqual({ a: 1, c: 3, d: 4 });
    expect(state.keys('p.')).toEqual(['p.a', 'p.c', 'p.d']);
    expect(state.keys('p.', { strip: true })).toEqual(['a', 'c', 'd']);
    state.commit();
    expect(state.keys('p.', { strip: true })).toEqual(['a', 'c', 'd']);
  });

  it('keys(prefix) finds exactly the keys starting with it, at either end of the store', () => {
    const state = store();
    for (const key of ['a', 'ab', 'ab\uffff', 'ab\uffffz', 'abc', 'ac', 'b']) state.set(key, 1);
    state.commit();
    expect(state.keys('ab')).toEqual(['ab', 'abc', 'ab\uffff', 'ab\uffffz']);
    expect(state.keys('a', { strip: true })).toEqual(['', 'b', 'bc', 'b\uffff', 'b\uffffz', 'c']);
    expect(state.keys('b')).toEqual(['b']);
    expect(state.keys('')).toHaveLength(7);
    expect(state.keys('0')).toEqual([]);
    expect(state.keys('c')).toEqual([]);
  });

  it('unsetRange removes listed keys under a prefix, or the whole prefix', () => {
    const state = store();
    state.update({ a: 1, b: 2, c: 3 }, { prefix: 'p.' });
    state.unsetRange(['a', 'b'], 'p.');
    expect(state.keys('p.')).toEqual(['p.c']);
    state.unsetRange(undefined, 'p.');
    expect(state.keys('p.')).toEqual([]);
  });

  it('keeps a "__proto__" key as data', () => {
    const state = store();
    state.set('x.__proto__', { polluted: true });
    const range = state.getRange('x.', { strip: true });
    expect(Object.keys(range)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('creates the store file and its lock with mode 0600', () => {
    const path = join(tempDir(), 'state.lmdb');
    store(path).set('a', 1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-lock`).mode & 0o777).toBe(0o600);
  });

  it('opens from UNIT_STATE_DB, else the charm dir', () => {
    const dir = tempDir();
    process.env.UNIT_STATE_DB = join(dir, 'custom.lmdb');
    expect(unitState().path).toBe(join(dir, 'custom.lmdb'));
    open.push(unitState());
    setUnitState(undefined);
    delete process.env.UNIT_STATE_DB;
    process.env.JUJU_CHARM_DIR = dir;
    expect(unitState().path).toBe(join(dir, '.unit-state.lmdb'));
    open.push(unitState());
    delete process.env.JUJU_CHARM_DIR;
  });
});

describe('UnitState bad input', () => {
  it('refuses values JSON cannot hold, naming the key and the part', () => {
    const state = store();
    // @ts-expect-error -- set()'s type refuses it too; JavaScript reaches the run-time check
    expect(() => state.set('k', () => 1)).toThrow('unit state key "k": the value is a function, which JSON cannot hold');
    expect(() => state.set('k', { a: [1, { b: Number.NaN }] })).toThrow('the value at a[1].b is NaN');
    // @ts-expect-error -- set()'s type refuses it too; JavaScript reaches the run-time check
    expect(() => state.set('k', { when: new Date(0) })).toThrow('the value at when is a Date');
    // @ts-expect-error -- set()'s type refuses it too; JavaScript reaches the run-time check
    expect(() => state.set('k', { n: 10n })).toThrow('a BigInt');
    // @ts-expect-error -- set()'s type refuses it too; JavaScript reaches the run-time check
    expect(() => state.set('k', undefined)).toThrow('the value is undefined');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => state.set('k', cycle)).toThrow('circular reference');
    expect(state.has('k')).toBe(false);
  });

  it('refuses empty and non-string keys', () => {
    const state = store();
    expect(() => state.set('', 1)).toThrow(UnitStateError);
    expect(() => state.set(7 as unknown as string, 1)).toThrow('non-empty string');
    expect(() => state.unset(undefined as unknown as string)).toThrow('non-empty string');
  });

  it('names a store whose document is damaged', async () => {
    const path = join(tempDir(), 'state.lmdb');
    const raw = openLMDB<string, string>({ path, encoding: 'string', noSubdir: true });
    raw.putSync('unit-state/v1', '["a", "1", "b"]');
    await raw.close();
    expect(() => UnitState.open(path).get('a')).toThrow(`unit state ${path}: the stored document is malformed (corrupt store?)`);
  });

  it('names a missing directory', () => {
    const path = join(tempDir(), 'nope', 'state.lmdb');
    expect(() => UnitState.open(path)).toThrow(`unit state ${path}: directory ${join(path, '..')} does not exist`);
  });

  it('names a corrupt store file instead of crashing', () => {
    const path = join(tempDir(), 'state.lmdb');
    writeFileSync(path, 'this is not LMDB'.repeat(600));
    expect(() => UnitState.open(path)).toThrow(`unit state ${path} is damaged (not an LMDB store: no meta page at its start): move it aside`);
  });

  it('names a read-only directory', () => {
    const dir = join(tempDir(), 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    chmodSync(join(dir, '..'), 0o755);
    const path = join(dir, 'state.lmdb');
    // Root ignores permissions, so open the store as an unprivileged user.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const script = `import('@reactive/hookenv').then(({ UnitState }) => UnitState.open(${JSON.stringify(path)}))
      .catch((e) => { console.error(e.message); process.exit(3); })`;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: import.meta.dirname, encoding: 'utf8', ...asUser });
    expect(child.status).toBe(3);
    expect(child.stderr).toContain(`unit state ${path}: cannot create`);
    expect(child.stderr).toContain('EACCES');
  });
});
