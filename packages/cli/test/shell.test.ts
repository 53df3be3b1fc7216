// charms.reactive.sh: the decorators, reactive_handler_main's --test and
// --invoke, and the helpers, driven as the hook drives a bash handler.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { binDir, cleanEnv, newStatePath, readState, SHELL_HELPER, writeState } from './helpers.js';

interface Handler {
  script: string;
  state: string;
  run: (...args: string[]) => { status: number | null; stdout: string; stderr: string };
  phase: (phase: string, iteration?: number, changes?: string[]) => Promise<void>;
}

/** A handler file `reactive/handler.sh` in a temp charm, run with `charms.reactive` on PATH. */
function handler(body: string, opts: { path?: string; env?: Record<string, string> } = {}): Handler {
  const charm = tempDir('reactive-charm-');
  const script = join(charm, 'reactive', 'handler.sh');
  mkdirSync(join(charm, 'reactive'));
  writeFileSync(script, body);
  chmodSync(script, 0o755);
  const state = newStatePath();
  const env = cleanEnv({
    JUJU_CHARM_DIR: charm,
    UNIT_STATE_DB: state,
    JUJU_HOOK_NAME: 'config-changed',
    PATH: opts.path ?? `${binDir()}:${process.env.PATH}`,
    ...opts.env,
  });
  return {
    script,
    state,
    run: (...args) => {
      const child = spawnSync(script, args, { env, encoding: 'utf8', cwd: charm });
      return { status: child.status, stdout: child.stdout, stderr: child.stderr };
    },
    phase: (phase, iteration = 0, changes = []) =>
      writeState(state, { 'reactive.dispatch.phase': phase, 'reactive.state_watch': { iteration, changes, pending: [] } }),
  };
}

/** The order bash iterates an associative array whose keys were added in this order: the Python helper's handler order. */
function associativeOrder(names: string[]): string[] {
  const script = `declare -A a; for n in ${names.join(' ')}; do a[$n]=1; done; printf '%s\\n' "\${!a[@]}"`;
  return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.trim().split('\n');
}

describe('charms.reactive.sh executed rather than sourced', () => {
  it('prints its usage and exits 0', () => {
    const child = spawnSync(SHELL_HELPER, [], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^charms\.reactive\.sh: helpers for reactive handlers written in bash\./);
    expect(child.stdout).toContain('charms.reactive render_template SOURCE TARGET');
  });
});

describe('decorators and --test', () => {
  const SCRIPT = `#!/bin/bash
source charms.reactive.sh

@when 'a' "it's here"
@when_not 'never'
function both() {
    echo both
}

@when_any 'x' 'a'
# a comment between the decorator and the function
plain() {
    echo plain
}

  @when_none 'a'
  function   indented  {
    echo indented
}

@when_not_all 'a' 'x'
@when_all 'a'
later() { echo later; }

reactive_handler_main
echo "after main: $REACTIVE_ACTION"
`;

  it("prints the functions whose decorators all pass, in the Python helper's order (its associative array's), and exits 0", async () => {
    const h = handler(SCRIPT);
    await h.phase('other');
    await writeState(h.state, { 'reactive.states.a': null, "reactive.states.it's here": null });
    const test = h.run('--test');
    const passing = associativeOrder(['both', 'plain', 'indented', 'later'])
      .filter((name) => name !== 'indented')
      .join(',');
    expect(test.status).toBe(0);
    expect(test.stdout).toBe(`${passing}\n`);
    expect(test.stderr).toBe(`Running reactive_handler_main for handler.sh (test)\nWill invoke: ${passing}\nEnd reactive_handler_main (test)\n`);
  });

  it('orders the handlers of a file as bash orders the keys of an associative array, not as they were declared', async () => {
    const names = ['install_app', 'configure', 'greet', 'config_changed', 'render', 'regreet', 'no_greeting', 'not_ready'];
    const h = handler(
      `#!/bin/bash\nsource charms.reactive.sh\n${names.map((name) => `@when_not 'never'\nfunction ${name}() { echo ${name}; }\n`).join('')}reactive_handler_main\n`,
    );
    await h.phase('other');
    const order = associativeOrder(names);
    expect(order).not.toEqual(names);
    expect(h.run('--test').stdout).toBe(`${order.join(',')}\n`);
  });

  it('prints nothing and exits 1 when nothing passes; code after reactive_handler_main never runs', async () => {
    const h = handler(SCRIPT);
    await h.phase('hooks');
    const test = h.run('--test');
    expect(test).toEqual({
      status: 1,
      stdout: '',
      stderr: `Running reactive_handler_main for handler.sh (test)\nNothing to invoke\nEnd reactive_handler_main (test)\n`,
    });
  });

  it('applies FlagWatch after the first iteration', async () => {
    const h = handler(SCRIPT);
    await writeState(h.state, { 'reactive.states.a': null, "reactive.states.it's here": null });
    await h.phase('other', 1, ['x']);
    expect(h.run('--test').stdout).toBe(
      `${associativeOrder(['both', 'plain', 'indented', 'later'])
        .filter((name) => name === 'plain' || name === 'later')
        .join(',')}\n`,
    );
  });

  it('gives each function the id SCRIPT:LINE:NAME, used by @only_once and recorded by --invoke', async () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh

@only_once
function once() { echo "once ran"; }

@hook 'config-changed'
@only_once
function once_in_hook() { echo "hook ran"; }

reactive_handler_main
`);
    await h.phase('hooks');
    const order = associativeOrder(['once', 'once_in_hook']);
    expect(h.run('--test').stdout).toBe(`${order.join(',')}\n`);
    const invoke = h.run('--invoke', 'once,once_in_hook\n');
    expect(invoke.status).toBe(0);
    expect(invoke.stdout).toBe('once ran\nhook ran\n');
    expect(invoke.stderr).toBe(
      'Running reactive_handler_main for handler.sh (invoke)\nInvoking bash reactive handler: once\nInvoking bash reactive handler: once_in_hook\nEnd reactive_handler_main (invoke)\n',
    );
    expect(await readState(h.state, 'reactive.invoked.')).toEqual({
      [`reactive.invoked.${h.script}:5:once`]: true,
      [`reactive.invoked.${h.script}:9:once_in_hook`]: true,
    });
    expect(h.run('--test').status).toBe(1);
  });

  it('a decorator not followed by a function makes --test print a marker on which --invoke fails', async () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
echo oops
reactive_handler_main
`);
    await h.phase('other');
    const test = h.run('--test');
    expect(test.stderr).toContain(`charms.reactive.sh: ${h.script}:3: @when must be followed by a function definition`);
    expect(test.status).toBe(0);
    const invoke = h.run('--invoke', test.stdout);
    expect(invoke.status).toBe(1);
    expect(invoke.stderr).toContain('could not test its handlers');
  });

  it('when `charms.reactive test` fails, --test prints the marker too, so the hook fails loudly', () => {
    const dir = tempDir();
    const garbage = join(dir, 'state.lmdb');
    writeFileSync(garbage, 'x'.repeat(64));
    const h = handler(SCRIPT, { env: { UNIT_STATE_DB: garbage } });
    const test = h.run('--test');
    expect(test.status).toBe(0);
    expect(test.stderr).toMatch(/charms\.reactive test: unit state .* is damaged \(not an LMDB store/);
    expect(test.stderr).toContain('charms.reactive test failed (exit 1)');
    expect(h.run('--invoke', test.stdout).status).toBe(1);
  });

  it('without --test or --invoke, does nothing and says so; the rest of the script runs', () => {
    const h = handler(SCRIPT);
    const result = h.run();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('after main: \n');
    expect(result.stderr).toBe(`reactive_handler_main: ${h.script} was run without --test or --invoke: nothing to do\n`);
  });
});

describe('--invoke', () => {
  it('calls the functions in the order given (commas and whitespace separate them)', async () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
one() { echo one; }
@when 'b'
two() { echo two; }
@when 'c'
three() { echo three; }
reactive_handler_main
`);
    const invoke = h.run('--invoke', 'three, one\ntwo\n');
    expect(invoke).toEqual({
      status: 0,
      stdout: 'three\none\ntwo\n',
      stderr:
        'Running reactive_handler_main for handler.sh (invoke)\nInvoking bash reactive handler: three\nInvoking bash reactive handler: one\nInvoking bash reactive handler: two\nEnd reactive_handler_main (invoke)\n',
    });
    expect(Object.keys(await readState(h.state, 'reactive.invoked.'))).toHaveLength(3);
  });

  it('a function that fails makes the handler exit non-zero (so the hook fails); later functions do not run', async () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
fine() { echo fine; }
@when 'a'
broken() { echo broken; false; }
@when 'a'
never() { echo never; }
reactive_handler_main
`);
    const invoke = h.run('--invoke', 'fine,broken,never');
    expect(invoke.status).toBe(1);
    expect(invoke.stdout).toBe('fine\nbroken\n');
    expect(invoke.stderr).toContain('Bash reactive handler broken failed (exit 1): the hook fails');
    const exit3 = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
f() { return 3; }
reactive_handler_main
`).run('--invoke', 'f');
    expect(exit3.status).toBe(3);
  });

  it('with set -e, a failing command stops the function and fails the handler', () => {
    const h = handler(`#!/bin/bash
set -euo pipefail
source charms.reactive.sh
@when 'a'
f() { false; echo not reached; }
@when_not 'a'
g() { echo g; }
reactive_handler_main
`);
    expect(h.run('--invoke', 'g')).toMatchObject({ status: 0, stdout: 'g\n' });
    expect(h.run('--invoke', 'f')).toMatchObject({ status: 1, stdout: '' });
  });

  it('refuses a name that is not a handler of the file', () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
f() { echo f; }
helper() { echo helper; }
reactive_handler_main
`);
    const invoke = h.run('--invoke', 'f,helper');
    expect(invoke.status).toBe(1);
    expect(invoke.stdout).toBe('');
    expect(invoke.stderr).toContain("has no handler named 'helper'");
  });

  it("keeps the user's xtrace setting for the functions, without tracing its own workings", () => {
    const h = handler(`#!/bin/bash
source charms.reactive.sh
@when 'a'
f() { echo traced; }
set -x
reactive_handler_main
`);
    const invoke = h.run('--invoke', 'f');
    expect(invoke.status).toBe(0);
    expect(invoke.stderr).toContain('+ echo traced');
    expect(invoke.stderr).not.toMatch(/_reactive|mark_invoked/);
  });
});

describe('helpers', () => {
  /** A fake charms.reactive that records its arguments, first on PATH. */
  function recordingCli() {
    const dir = tempDir('reactive-fake-cli-');
    const log = join(dir, 'calls');
    writeFileSync(join(dir, 'charms.reactive'), `#!/bin/sh\nprintf '%s|' "$@" >> '${log}'\necho >> '${log}'\n`);
    chmodSync(join(dir, 'charms.reactive'), 0o755);
    symlinkSync(SHELL_HELPER, join(dir, 'charms.reactive.sh'));
    return { path: `${dir}:${process.env.PATH}`, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  it('run the charms.reactive commands of the same name (the deprecated ones too)', () => {
    const cli = recordingCli();
    const h = handler(
      `#!/bin/bash
source charms.reactive.sh
set_flag a --value 'x y'
clear_flag b
toggle_flag c no
is_flag_set d
all_flags_set e f
any_flags_set g h
relation_call --flag db.available connection_string 'an arg'
set_state s1
remove_state s2
all_states s3 s4
any_states s5
state_relation_call db.ready get_remote host
layer_option basic use_venv
`,
      { path: cli.path },
    );
    expect(h.run().status).toBe(0);
    expect(cli.calls()).toEqual([
      'set_flag|a|--value|x y|',
      'clear_flag|b|',
      'toggle_flag|c|no|',
      'is_flag_set|d|',
      'all_flags_set|e|f|',
      'any_flags_set|g|h|',
      'relation_call|--flag|db.available|connection_string|an arg|',
      'set_flag|s1|',
      'clear_flag|s2|',
      'all_flags_set|s3|s4|',
      'any_flags_set|s5|',
      'relation_call|--flag|db.ready|get_remote|host|',
      'layer_option|basic|use_venv|',
    ]);
  });

  it('name_relation_get looks the relation id up (Python passed an empty id) and runs relation-get', () => {
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('relation-ids', { stdout: '["db:3"]' }).add('relation-list', { stdout: '["mysql/0"]' }).add('relation-get', { stdout: 'db-0.example\n' });
    const h = handler(
      `#!/bin/bash
source charms.reactive.sh
name_relation_get db mysql/0 host
name_relation_get db mysql/0
name_relation_get db mysql/0 --format=json
name_relation_get db || echo "usage: $?"
`,
      { path: `${tools.dir}:${binDir()}:${process.env.PATH}`, env: { JUJU_UNIT_NAME: 'app/0' } },
    );
    const result = h.run();
    expect(result.stdout).toBe('db-0.example\ndb-0.example\ndb-0.example\nusage: 2\n');
    expect(
      tools
        .calls()
        .filter((c: { tool: string }) => c.tool === 'relation-get')
        .map((c: { args: string[] }) => c.args),
    ).toEqual([
      ['-r', 'db:3', 'host', 'mysql/0'],
      ['-r', 'db:3', '-', 'mysql/0'],
      ['-r', 'db:3', '-', 'mysql/0', '--format=json'],
    ]);
  });

  it('name_relation_get fails when there is no such relation', () => {
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('relation-ids', { stdout: '[]' }).add('relation-get');
    const h = handler(`#!/bin/bash\nsource charms.reactive.sh\nname_relation_get db mysql/0 host\necho "status $?"\n`, {
      path: `${tools.dir}:${binDir()}:${process.env.PATH}`,
      env: { JUJU_UNIT_NAME: 'app/0' },
    });
    const result = h.run();
    expect(result.stdout).toBe('status 1\n');
    expect(result.stderr).toBe('charms.reactive relation_id: no db relation with mysql\n');
    expect(tools.calls().filter((c: { tool: string }) => c.tool === 'relation-get')).toEqual([]);
  });

  it('find the CLI of their package when charms.reactive is not on PATH', async () => {
    const h = handler(`#!/bin/bash\nsource '${SHELL_HELPER}'\nset_flag found.it\n`, { path: `/usr/bin:/bin:${process.execPath.replace(/\/node$/, '')}` });
    expect(h.run()).toMatchObject({ status: 0, stderr: '' });
    expect(await readState(h.state, 'reactive.states.')).toEqual({ 'reactive.states.found.it': null });
  });
});
