// A hook process whose hook tools misbehave, as Juju runs it (the hook file a
// Node script calling main(), the tools fake executables on PATH): the hook
// fails with a line that says so, commits nothing, and its error reaches the
// operator even when juju-log cannot take it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags } from '../../../test-fixtures/run-hook.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const entry = `#!/usr/bin/env node
import { main } from '@reactive/bus';
main().catch(() => process.exit(1));
`;

type ToolSpec = Parameters<FakeHookTools['add']>[1];

/** Runs hooks/install with fake tools: config-get and juju-log, then `tools` (null leaves a tool off PATH). */
function runInstall(dir: string, tools: Record<string, ToolSpec | null> = {}): { status: number | null; fake: FakeHookTools; stderr: string } {
  const fake = new FakeHookTools(tempDir());
  for (const [name, spec] of Object.entries({ 'config-get': { stdout: '{}' }, 'juju-log': {}, ...tools })) if (spec) fake.add(name, spec);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: fake.path(), JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0', NODE_EXTRA_CA_CERTS: '' };
  delete env.JUJU_HOOK_NAME;
  delete env.UNIT_STATE_DB;
  const child = spawnSync(join(dir, 'hooks', 'install'), [], { cwd: dir, env, encoding: 'utf8' });
  return { status: child.status, fake, stderr: child.stderr };
}

function charm(handlers: string): string {
  return makeCharm({
    'package.json': '{"type": "module"}',
    'hooks/install': { content: entry, mode: 0o755 },
    'reactive/a.js': `
      import { setFlag } from '@reactive/flags';
      import { relationGet } from '@reactive/hookenv';
      import { when, whenNot } from '@reactive/bus';
      ${handlers}
    `,
  });
}

function loggedErrors(fake: FakeHookTools): string[] {
  return fake
    .calls()
    .filter((c) => c.tool === 'juju-log' && c.args[1] === 'ERROR')
    .map((c) => c.args.at(-1)!);
}

describe('a hook whose relation-get prints something that is not JSON', () => {
  it('fails with one line naming the tool and what it printed, and commits no flag set on it', async () => {
    const dir = charm(`
      whenNot('installed')(function install() { setFlag('installed'); });
      when('installed')(async function check() {
        const data = await relationGet({ relationId: 'db:1', unit: 'pg/0' });
        setFlag(data ? 'db.ready' : 'db.waiting');
      });
    `);
    expect(runInstall(dir, { 'relation-get': { stdout: '{"host":"10.0.0.5"}\n' } }).status).toBe(0);
    expect(await committedFlags(dir)).toEqual(['db.ready', 'installed']);

    const { status, fake, stderr } = runInstall(dir, { 'relation-get': { stdout: '<html>\n<body>502 Bad Gateway</body>\n' } });
    expect(status).toBe(1);
    expect(stderr).toBe('');
    const [error, ...others] = loggedErrors(fake);
    expect(others).toEqual([]);
    expect(error).toMatch(/^Hook error in handler reactive\/a\.js:\d+:check:\n/);
    expect(error!.split('\n')[1]).toBe('HookToolError: relation-get printed something that is not JSON: "<html>\\n<body>502 Bad Gateway</body>\\n"');
    expect(await committedFlags(dir)).toEqual(['db.ready', 'installed']);
  });
});

describe("a hook's error", () => {
  const failing = `whenNot('a')(function third() { setFlag('a'); throw new Error('no space left'); });`;

  it('goes to stderr, once, when juju-log is not on PATH', async () => {
    const dir = charm(failing);
    const { status, stderr } = runInstall(dir, { 'juju-log': null });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Hook error in handler reactive\/a\.js:\d+:third:\nError: no space left\n/);
    expect(stderr.match(/no space left/g)).toHaveLength(1);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('juju-log could not log this: not found on PATH (is this running in a Juju hook?)');
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('goes to stderr, once, when juju-log fails, saying why', () => {
    const dir = charm(failing);
    const { status, stderr } = runInstall(dir, { 'juju-log': { exitCode: 1, stderr: 'ERROR connection refused\n' } });
    expect(status).toBe(1);
    expect(stderr.match(/no space left/g)).toHaveLength(1);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('juju-log could not log this: exited 1: ERROR connection refused');
  });

  it('stays off stderr when juju-log takes it: Juju writes both to the unit log, where it would show twice', () => {
    const dir = charm(failing);
    const { status, stderr, fake } = runInstall(dir);
    expect(status).toBe(1);
    expect(stderr).toBe('');
    expect(loggedErrors(fake)).toEqual([expect.stringMatching(/^Hook error in handler reactive\/a\.js:\d+:third:\nError: no space left\n/)]);
  });
});
