// The fake hook tools that tests and benchmarks put on PATH record every call;
// calls made side by side (the hook log sends two levels at once) must come
// back whole.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../test-fixtures/temp.mjs';

function call(tools: FakeHookTools, tool: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(join(tools.dir, tool), args, { stdio: 'ignore' }).on('close', resolve));
}

describe('fake hook tools', () => {
  it('record calls made side by side whole, however long their arguments', async () => {
    const tools = new FakeHookTools(tempDir('reactive-fake-tools-')).add('juju-log');
    const messages = ['a', 'b', 'c', 'd'].map((letter) => `${letter}\n`.repeat(60_000));
    await Promise.all(messages.map((message, i) => call(tools, 'juju-log', ['-l', `LEVEL${i}`, message])));
    const recorded = tools.calls();
    expect(recorded).toHaveLength(4);
    expect(recorded.map((c) => c.args[2]).sort()).toEqual(messages);
    expect(recorded.every((c) => c.tool === 'juju-log')).toBe(true);
  });

  it('give sequential calls back in order', async () => {
    const tools = new FakeHookTools(tempDir('reactive-fake-tools-')).add('status-set').add('juju-log');
    for (let i = 0; i < 5; i++) await call(tools, i % 2 ? 'juju-log' : 'status-set', [String(i)]);
    expect(tools.calls().map((c) => `${c.tool} ${c.args[0]}`)).toEqual(['status-set 0', 'juju-log 1', 'status-set 2', 'juju-log 3', 'status-set 4']);
  });
});
