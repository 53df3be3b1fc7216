// The charm's hook entry, lib/reactive-hook.mjs, run by hand without
// JUJU_CHARM_DIR: it takes the charm it belongs to, not the working folder.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { committedFlags } from '../../../test-fixtures/run-hook.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const ENTRY = join(import.meta.dirname, '..', 'layer', 'lib', 'reactive-hook.mjs');

/** A built charm's entry and a handler that records the folder it runs in. */
function builtCharm(): string {
  const dir = makeCharm({
    'package.json': '{"type": "module"}\n',
    'metadata.yaml': 'name: app\n',
    'reactive/app.js': `
      import { writeFileSync } from 'node:fs';
      import { setFlag } from '@reactive/flags';
      import { charmDir } from '@reactive/hookenv';
      import { whenNot } from '@reactive/bus';
      whenNot('ran')(function ran() { writeFileSync(charmDir() + '/ran-in', process.cwd()); setFlag('ran'); });
    `,
  });
  mkdirSync(join(dir, 'lib'));
  copyFileSync(ENTRY, join(dir, 'lib', 'reactive-hook.mjs'));
  return dir;
}

describe('lib/reactive-hook.mjs without JUJU_CHARM_DIR', () => {
  it('runs the charm it is part of, as bin/reactive-hook does, and writes nothing in the working folder', async () => {
    const charm = builtCharm();
    const cwd = tempDir();
    const tools = new FakeHookTools(tempDir('reactive-tools-'));
    tools.add('juju-log').add('config-get', { stdout: '{}' });
    const env: NodeJS.ProcessEnv = {
      PATH: `${tools.dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
      JUJU_UNIT_NAME: 'app/0',
      JUJU_HOOK_NAME: 'config-changed',
    };
    const hook = spawnSync(process.execPath, [join(charm, 'lib', 'reactive-hook.mjs')], { cwd, env, encoding: 'utf8' });
    expect(hook.stderr).toBe('');
    expect(hook.status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(await committedFlags(charm)).toEqual(['ran']);
    expect(readFileSync(join(charm, 'ran-in'), 'utf8')).toBe(charm);
  });
});
