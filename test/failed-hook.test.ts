// A hook that fails after its handlers set flags and keys, wrote relation data
// through an Endpoint, set leader data and ran a bash handler that set a flag
// through the CLI: it commits nothing, and Juju is sent no relation-set and
// no leader-set (whatever Juju would have thrown away).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm } from '../test-fixtures/charm.mjs';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { committedState } from '../test-fixtures/run-hook.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

const CLI_BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin');

/** A charm whose lib/hook.mjs runs @reactive/bus's main(), with `files`. */
function charm(files: Record<string, string | { content: string; mode: number }>): string {
  return makeCharm({
    'package.json': '{"type": "module"}\n',
    'lib/hook.mjs': "import { main } from '@reactive/bus';\nmain().catch(() => { process.exitCode = 1; });\n",
    ...files,
  });
}

describe('a hook that fails in its third handler', () => {
  it('commits nothing and calls neither relation-set nor leader-set', async () => {
    const dir = charm({
      'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
      'hooks/relations/pgsql/requires.js': "import { Endpoint } from '@reactive/endpoints';\nexport class PgsqlRequires extends Endpoint {}\n",
      'reactive/app.js': `
        import { setFlag } from '@reactive/flags';
        import { leaderSet, unitState } from '@reactive/hookenv';
        import { endpointFromName } from '@reactive/endpoints';
        import { when, whenNot } from '@reactive/bus';
        whenNot('first')(async function first() {
          setFlag('first');
          unitState().set('app.key', 'value');
          endpointFromName('db').relations[0].toPublish.set('host', 'h');
          await leaderSet({ token: 't' });
        });
        when('bash.done')(function third() { throw new Error('third handler fails'); });
      `,
      'reactive/second.sh': {
        mode: 0o755,
        content:
          "#!/bin/bash\nsource charms.reactive.sh\n\n@when 'first'\nfunction second() {\n    charms.reactive set_flag bash.done --value yes\n}\n\nreactive_handler_main\n",
      },
    });
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    for (const tool of ['juju-log', 'status-set', 'relation-set', 'leader-set']) tools.add(tool);
    tools.add('config-get', { stdout: '{}' });
    tools.add('is-leader', { stdout: 'true' });
    tools.add('relation-ids', { stdout: '["db:0"]' });
    tools.add('relation-list', { stdout: '["pg/0"]' });
    tools.add('relation-get', { stdout: '{}' });
    tools.add('leader-get', { stdout: '{}' });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${tools.dir}:${CLI_BIN}:${process.env.PATH}`,
      JUJU_CHARM_DIR: dir,
      JUJU_UNIT_NAME: 'app/0',
      JUJU_HOOK_NAME: 'config-changed',
    };
    delete env.UNIT_STATE_DB;
    delete env.REACTIVE_HANDLER_AGENT;
    const child = spawnSync(process.execPath, [join(dir, 'lib', 'hook.mjs')], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });

    expect(child.status).toBe(1);
    const logged = tools
      .calls()
      .filter((c) => c.tool === 'juju-log')
      .map((c) => c.args.at(-1))
      .join('\n');
    expect(logged).toContain('Invoking reactive handler: reactive/second.sh');
    expect(logged).toMatch(/Hook error in handler reactive\/app\.js:\d+:third:\nError: third handler fails/);
    expect(await committedState(dir)).toEqual({});
    expect(tools.calls().filter((c) => c.tool === 'relation-set' || c.tool === 'leader-set')).toEqual([]);
  });
});

describe('charms.reactive run outside a hook while a hook runs', () => {
  it("two set_flag calls and the hook lose none of each other's changes, and neither call fails", async () => {
    const dir = charm({
      'metadata.yaml': 'name: app\n',
      'reactive/app.js': `
        import { existsSync } from 'node:fs';
        import { setFlag } from '@reactive/flags';
        import { unitState } from '@reactive/hookenv';
        import { whenNot } from '@reactive/bus';
        whenNot('hook.done')(async function slow() {
          // Wait until both outside calls have committed: the hook commits after them.
          for (let i = 0; i < 600 && !existsSync(process.env.JUJU_CHARM_DIR + '/outside-done'); i++) await new Promise((r) => setTimeout(r, 50));
          for (let i = 0; i < 100; i++) setFlag('hook.flag.' + i);
          unitState().set('hook.key', 1);
          setFlag('hook.done');
        });
      `,
    });
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('juju-log').add('config-get', { stdout: '{}' });
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${tools.dir}:${CLI_BIN}:${process.env.PATH}`, JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0' };
    delete env.UNIT_STATE_DB;
    delete env.REACTIVE_HANDLER_AGENT;
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(args[0]!, args.slice(1), { cwd: dir, env: { ...env, ...extra } });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => resolve({ status, stderr }));
      });
    const hook = run([process.execPath, join(dir, 'lib', 'hook.mjs')], { JUJU_HOOK_NAME: 'config-changed' });
    const outside = await Promise.all([
      run([join(CLI_BIN, 'charms.reactive'), 'set_flag', 'outside.one']),
      run([join(CLI_BIN, 'charms.reactive'), 'set_flag', 'outside.two', '--value', '2']),
    ]);
    writeFileSync(join(dir, 'outside-done'), '');
    expect(outside).toEqual([
      { status: 0, stderr: '' },
      { status: 0, stderr: '' },
    ]);
    expect((await hook).status).toBe(0);
    const state = await committedState(dir);
    expect(state['reactive.states.outside.one']).toBeNull();
    expect(state['reactive.states.outside.two']).toBe('2');
    expect(state['reactive.states.hook.done']).toBeNull();
    expect(Object.keys(state).filter((key) => key.startsWith('reactive.states.hook.flag.'))).toHaveLength(100);
    expect(state['hook.key']).toBe(1);
  });
});
