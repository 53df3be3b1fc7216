// The handler test commands (hook, when*, when_file_changed, only_once,
// mark_invoked) and `test`, which bash handlers call in every dispatch phase.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { cli, newStatePath, readState, writeState } from './helpers.js';

function withState(env: Record<string, string> = {}) {
  const path = newStatePath();
  const run = (...args: string[]) => cli(args, { UNIT_STATE_DB: path, ...env });
  const status = (...args: string[]) => {
    const result = run(...args);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    return result.status;
  };
  return { path, run, status };
}

describe('hook and any_hook', () => {
  it('hook matches the current hook only in the hooks phase; any_hook in any phase', async () => {
    const { path, status } = withState({ JUJU_HOOK_NAME: 'upgrade-charm' });
    expect(status('any_hook', 'install', 'upgrade-charm')).toBe(0);
    expect(status('any_hook', '{install,upgrade-charm}')).toBe(0);
    expect(status('any_hook', 'install')).toBe(1);
    expect(status('hook', 'upgrade-charm')).toBe(1);
    await writeState(path, { 'reactive.dispatch.phase': 'hooks' });
    expect(status('hook', 'upgrade-charm')).toBe(0);
    expect(status('hook', 'install')).toBe(1);
    await writeState(path, { 'reactive.dispatch.phase': 'other' });
    expect(status('hook', 'upgrade-charm')).toBe(1);
    expect(status('any_hook', 'upgrade-charm')).toBe(0);
  });

  it('expands {role:interface} from metadata.yaml', async () => {
    const charm = tempDir('reactive-charm-');
    writeFileSync(join(charm, 'metadata.yaml'), 'name: app\nrequires:\n  db: {interface: mysql}\n  db2: {interface: mysql}\n');
    const { status } = withState({ JUJU_CHARM_DIR: charm, JUJU_HOOK_NAME: 'db2-relation-changed' });
    expect(status('any_hook', '{requires:mysql}-relation-{joined,changed}')).toBe(0);
    expect(status('any_hook', '{provides:mysql}-relation-changed')).toBe(1);
  });
});

describe('when tests', () => {
  it('are true only in the other phase of a dispatch', async () => {
    const { path, run, status } = withState();
    run('set_flag', 'a');
    run('set_flag', 'b');
    expect(status('when', 'a')).toBe(1);
    await writeState(path, { 'reactive.dispatch.phase': 'hooks' });
    expect(status('when', 'a')).toBe(1);
    await writeState(path, { 'reactive.dispatch.phase': 'other' });
    expect(status('when', 'a', 'b')).toBe(0);
    expect(status('when_all', 'a', 'c')).toBe(1);
    expect(status('when_any', 'c', 'b')).toBe(0);
    expect(status('when_any', 'c', 'd')).toBe(1);
    expect(status('when_not', 'c', 'd')).toBe(0);
    expect(status('when_none', 'c', 'a')).toBe(1);
    expect(status('when_not_all', 'a', 'c')).toBe(0);
    expect(status('when_not_all', 'a', 'b')).toBe(1);
    await writeState(path, { 'reactive.dispatch.phase': 'restricted' });
    expect(status('when_not', 'c')).toBe(1);
  });
});

describe('when_file_changed', () => {
  it('is true when a file changed since the last check, and records the new hashes', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.conf');
    const b = join(dir, 'b.conf');
    const { path, status } = withState();
    expect(status('when_file_changed', a, b)).toBe(1); // never existed: no change
    writeFileSync(a, 'one');
    expect(status('when_file_changed', a, b)).toBe(0);
    expect(status('when_file_changed', a, b)).toBe(1);
    expect((await readState(path))[`reactive.files_changed.${a}`]).toBe('f97c5d29941bfb1b2fdab0874906ab82'); // md5('one')
    writeFileSync(b, 'two');
    writeFileSync(a, 'three');
    expect(status('when_file_changed', a, b)).toBe(0);
    expect(status('when_file_changed', b)).toBe(1); // both hashes were recorded
    rmSync(a);
    expect(status('when_file_changed', a)).toBe(0); // deleted: a change, once
    expect(status('when_file_changed', a)).toBe(1);
  });
});

describe('only_once and mark_invoked', () => {
  it('only_once is true until the handler is marked invoked', async () => {
    const { path, status } = withState();
    const id = '/charm/reactive/app.sh:12:configure';
    expect(status('only_once', id)).toBe(0);
    expect(status('mark_invoked', id, 'other:1:x')).toBe(0);
    expect(status('only_once', id)).toBe(1);
    expect(await readState(path, 'reactive.invoked.')).toEqual({ [`reactive.invoked.${id}`]: true, 'reactive.invoked.other:1:x': true });
  });
});

describe('test', () => {
  async function inDispatch(path: string, phase: string, watch = { iteration: 0, changes: [] as string[], pending: [] as string[] }) {
    await writeState(path, { 'reactive.dispatch.phase': phase, 'reactive.state_watch': watch });
  }

  it('prints the handlers whose tests all pass, comma-separated, and always exits 0', async () => {
    const { path, run } = withState({ JUJU_HOOK_NAME: 'config-changed' });
    run('set_flag', 'a.b');
    run('set_flag', 'c.d');
    await inDispatch(path, 'other');
    const result = run(
      'test',
      `foo foo_id when "a.b c.d" when_not x`,
      `'bar' 'bar_id' 'when' "'a.b' 'x' "`,
      `baz baz_id when_any 'x c.d' when_not_all 'a.b c.d'`,
      `qux qux_id when_none x`,
      `hooky hooky_id hook config-changed`,
    );
    expect(result).toEqual({ status: 0, stdout: 'foo,qux', stderr: '' });
    expect(run('test', 'nothing nothing_id when x').stdout).toBe('');
    expect(run('test').stdout).toBe('');
    await inDispatch(path, 'hooks');
    expect(run('test', 'hooky id hook "install config-changed"', 'foo foo_id when a.b').stdout).toBe('hooky');
  });

  it('after iteration 0, passes a handler with flag tests only if one of its flags changed (FlagWatch)', async () => {
    const { path, run } = withState();
    run('set_flag', 'a');
    const specs = ['one id1 when a', 'two id2 when a when_not b', 'files id3 when_file_changed /nonexistent', 'once id4 only_once ""'];
    await inDispatch(path, 'other', { iteration: 0, changes: [], pending: [] });
    expect(run('test', ...specs).stdout).toBe('one,two,once');
    await inDispatch(path, 'other', { iteration: 1, changes: ['b'], pending: [] });
    expect(run('test', ...specs).stdout).toBe('two,once');
    await inDispatch(path, 'other', { iteration: 2, changes: [], pending: [] });
    expect(run('test', ...specs).stdout).toBe('once');
    run('mark_invoked', 'id4');
    expect(run('test', ...specs).stdout).toBe('');
  });

  it('evaluates every test: a file change is recorded even when another test fails', async () => {
    const dir = tempDir();
    const file = join(dir, 'f');
    const { path, run } = withState();
    await inDispatch(path, 'other');
    run('when_file_changed', file);
    writeFileSync(file, 'x');
    expect(run('test', `h id when missing.flag when_file_changed ${file}`).stdout).toBe('');
    expect(run('when_file_changed', file).status).toBe(1);
  });

  it('splits specs with shell quoting, quotes inside quotes included', async () => {
    const { path, run } = withState();
    run('set_flag', "it's");
    run('set_flag', 'with space');
    await inDispatch(path, 'other');
    // As charms.reactive.sh builds them: every word single-quoted, the test's arguments quoted twice.
    const q = (word: string) => `'${word.replace(/'/g, `'"'"'`)}'`;
    const spec = [q('odd name'), q('id'), q('when'), q(`${q("it's")} ${q('with space')} `)].join(' ');
    expect(run('test', spec).stdout).toBe('odd name');
    expect(run('test', `x id when "\\"it's\\" 'with space'"`).stdout).toBe('x');
  });

  it('refuses a bad spec with a usage error before running any test', async () => {
    const dir = tempDir();
    const file = join(dir, 'f');
    writeFileSync(file, 'x');
    const { path, run } = withState();
    await inDispatch(path, 'other');
    const invalid = run('test', `a id when_file_changed ${file}`, 'b id when_bogus x');
    expect(invalid.status).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toMatch(/^charms\.reactive test: error: Invalid test: when_bogus \(in the spec of b\)\n/);
    expect((await readState(path))[`reactive.files_changed.${file}`]).toBeUndefined();
    expect(run('test', 'lonely').stderr).toMatch(/error: handler spec needs a name and an id: "lonely"/);
    expect(run('test', `a id when "unclosed`).stderr).toMatch(/error: No closing quotation/);
  });
});
