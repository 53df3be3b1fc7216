// The handler agent's folder in the temp dir (its socket): named with the
// hook's pid, removed when the hook ends, is killed by SIGTERM, SIGINT or
// SIGHUP, and swept by the next hook that starts an agent once its pid is gone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const entry = `#!/usr/bin/env node
import { main } from '@reactive/bus';
main().catch(() => process.exit(1));
`;

/** A charm whose bash handler runs once: writes `started`, then sleeps for `seconds`. */
function charm(seconds: number): string {
  const handler = `#!/bin/bash\nif [ "$1" = --test ]; then [ -e "$JUJU_CHARM_DIR/started" ] && exit 1; echo go; exit 0; fi\ntouch "$JUJU_CHARM_DIR/started"\nsleep ${seconds}\n`;
  return makeCharm({
    'package.json': '{"type": "module"}',
    'hooks/install': { content: entry, mode: 0o755 },
    'reactive/slow': { content: handler, mode: 0o755 },
  });
}

function hookEnv(dir: string, tmp: string): NodeJS.ProcessEnv {
  const fake = new FakeHookTools(tempDir());
  fake.add('config-get', { stdout: '{}' }).add('juju-log');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: fake.path(), JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0', TMPDIR: tmp };
  delete env.JUJU_HOOK_NAME;
  delete env.UNIT_STATE_DB;
  return env;
}

const agentFolders = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('reactive-agent-'));

describe("the handler agent's folder", () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('is removed when the hook is killed by %s while a bash handler runs', async (signal) => {
    const dir = charm(30);
    const tmp = tempDir();
    const hook = spawn(join(dir, 'hooks', 'install'), [], { cwd: dir, env: hookEnv(dir, tmp), stdio: 'ignore', detached: true });
    try {
      while (!existsSync(join(dir, 'started'))) await sleep(20);
      expect(agentFolders(tmp)).toEqual([expect.stringMatching(new RegExp(`^reactive-agent-${hook.pid}-`))]);
      const exited = new Promise((resolve) => hook.on('exit', (code, sig) => resolve(sig ?? code)));
      hook.kill(signal);
      expect(await exited).toBe(signal);
      expect(agentFolders(tmp)).toEqual([]);
    } finally {
      // The bash handler outlives the hook: end its process group.
      process.kill(-hook.pid!, 'SIGKILL');
    }
  });

  it("of a hook whose pid is gone is removed when the next hook starts its agent; a live process's is kept", () => {
    const dir = charm(0);
    const tmp = tempDir();
    const dead = spawnSync('true').pid;
    mkdirSync(join(tmp, `reactive-agent-${dead}-AbC123`));
    mkdirSync(join(tmp, `reactive-agent-${process.pid}-XyZ789`));
    const hook = spawnSync(join(dir, 'hooks', 'install'), [], { cwd: dir, env: hookEnv(dir, tmp), encoding: 'utf8' });
    expect(hook.status).toBe(0);
    expect(agentFolders(tmp)).toEqual([`reactive-agent-${process.pid}-XyZ789`]);
  });
});
