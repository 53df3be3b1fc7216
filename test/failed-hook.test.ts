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

describe('a hook that fails in its third handler', () => {
  it('commits nothing and calls neither relation-set nor leader-set', async () => {
    const dir = makeCharm({
      'package.json': '{"type": "module"}\n',
      'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
      'hooks/relations/pgsql/requires.js': "import { Endpoint } from '@reactive/endpoints';\nexport class PgsqlRequires extends Endpoint {}\n",
      'lib/hook.mjs': "import { main } from '@reactive/bus';\nmain().catch(() => { process.exitCode = 1; });\n",
      'reactive/app.js': `
        import { setFlag } from '@reactive/flags';
        import { leaderSet, unitState } from '@reactive/hookenv';
        import { endpointFromName } from '@reactive/endpoints';
        import { when, whenNot } from '@reactive/bus';
        whenNot('first')(async function first() {
          setFlag('first');
          unitState().set('app.key', 'value');
          endpointFromName('db').relations[0].toPublish.host = 'h';
          await leaderSet({ token: 't' });
        });
        when('bash.done')(function third() { throw new Error('third handler fails'); });
      `,
      'reactive/second.sh': {
        mode: 0o755,
        content: "#!/bin/bash\nsource charms.reactive.sh\n\n@when 'first'\nfunction second() {\n    charms.reactive set_flag bash.done --value yes\n}\n\nreactive_handler_main\n",
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
    const env = { ...process.env, PATH: `${tools.dir}:${CLI_BIN}:${process.env.PATH}`, JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0', JUJU_HOOK_NAME: 'config-changed' };
    delete env.UNIT_STATE_DB;
    delete env.REACTIVE_HANDLER_AGENT;
    const child = spawnSync(process.execPath, [join(dir, 'lib', 'hook.mjs')], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });

    expect(child.status).toBe(1);
    const logged = tools.calls().filter((c) => c.tool === 'juju-log').map((c) => c.args.at(-1)).join('\n');
    expect(logged).toContain('Invoking reactive handler: reactive/second.sh');
    expect(logged).toMatch(/Hook error in handler reactive\/app\.js:\d+:third:\nError: third handler fails/);
    expect(await committedState(dir)).toEqual({});
    expect(tools.calls().filter((c) => c.tool === 'relation-set' || c.tool === 'leader-set')).toEqual([]);
  });
});
