// Symbolic links in the handler folders: charms.reactive 1.5.2's os.walk lists
// a link to a file with the files, and imports or runs it.
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const handler = `
import { setFlag } from '@reactive/flags';
import { whenNot } from '@reactive/bus';
whenNot('linked.ran')(function linked() { setFlag('linked.ran'); });
`;

describe('discovery of linked handler files', () => {
  it('imports a handler module that is a link to a file inside the charm', async () => {
    const dir = makeCharm({ 'lib/shared/handlers.js': handler, 'reactive/a.js': '' });
    symlinkSync('../lib/shared/handlers.js', join(dir, 'reactive', 'linked.js'));
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(await committedFlags(dir)).toEqual(['linked.ran']);
  });

  it('runs an external handler that is a link to an executable inside the charm', async () => {
    const script = '#!/bin/sh\nif [ "$1" = --test ]; then [ -e "$JUJU_CHARM_DIR/invoked" ] && exit 1; echo go; else touch "$JUJU_CHARM_DIR/invoked"; fi\n';
    const dir = makeCharm({ 'lib/run.sh': { content: script, mode: 0o755 }, 'reactive/a.js': '' });
    symlinkSync('../lib/run.sh', join(dir, 'reactive', 'run.sh'));
    expect(await runHook(dir, 'install')).toBeUndefined();
    expect(existsSync(join(dir, 'invoked'))).toBe(true);
  });

  it.each([
    [
      'outside the charm',
      (outside: string) => join(outside, 'evil.js'),
      /^reactive\/linked\.js: cannot be a handler: it links to .*evil\.js, outside the charm/,
    ],
    ['to nothing', () => 'gone.js', /^reactive\/linked\.js: cannot be a handler: it links to gone\.js, which does not exist$/],
  ])('fails the hook with one line naming a link %s, and commits nothing', async (_what, target, message) => {
    const outside = tempDir();
    writeFileSync(join(outside, 'evil.js'), handler);
    const dir = makeCharm({ 'reactive/a.js': '' });
    symlinkSync(target(outside), join(dir, 'reactive', 'linked.js'));
    const tools = new MemoryHookTools();
    const error = await runHook(dir, 'install', { tools });
    expect((error as Error).message).toMatch(message);
    expect(tools.logs.filter((entry) => entry.level === 'ERROR').map((entry) => entry.message)).toEqual([`Hook error:\n${(error as Error).message}`]);
    expect(await committedFlags(dir)).toEqual([]);
  });

  it('says at WARNING that a linked folder is not walked, as os.walk does not follow it', async () => {
    const dir = makeCharm({ 'lib/more/b.js': handler, 'reactive/a.js': '' });
    symlinkSync('../lib/more', join(dir, 'reactive', 'more'));
    const tools = new MemoryHookTools();
    expect(await runHook(dir, 'install', { tools })).toBeUndefined();
    const warnings = tools.logs.filter((entry) => entry.level === 'WARNING').map((entry) => entry.message);
    expect(warnings).toEqual(['reactive/more links to a folder, which discovery does not walk (as charms.reactive): link its files instead']);
    expect(await committedFlags(dir)).toEqual([]);
  });
});
