// config.yaml as layer:basic's config flags read it: the rules reactive build
// checks too (@reactive/bus's checkConfigShape), broken in one line naming
// the file and the key; the hook exits non-zero and commits nothing.
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { runHook as runLayerHook } from '@reactive/layer-basic';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, runHook } from '../../../test-fixtures/run-hook.mjs';

describe('config.yaml in a hook', () => {
  it.each([
    [
      'a scalar',
      'port\n',
      'no `options` (the file holds the string "port"): Juju refuses a config.yaml without them ("empty configuration"); write options: {} or remove the file',
    ],
    ['options that are a list', 'options: [port]\n', '`options` must map option names to their type, default and description'],
    ['an option that is a scalar', 'options:\n  port: 80\n', 'option "port" must be a mapping (type, default, description)'],
    ['a key beside options', 'options: {}\noption: {}\n', 'unknown key "option": a config.yaml holds `options` only'],
  ])('%s fails the hook with one line naming config.yaml and the key', async (_what, config, message) => {
    const dir = makeCharm({
      'metadata.yaml': 'name: app\n',
      'config.yaml': config,
      'reactive/app.js': "import { setFlag } from '@reactive/flags';\nsetFlag('loaded');\n",
    });
    const tools = new MemoryHookTools();
    let code: number | undefined;
    expect(await runHook(dir, 'install', { tools, run: async () => void (code = await runLayerHook({ reload: true })) })).toBeUndefined();
    expect(code).toBe(1);
    expect(tools.logs.find((entry) => entry.level === 'ERROR')?.message).toMatch(
      new RegExp(`^Hook error:\\nCharmFileError: ${dir}/config\\.yaml: ${escape(message)}\\n`),
    );
    expect(await committedFlags(dir)).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
