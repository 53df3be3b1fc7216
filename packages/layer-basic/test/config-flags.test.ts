import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { runHook as runLayerHook } from '@reactive/layer-basic';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const g = globalThis as { fail?: boolean };
afterEach(() => delete g.fail);

// B5.6: a (default "x"), b (default ""), c (no default).
const configYaml = `
options:
  a: {type: string, default: x, description: A}
  b: {type: string, default: "", description: B}
  c: {type: int, description: C}
`;

/** A charm whose handler records the config flags it sees in each hook under "seen.<n>". */
function charm(): string {
  return makeCharm({
    'config.yaml': configYaml,
    'metadata.yaml': 'name: cfg\n',
    'reactive/probe.js': `
      import { getFlags } from '@reactive/flags';
      import { unitState, hookName } from '@reactive/hookenv';
      import { hook } from '@reactive/bus';
      hook('{install,config-changed,update-status}')(function probe() {
        const seen = unitState().get('seen', []);
        seen.push(getFlags().filter((f) => f.startsWith('config.')));
        unitState().set('seen', seen);
        if (globalThis.fail) throw new Error('failing on purpose');
      });
    `,
  });
}

async function hook(dir: string, name: string, tools: MemoryHookTools): Promise<unknown> {
  return runHook(dir, name, {
    tools,
    run: async () => {
      const code = await runLayerHook({ reload: true });
      if (code !== 0) throw new Error(`hook exited ${code}`);
    },
  });
}

async function lastSeen(dir: string): Promise<string[]> {
  return ((await committedState(dir)).seen as string[][]).at(-1)!;
}

describe('config flags over a sequence of hooks', () => {
  it('first hook: everything changed; set and default flags from the values', async () => {
    const dir = charm();
    const tools = new MemoryHookTools({ config: { a: 'x', b: '', c: null } });
    expect(await hook(dir, 'install', tools)).toBeUndefined();
    expect(await lastSeen(dir)).toEqual([
      'config.changed',
      'config.changed.a',
      'config.changed.b',
      'config.changed.c',
      'config.default.a',
      'config.default.b',
      'config.default.c',
      'config.set.a',
    ]);
    // The flags last only for the hook that set them.
    expect((await committedFlags(dir)).filter((f) => f.startsWith('config.'))).toEqual([]);
  });

  it('unchanged, then changed, then a failed hook whose change is seen again when retried', async () => {
    const dir = charm();
    const tools = new MemoryHookTools({ config: { a: 'x', b: '', c: null } });
    await hook(dir, 'install', tools);
    await hook(dir, 'update-status', tools);
    expect(await lastSeen(dir)).toEqual(['config.default.a', 'config.default.b', 'config.default.c', 'config.set.a']);

    tools.config = { a: 'y', b: '', c: 0 };
    await hook(dir, 'config-changed', tools);
    expect(await lastSeen(dir)).toEqual(['config.changed', 'config.changed.a', 'config.changed.c', 'config.default.b', 'config.set.a']);

    tools.config = { a: 'y', b: 'set', c: 0 };
    g.fail = true;
    expect(await hook(dir, 'config-changed', tools)).toBeInstanceOf(Error);
    delete g.fail;
    await hook(dir, 'config-changed', tools);
    expect(await lastSeen(dir)).toEqual(['config.changed', 'config.changed.b', 'config.set.a', 'config.set.b']);
    expect((await committedState(dir)).seen).toHaveLength(4);
  });
});
