// Bash handlers inside real hooks: the hook is a Node process running
// @reactive/bus's main(), which runs the handler files with --test and
// --invoke; the handlers call charms.reactive (this package's binary) found on
// PATH; the Juju hook tools are fakes on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { binDir, cleanEnv, cli, readFlags, readState } from './helpers.js';

const ENTRY = `#!/usr/bin/env node
import { main } from '@reactive/bus';
main().catch(() => process.exit(1));
`;

interface Call {
  tool: string;
  args: string[];
}

function hookRunner(dir: string, tools: FakeHookTools) {
  const bin = binDir();
  return (hook: string) => {
    const env = cleanEnv({ PATH: `${tools.dir}:${bin}:${process.env.PATH}`, JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0' });
    const before = tools.calls().length;
    const child = spawnSync(join(dir, 'hooks', hook), [], { cwd: dir, env, encoding: 'utf8' });
    const calls: Call[] = tools.calls().slice(before);
    const logged = calls
      .filter((c) => c.tool === 'juju-log')
      .map((c) => c.args.at(-1)!)
      .join('\n');
    const invoked = [...child.stderr.matchAll(/^Invoking bash reactive handler: (\S+)$/gm)].map((m) => m[1]);
    return {
      status: child.status,
      stderr: child.stderr,
      calls,
      logged,
      invoked,
      of: (tool: string) => calls.filter((c) => c.tool === tool).map((c) => c.args),
    };
  };
}

/** The example of the charms.reactive docs ("Reactive with Bash or Other Languages"), with /etc/app.conf moved to a temp dir. */
function seedExample(appConf: string): string {
  return `#!/bin/bash
source charms.reactive.sh

@when 'db.database.available' 'admin-pass'
function render_config() {
    db_conn=$(relation_call --flag 'db.database.available' connection_string)
    admin_pass=$(config-get 'admin-pass')
    charms.reactive render_template 'app-config.j2' '/etc/app.conf'
}

@when_not 'db.database.available'
function no_db() {
    status-set waiting 'Waiting on database'
}

@when_not 'admin-pass'
function no_db() {
    status-set blocked 'Missing admin password'
}

@when_file_changed '/etc/app.conf'
function restart_service() {
    service myapp restart
}

reactive_handler_main
`.replaceAll('/etc/app.conf', appConf);
}

describe("the docs' bash example in a real hook", () => {
  it('runs no_db, then render_config and restart_service once the flags are set, and renders the template', async () => {
    const appConf = join(tempDir('reactive-etc-'), 'etc', 'app.conf');
    const dir = makeCharm({
      'package.json': '{"type": "module"}',
      'hooks/config-changed': { content: ENTRY, mode: 0o755 },
      'metadata.yaml': 'name: app\nrequires:\n  db:\n    interface: mysql\n',
      'hooks/relations/mysql/requires.js': `
        import { Endpoint } from '@reactive/endpoints';
        export class MysqlRequires extends Endpoint {
          connection_string() { return 'mysql://app@db.example/app'; }
        }
      `,
      'templates/app-config.j2': '# {{ JUJU_UNIT_NAME }}, rendered in {{ JUJU_HOOK_NAME }}\nlisten = 0.0.0.0:8080\n',
      'reactive/app.sh': { content: seedExample(appConf), mode: 0o755 },
    });
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('config-get', { stdout: '{}' }).add('juju-log').add('status-set').add('relation-ids', { stdout: '[]' }).add('service');
    const hook = hookRunner(dir, tools);

    // No flags: only no_db (both definitions share the name, so both decorators apply; the later body runs).
    const first = hook('config-changed');
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(first.invoked).toEqual(['no_db']);
    expect(first.of('status-set')).toEqual([['blocked', 'Missing admin password']]);
    expect(first.of('service')).toEqual([]);
    expect(existsSync(appConf)).toBe(false);

    // The database and the password arrive.
    const state = join(dir, '.unit-state.lmdb');
    expect(cli(['set_flag', 'db.database.available'], { UNIT_STATE_DB: state }).status).toBe(0);
    expect(cli(['set_flag', 'admin-pass'], { UNIT_STATE_DB: state }).status).toBe(0);

    const second = hook('config-changed');
    expect(second.status).toBe(0);
    expect(second.invoked).toEqual(['render_config', 'restart_service']);
    expect(second.logged).toMatch(
      /Invoking reactive handler: reactive\/app\.sh "b'render_config\\n'"[\s\S]*Invoking reactive handler: reactive\/app\.sh "b'restart_service\\n'"/,
    );
    expect(readFileSync(appConf, 'utf8')).toBe('# app/0, rendered in config-changed\nlisten = 0.0.0.0:8080');
    expect(statSync(appConf).mode & 0o777).toBe(0o444);
    expect(second.of('config-get')).toContainEqual(['admin-pass']);
    expect(second.of('service')).toEqual([['myapp', 'restart']]);
    expect(second.of('status-set')).toEqual([]);
    expect(await readFlags(state)).toEqual(['admin-pass', 'db.database.available']);

    // Nothing changed: render_config runs again (handlers run in every hook), the file is the same, no restart.
    const third = hook('config-changed');
    expect(third.status).toBe(0);
    expect(third.invoked).toEqual(['render_config']);
    expect(third.of('service')).toEqual([]);
  });
});

describe('a bash handler written for the Python library', () => {
  const HANDLER = `#!/bin/bash
# reactive/app.sh, as written for charms.reactive (Python).
source charms.reactive.sh

@hook 'install'
function install_app() {
    set_state 'app.installed'
    status-set maintenance 'installed'
}

@when 'app.installed'
@when_not 'app.configured'
@when_any 'config.changed' 'app.installed'
function configure_app() {
    if all_flags_set 'app.installed'; then
        set_flag 'app.configured'
    fi
}

@only_once
function first_boot() {
    juju-log 'first boot'
}

@when 'app.configured'
@when_none 'app.stopped'
function ready() {
    if ! any_flags_set 'app.broken' 'app.stopped'; then
        status-set active 'ready'
    fi
}

@when_not_all 'app.installed' 'app.configured'
function not_ready() {
    status-set waiting "not ready: $(charms.reactive get_unset_flags app.installed app.configured | tr '\\n' ' ')"
}

reactive_handler_main
`;

  it('works unchanged: several decorators on one function, @hook, @only_once, the aliases', async () => {
    const dir = makeCharm({
      'package.json': '{"type": "module"}',
      'hooks/install': { content: ENTRY, mode: 0o755 },
      'hooks/config-changed': { content: ENTRY, mode: 0o755 },
      'reactive/app.sh': { content: HANDLER, mode: 0o755 },
    });
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('config-get', { stdout: '{}' }).add('juju-log').add('status-set');
    const hook = hookRunner(dir, tools);

    const install = hook('install');
    expect(install.status).toBe(0);
    // The hooks phase runs install_app and first_boot (only_once has no phase);
    // then the other phase: configure_app and not_ready in one batch (not_ready
    // runs after configure_app set app.configured, as queued handlers do), and
    // ready in the next iteration, once app.configured has changed.
    expect(install.invoked).toEqual(['install_app', 'first_boot', 'configure_app', 'not_ready', 'ready']);
    expect(install.of('status-set')).toEqual([
      ['maintenance', 'installed'],
      ['waiting', 'not ready: '],
      ['active', 'ready'],
    ]);
    const state = join(dir, '.unit-state.lmdb');
    expect(await readFlags(state)).toEqual(['app.configured', 'app.installed']);
    const script = join(dir, 'reactive', 'app.sh');
    const invoked = await readState(state, 'reactive.invoked.');
    expect(invoked[`reactive.invoked.${script}:21:first_boot`]).toBe(true);

    const changed = hook('config-changed');
    expect(changed.status).toBe(0);
    expect(changed.invoked).toEqual(['ready']);
    const firstBoots = [...install.calls, ...changed.calls].filter((c) => c.tool === 'juju-log' && c.args.at(-1) === 'first boot');
    expect(firstBoots).toHaveLength(1);
  });

  /** An install hook of a charm whose reactive/app.sh has one handler with `body`, run with fake tools. */
  function installWithHandler(name: string, body: string, files: Record<string, string> = {}) {
    const dir = makeCharm({
      'package.json': '{"type": "module"}',
      'hooks/install': { content: ENTRY, mode: 0o755 },
      ...files,
      'reactive/app.sh': {
        content: `#!/bin/bash\nsource charms.reactive.sh\n\n@when_not 'app.done'\nfunction ${name}() {\n${body}\n}\n\nreactive_handler_main\n`,
        mode: 0o755,
      },
    });
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('config-get', { stdout: '{}' }).add('juju-log').add('status-set');
    return { dir, result: hookRunner(dir, tools)('install') };
  }

  it('a handler function that fails fails the hook, and the hook commits nothing (Python carried on)', async () => {
    const { dir, result } = installWithHandler('install_app', "    set_flag 'app.half-installed'\n    apt-get-that-does-not-exist install app");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Bash reactive handler install_app failed (exit 127): the hook fails');
    expect(result.logged).toMatch(/Hook error in handler reactive\/app\.sh "b'install_app\\n'":\nError: reactive\/app\.sh --invoke exited 127/);
    expect(await readFlags(join(dir, '.unit-state.lmdb'))).toEqual([]);
  });

  it('a template that does not exist or leads out of templates/ fails the hook with one line naming it, and nothing is committed', async () => {
    for (const [source, message] of [
      ['missing.j2', 'charms.reactive render_template: template missing.j2: not found in '],
      ['../metadata.yaml', 'charms.reactive render_template: template ../metadata.yaml: outside the templates directory'],
    ] as const) {
      const body = `    charms.reactive set_flag 'app.rendered'\n    charms.reactive render_template '${source}' "$CHARM_DIR/out.conf"`;
      const { dir, result } = installWithHandler('render', body, { 'metadata.yaml': 'name: app\n', 'templates/ok.j2': 'ok' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(message);
      expect(existsSync(join(dir, 'out.conf'))).toBe(false);
      expect(await readFlags(join(dir, '.unit-state.lmdb'))).toEqual([]);
    }
  });
});
