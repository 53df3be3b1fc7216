// The command line itself: usage errors, help, version, exit codes, the unit
// state's location, and the fast path agreeing with the full parser.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '@reactive/cli';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { binDir, cli, newStatePath, readFlags } from './helpers.js';

describe('usage errors (exit 2, usage on stderr, nothing on stdout)', () => {
  it.each([
    [['frobnicate', 'x'], /^charms\.reactive: error: unknown command 'frobnicate'\nUsage: charms\.reactive \[options\] COMMAND \[args\.\.\.\]\n/],
    [['set_flag', '--bogus', 'x'], /^charms\.reactive set_flag: error: unknown option '--bogus'\nUsage: charms\.reactive set_flag \[options\] <flag>\n/],
    [['--bogus', 'get_flags'], /^charms\.reactive: error: unknown option '--bogus'\n/],
    [['set_flag'], /^charms\.reactive set_flag: error: missing required argument 'flag'\nUsage: charms\.reactive set_flag \[options\] <flag>\n/],
    [['is_flag_set', 'a', 'b'], /^charms\.reactive is_flag_set: error: too many arguments for 'is_flag_set'\. Expected 1 argument but got 2\.\n/],
    [
      ['--format', 'xml', 'get_flags'],
      /^charms\.reactive: error: option '--format <fmt>' argument 'xml' is invalid\. Allowed choices are raw, json, py, yaml, csv, tab\.\n/,
    ],
    [['-j', 'get_flags', '-y'], /^charms\.reactive get_flags: error: choose one output format, not json and yaml\n/],
    [[], /^charms\.reactive: error: a command is required\nUsage: charms\.reactive \[options\] COMMAND \[args\.\.\.\]\n/],
  ])('%j', (args, stderr) => {
    const path = newStatePath();
    const result = cli(args, { UNIT_STATE_DB: path });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
  });
});

describe('help and version', () => {
  it('--help lists every command, exit 0', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    for (const spec of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${spec.name} `, 'm'));
  });

  it.each(COMMANDS.map((spec) => spec.name))('%s --help', (name) => {
    const result = cli([name, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: charms\\.reactive ${name} \\[options\\]`));
    expect(result.stderr).toBe('');
  });

  it('help COMMAND, and -h', () => {
    expect(cli(['help', 'set_flag']).stdout).toMatch(/^Usage: charms\.reactive set_flag \[options\] <flag>/);
    expect(cli(['test', '-h']).stdout).toMatch(/^Usage: charms\.reactive test \[options\] \[handlers\.\.\.\]/);
  });

  it('--version prints the package version', () => {
    expect(cli(['--version'])).toEqual({ status: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('is the same program as `reactive`', () => {
    const bin = binDir();
    const result = cli(['frobnicate'], {}, { argv0: join(bin, 'reactive') });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^reactive: error: unknown command 'frobnicate'\nUsage: reactive /);
    expect(cli(['--help'], {}, { argv0: join(bin, 'reactive') }).stdout).toMatch(/^Usage: reactive /);
  });
});

describe('the unit state', () => {
  it('is $UNIT_STATE_DB, else .unit-state.lmdb in $JUJU_CHARM_DIR or $CHARM_DIR', async () => {
    const charm = tempDir();
    expect(cli(['set_flag', 'a'], { JUJU_CHARM_DIR: charm }).status).toBe(0);
    expect(cli(['set_flag', 'b'], { CHARM_DIR: charm }).status).toBe(0);
    expect(await readFlags(join(charm, '.unit-state.lmdb'))).toEqual(['a', 'b']);
    const path = newStatePath();
    expect(cli(['set_flag', 'c'], { JUJU_CHARM_DIR: charm, UNIT_STATE_DB: path }).status).toBe(0);
    expect(await readFlags(path)).toEqual(['c']);
  });

  it('without any of them: one line, exit 1 (Python used an empty in-memory store)', () => {
    expect(cli(['is_flag_set', 'a'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'charms.reactive is_flag_set: no unit state: set UNIT_STATE_DB or JUJU_CHARM_DIR (not in a hook?)\n',
    });
  });

  it('that cannot be read: one line, exit 1, the file left alone', () => {
    const dir = tempDir();
    const garbage = join(dir, 'state.lmdb');
    writeFileSync(garbage, 'this is not an LMDB store, but it is long enough to have a header');
    for (const args of [['set_flag', 'x'], ['get_flags'], ['is_flag_set', 'x'], ['-j', 'get_flags']]) {
      const result = cli(args, { UNIT_STATE_DB: garbage });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(
          `^charms\\.reactive ${args.at(-2) === '-j' ? 'get_flags' : args[0]}: unit state .*state\\.lmdb is damaged \\(not an LMDB store: no meta page at its start\\): move it aside\\n$`,
        ),
      );
    }
    const missingDir = cli(['set_flag', 'x'], { UNIT_STATE_DB: join(dir, 'no', 'such', 'state.lmdb') });
    expect(missingDir.status).toBe(1);
    expect(missingDir.stderr).toMatch(/^charms\.reactive set_flag: unit state .*: directory .* does not exist\n$/);
  });

  it('is committed after a command that succeeds, and not after one that fails', async () => {
    const path = newStatePath();
    cli(['set_flag', 'a'], { UNIT_STATE_DB: path });
    expect(cli(['set_flag', ''], { UNIT_STATE_DB: path }).status).toBe(1);
    expect(cli(['test', 'x id when_file_changed /etc/hostname', 'y id bogus z'], { UNIT_STATE_DB: path }).status).toBe(2);
    expect(await readFlags(path)).toEqual(['a']);
  });
});

describe('the fast path', () => {
  it('gives the same output and status as the full parser (which -r forces)', () => {
    const path = newStatePath();
    const env = { UNIT_STATE_DB: path };
    cli(['set_flag', 'b'], env);
    cli(['-r', 'set_flag', 'a'], env);
    for (const args of [
      ['get_flags'],
      ['is_flag_set', 'a'],
      ['is_flag_set', 'z'],
      ['get_unset_flags', 'z', 'a', 'y'],
      ['get_states'],
      ['toggle_flag', 'q', 'nope'],
      ['test', 'h id when a'],
    ]) {
      const fast = cli(args, env);
      const full = cli(['-r', ...args], env);
      expect(full, args.join(' ')).toEqual(fast);
    }
  });

  it('does not create a state for commands that need none', () => {
    const charm = tempDir();
    cli(['any_hook', 'install'], { JUJU_CHARM_DIR: charm, JUJU_HOOK_NAME: 'install' });
    expect(existsSync(join(charm, '.unit-state.lmdb'))).toBe(false);
  });
});
