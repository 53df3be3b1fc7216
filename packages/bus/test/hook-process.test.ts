// Hooks run as real processes, as Juju runs them: the hook file is a Node
// script calling main(); the hook tools are fake executables on PATH.
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

function runHookProcess(dir: string, hook: string): { status: number | null; fake: FakeHookTools; stderr: string } {
  const fake = new FakeHookTools(tempDir());
  fake.add('config-get', { stdout: '{}' }).add('juju-log');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: fake.path(), JUJU_CHARM_DIR: dir, JUJU_UNIT_NAME: 'app/0', NODE_EXTRA_CA_CERTS: '' };
  delete env.JUJU_HOOK_NAME;
  delete env.UNIT_STATE_DB;
  const child = spawnSync(join(dir, 'hooks', hook), [], { cwd: dir, env, encoding: 'utf8' });
  return { status: child.status, fake, stderr: child.stderr };
}

function charm(handlers: string): string {
  return makeCharm({
    'package.json': '{"type": "module"}',
    'hooks/install': { content: entry, mode: 0o755 },
    'reactive/a.js': `
      import { setFlag } from '@reactive/flags';
      import { when, whenNot } from '@reactive/bus';
      ${handlers}
    `,
  });
}

describe('a hook process', () => {
  it('takes its name from the script, runs the handlers and commits', () => {
    const dir = charm(`whenNot('installed')(function install() { setFlag('installed'); });`);
    const { status, fake } = runHookProcess(dir, 'install');
    expect(status).toBe(0);
    const logged = fake
      .calls()
      .filter((c) => c.tool === 'juju-log')
      .map((c) => c.args.at(-1))
      .join('\n');
    expect(logged).toContain('Reactive main running for hook install');
    return committedFlags(dir).then((flags) => expect(flags).toEqual(['installed']));
  });

  it('exits non-zero when a handler throws, logs the handler, and commits nothing', async () => {
    const dir = charm(`
      whenNot('a')(function first() { setFlag('a'); });
      whenNot('b')(function second() { setFlag('b'); });
      whenNot('c')(function third() { throw new Error('no space left'); });
    `);
    const { status, fake } = runHookProcess(dir, 'install');
    expect(status).toBe(1);
    const error = fake.calls().find((c) => c.tool === 'juju-log' && c.args[1] === 'ERROR');
    expect(error?.args.at(-1)).toMatch(/^Hook error in handler reactive\/a\.js:\d+:third:\nError: no space left/);
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('sends the log before a handler starts once a second has passed, so a hung hook shows where it is', () => {
    const dir = charm(`
      whenNot('a')(function slow() { const end = Date.now() + 1100; while (Date.now() < end); setFlag('a'); });
      when('a')(function next() { setFlag('b'); });
    `);
    const { status, fake } = runHookProcess(dir, 'install');
    expect(status).toBe(0);
    const batches = fake
      .calls()
      .filter((c) => c.tool === 'juju-log' && c.args[1] === 'INFO')
      .map((c) => c.args.at(-1)!);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches[0]).toMatch(/Invoking reactive handler: reactive\/a\.js:\d+:slow$/);
  });
});

describe('a hook process with a long log', () => {
  it('sends a log longer than one argument may be in a few juju-log calls, as arguments juju-log joins back', async () => {
    let handlers = '';
    for (let i = 0; i < 3000; i++) handlers += `whenNot('f${i}')(function handlerNumber${i}() { setFlag('f${i}'); });\n`;
    const dir = charm(handlers);
    const started = performance.now();
    const { status, fake, stderr } = runHookProcess(dir, 'install');
    const seconds = Math.ceil((performance.now() - started) / 1000);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const logCalls = fake.calls().filter((c) => c.tool === 'juju-log');
    // One call per level at the end of the hook, and one more per level at most once a second, when
    // a handler starts (a loaded machine takes seconds): never a call per message (6,000 of them).
    expect(logCalls.length).toBeLessThanOrEqual(2 * (seconds + 1));
    expect(new Set(logCalls.map((c) => c.args[1]))).toEqual(new Set(['INFO', 'DEBUG']));
    const messages = (level: string) => logCalls.filter((c) => c.args[1] === level).map((c) => c.args.slice(2));
    expect(messages('DEBUG').some((args) => args.length > 1)).toBe(true);
    expect(Math.max(...logCalls.flatMap((c) => c.args.slice(2)).map((arg) => Buffer.byteLength(arg)))).toBeLessThan(128 * 1024);
    const debug = messages('DEBUG').map((args) => args.join(' '));
    expect(debug.every((batch) => batch.split('\n').every((line) => line.startsWith('tracer')))).toBe(true);
    const invoked =
      messages('INFO')
        .map((args) => args.join(' '))
        .join('\n')
        .match(/Invoking reactive handler: /g) ?? [];
    expect(invoked).toHaveLength(3000);
    expect(await committedFlags(dir)).toHaveLength(3000);
  });

  it("names the packages' TypeScript sources in a handler error's stack, not their bundles", () => {
    const dir = charm(`whenNot('a')(function badFlag() { setFlag(''); });`);
    const { status, fake } = runHookProcess(dir, 'install');
    expect(status).toBe(1);
    const error = fake
      .calls()
      .filter((c) => c.tool === 'juju-log' && c.args.includes('ERROR'))
      .map((c) => c.args.at(-1))
      .join('\n');
    const root = join(import.meta.dirname, '..', '..', '..');
    expect(error).toContain('TypeError: flag name must not be empty');
    expect(error).toContain(`at checkFlagName (${join(root, 'packages', 'flags', 'src', 'flag-name.ts')}:4:`);
    expect(error).toContain(`at setFlag (${join(root, 'packages', 'flags', 'src', 'flags.ts')}:`);
    expect(error).toMatch(/reactive\/a\.js:\d+:\d+\)/);
    expect(error).not.toContain('dist/bundle.js');
  });
});
