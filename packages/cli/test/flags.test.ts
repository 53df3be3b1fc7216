// The flag commands, run as the built binary against a temporary unit state.
import { describe, expect, it } from 'vitest';
import { cli, newStatePath, readFlags, readState, writeState } from './helpers.js';

function withState() {
  const path = newStatePath();
  const run = (...args: string[]) => cli(args, { UNIT_STATE_DB: path });
  return { path, run };
}

describe('set_flag / clear_flag', () => {
  it('set a flag, print nothing, exit 0, and commit', async () => {
    const { path, run } = withState();
    expect(run('set_flag', 'db.ready')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await readState(path, 'reactive.states.')).toEqual({ 'reactive.states.db.ready': null });
    expect(run('clear_flag', 'db.ready')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await readFlags(path)).toEqual([]);
    expect((await readState(path))['reactive.dispatch.removed_state']).toBe(true);
  });

  it('store --value as a string', async () => {
    const { path, run } = withState();
    expect(run('set_flag', 'app.port', '--value', '8080').status).toBe(0);
    expect(run('set_flag', '--value=x y', 'app.name').status).toBe(0);
    expect(await readState(path, 'reactive.states.')).toEqual({ 'reactive.states.app.port': '8080', 'reactive.states.app.name': 'x y' });
  });

  it('run the triggers registered (by the hook, or by register_trigger) for the flag', async () => {
    const { path, run } = withState();
    expect(run('register_trigger', '--when', 'db.changed', '--clear_flag', 'config.rendered').status).toBe(0);
    expect(run('register_trigger', '--when_not', 'db.ready', '--set_flag', 'db.gone').status).toBe(0);
    run('set_flag', 'config.rendered');
    run('set_flag', 'db.ready');
    run('set_flag', 'db.changed');
    expect(await readFlags(path)).toEqual(['db.changed', 'db.ready']);
    run('clear_flag', 'db.ready');
    expect(await readFlags(path)).toEqual(['db.changed', 'db.gone']);
    expect(await readState(path, 'reactive.flag_set_triggers.')).toEqual({
      'reactive.flag_set_triggers.db.changed': { set_flag: [], clear_flag: ['config.rendered'] },
    });
  });

  it('record effective changes in the FlagWatch of a running dispatch, and only then', async () => {
    const { path, run } = withState();
    run('set_flag', 'outside');
    expect((await readState(path))['reactive.state_watch']).toBeUndefined();
    await writeState(path, { 'reactive.state_watch': { iteration: 1, changes: ['x'], pending: [] } });
    run('set_flag', 'a');
    run('set_flag', 'a');
    run('clear_flag', 'never.set');
    run('clear_flag', 'outside');
    expect((await readState(path))['reactive.state_watch']).toEqual({ iteration: 1, changes: ['x'], pending: ['a', 'outside'] });
  });
});

describe('toggle_flag', () => {
  it('reads SHOULD_SET as a boolean word: `toggle_flag X False` clears X (Python set it)', async () => {
    const { path, run } = withState();
    for (const word of ['true', 'True', 'yes', 'on', '1']) {
      run('clear_flag', 'x');
      expect(run('toggle_flag', 'x', word).status).toBe(0);
      expect(await readFlags(path)).toEqual(['x']);
    }
    for (const word of ['false', 'False', 'no', 'off', '0', '']) {
      run('set_flag', 'x');
      expect(run('toggle_flag', 'x', word).status).toBe(0);
      expect(await readFlags(path)).toEqual([]);
    }
  });

  it('refuses any other word with a usage error, changing nothing', async () => {
    const { path, run } = withState();
    run('set_flag', 'x');
    const result = run('toggle_flag', 'x', 'maybe');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^charms\.reactive toggle_flag: error: SHOULD_SET must be true\/yes\/on\/1 or false\/no\/off\/0, got "maybe"\n/);
    expect(result.stderr).toContain('Usage: charms.reactive toggle_flag [options] <flag> <should_set>');
    expect(await readFlags(path)).toEqual(['x']);
  });
});

describe('register_trigger', () => {
  it('needs exactly one of --when/--when_not and an action (exit 2); --callback is refused', async () => {
    const { path, run } = withState();
    expect(run('register_trigger', '--set_flag', 'b').stderr).toMatch(/error: give exactly one of --when or --when_not/);
    expect(run('register_trigger', '--when', 'a', '--when_not', 'b', '--set_flag', 'c').status).toBe(2);
    expect(run('register_trigger', '--when', 'a').stderr).toMatch(/error: give at least one of --set_flag or --clear_flag/);
    const callback = run('register_trigger', '--when', 'a', '--callback', 'foo');
    expect(callback.status).toBe(2);
    expect(callback.stderr).toMatch(/--callback cannot be used from the command line/);
    expect(await readState(path)).toEqual({});
  });
});

describe('flag tests', () => {
  it('is_flag_set, all_flags_set and any_flags_set answer with the exit status and print nothing', () => {
    const { run } = withState();
    run('set_flag', 'a');
    run('set_flag', 'b');
    const status = (...args: string[]) => {
      const result = run(...args);
      expect(result.stdout + result.stderr).toBe('');
      return result.status;
    };
    expect(status('is_flag_set', 'a')).toBe(0);
    expect(status('is_flag_set', 'c')).toBe(1);
    expect(status('all_flags_set', 'a', 'b')).toBe(0);
    expect(status('all_flags_set', 'a', 'c')).toBe(1);
    expect(status('all_flags_set')).toBe(0);
    expect(status('any_flags_set', 'c', 'b')).toBe(0);
    expect(status('any_flags_set', 'c', 'd')).toBe(1);
    expect(status('any_flags_set')).toBe(1);
    expect(status('is_state', 'a')).toBe(0);
    expect(status('all_states', 'a', 'c')).toBe(1);
    expect(status('any_states', 'a', 'c')).toBe(0);
  });
});

describe('get_flags / get_unset_flags / get_states', () => {
  it("print sorted names one per line, nothing when there are none, a JSON array with -j: Python's output to the byte", () => {
    const { run } = withState();
    expect(run('get_flags')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('-j', 'get_flags').stdout).toBe('[]');
    for (const flag of ['b.two', 'a.one', 'c']) run('set_flag', flag);
    // charm-helpers' OutputFormatter: no newline after the last item, json.dump's separators.
    expect(run('get_flags')).toEqual({ status: 0, stdout: 'a.one\nb.two\nc', stderr: '' });
    expect(run('-j', 'get_flags').stdout).toBe('["a.one", "b.two", "c"]');
    expect(JSON.parse(run('-j', 'get_flags').stdout)).toEqual(['a.one', 'b.two', 'c']);
    expect(JSON.parse(run('get_flags', '--json').stdout)).toEqual(['a.one', 'b.two', 'c']);
    expect(JSON.parse(run('--format', 'json', 'get_flags').stdout)).toEqual(['a.one', 'b.two', 'c']);
    expect(run('-y', 'get_flags').stdout).toBe('- a.one\n- b.two\n- c\n');
    expect(run('-p', 'get_flags').stdout).toBe("['a.one', 'b.two', 'c']\n");
    // Python's csv writer iterates each row: a flag name is a row of characters.
    expect(run('-c', 'get_flags').stdout).toBe('a,.,o,n,e\r\nb,.,t,w,o\r\nc\r\n');
    expect(run('get_unset_flags', 'z', 'c', 'd', 'a.one').stdout).toBe('d\nz');
    expect(JSON.parse(run('-j', 'get_unset_flags', 'c').stdout)).toEqual([]);
  });

  it("formats as charm-helpers' OutputFormatter does: pprint wraps, json escapes, a test command's '' is formatted too", () => {
    const { run } = withState();
    for (let i = 7; i >= 0; i--) run('set_flag', `flag.number.0${i}`);
    // What Python's pprint.pprint printed for these flags (checked with Python 3.11).
    expect(run('-p', 'get_flags').stdout).toBe(
      `${Array.from({ length: 8 }, (_, i) => `'flag.number.0${i}'`)
        .join(',\n ')
        .replace(/^/, '[')}]\n`,
    );
    run('set_flag', 'accent', '--value', 'é');
    expect(run('-j', 'get_states').stdout).toMatch(/^\{"accent": "\\u00e9", "flag.number.00": null, /);
    expect(run('-j', 'is_flag_set', 'accent')).toEqual({ status: 0, stdout: '""', stderr: '' });
    expect(run('-p', 'clear_flag', 'accent')).toEqual({ status: 0, stdout: "''\n", stderr: '' });
    expect(run('is_flag_set', 'accent')).toEqual({ status: 1, stdout: '', stderr: '' });
  });

  it('get_states prints a Python dict (raw) or a JSON object (-j) of flags and values', () => {
    const { run } = withState();
    run('set_flag', 'a');
    run('set_state', 'b', '--value', "it's");
    expect(run('get_states').stdout).toBe(`{'a': None, 'b': "it's"}`);
    expect(JSON.parse(run('-j', 'get_states').stdout)).toEqual({ a: null, b: "it's" });
    // A dict is iterated by key, as Python's csv writer does.
    expect(run('-t', 'get_states').stdout).toBe('a\r\nb\r\n');
    expect(run('-p', 'get_states').stdout).toBe(`{'a': None, 'b': "it's"}\n`);
    run('remove_state', 'b');
    expect(run('get_flags').stdout).toBe('a');
    run('toggle_state', 'a', 'no');
    expect(run('get_flags').stdout).toBe('');
  });
});
