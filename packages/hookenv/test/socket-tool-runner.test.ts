import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HookToolError, ProcessHookTools, SocketToolRunner } from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let server: Server | undefined;
afterEach(() => server?.close());

/** A fake unit agent: records each request and answers from `answer`. */
async function agent(answer: (request: { tool: string; args: string[] }) => object): Promise<{ path: string; requests: unknown[] }> {
  const path = join(tempDir(), 'agent.socket');
  const requests: unknown[] = [];
  server = createServer((socket) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
      if (!data.endsWith('\n')) return;
      const request = JSON.parse(data);
      requests.push(request);
      socket.end(JSON.stringify(answer(request)));
    });
  });
  await new Promise<void>((resolve) => server!.listen(path, resolve));
  return { path, requests };
}

describe('SocketToolRunner', () => {
  it('sends each call as one JSON line with the context, and parses the answer as the tool would print it', async () => {
    const { path, requests } = await agent(({ tool }) =>
      tool === 'config-get' ? { code: 0, stdout: '{"port": 80}\n', stderr: '' } : { code: 0, stdout: '', stderr: '' },
    );
    const tools = new ProcessHookTools(new SocketToolRunner(path, 'ctx-7'));
    expect(await tools.configGet()).toEqual({ port: 80 });
    await tools.relationSet({ relationId: 'db:0' }, { host: 'h' });
    expect(requests).toEqual([
      { context: 'ctx-7', tool: 'config-get', args: ['--all', '--format=json'], stdin: null },
      { context: 'ctx-7', tool: 'relation-set', args: ['-r', 'db:0', '--file', '-'], stdin: '{"host":"h"}' },
    ]);
  });

  it('reports failures as the tool would, and an unreachable agent clearly', async () => {
    const { path } = await agent(() => ({ code: 1, stdout: '', stderr: 'ERROR not the leader\n' }));
    const tools = new ProcessHookTools(new SocketToolRunner(path, 'c'));
    await expect(tools.leaderSet({ a: '1' })).rejects.toThrow('leader-set a=1: exited 1: ERROR not the leader');
    const missing = new ProcessHookTools(new SocketToolRunner(join(tempDir(), 'nothing.socket'), 'c'));
    const error = await missing.isLeader().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect((error as Error).message).toMatch(/^is-leader --format=json: cannot reach the unit agent at .*nothing\.socket/);
  });
});
