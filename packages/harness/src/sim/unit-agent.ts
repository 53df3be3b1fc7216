import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { UnitAgentCall } from '@reactive/hookenv';
import type { ToolResponse } from './tools.js';

export type ToolHandler = (request: UnitAgentCall) => ToolResponse | Promise<ToolResponse>;

const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/**
 * The simulated unit agent: one Unix socket for the whole model. A client
 * sends one JSON line `{context, tool, args, stdin}` and reads one JSON
 * document `{code, stdout, stderr}`; the server then closes the connection.
 * Each running hook has a context id; calls with another id are refused, so a
 * process left over from an earlier hook cannot change the model.
 */
export class UnitAgentServer {
  readonly path: string;
  private readonly server: Server;
  private readonly contexts = new Map<string, ToolHandler>();
  private readonly sockets = new Set<Socket>();

  private constructor(path: string) {
    this.path = path;
    this.server = createServer((socket) => this.serve(socket));
  }

  /** Listens on `path` (a stale socket file there is replaced). */
  static async listen(path: string): Promise<UnitAgentServer> {
    if (existsSync(path) && lstatSync(path).isSocket()) unlinkSync(path);
    const agent = new UnitAgentServer(path);
    await new Promise<void>((resolve, reject) => {
      agent.server.once('error', reject);
      agent.server.listen(path, () => {
        agent.server.off('error', reject);
        resolve();
      });
    });
    return agent;
  }

  register(context: string, handler: ToolHandler): void {
    this.contexts.set(context, handler);
  }

  unregister(context: string): void {
    this.contexts.delete(context);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const chunks: Buffer[] = [];
    let size = 0;
    let answered = false;
    let handling = false;
    const answer = (response: ToolResponse): void => {
      if (answered) return;
      answered = true;
      socket.end(`${JSON.stringify(response)}\n`);
    };
    const tryRequest = (final: boolean): void => {
      if (answered || handling) return;
      const data = Buffer.concat(chunks);
      const newline = data.indexOf(0x0a);
      if (newline === -1 && !final) return;
      handling = true;
      void this.handle(data.subarray(0, newline === -1 ? data.length : newline).toString('utf8')).then(answer);
    };
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) return answer({ code: 1, stdout: '', stderr: 'ERROR request too large\n' });
      if (chunk.includes(0x0a)) tryRequest(false);
    });
    socket.on('end', () => tryRequest(true));
  }

  private async handle(line: string): Promise<ToolResponse> {
    let request: UnitAgentCall;
    try {
      request = JSON.parse(line) as UnitAgentCall;
    } catch {
      return { code: 1, stdout: '', stderr: 'ERROR malformed request: expected one JSON line {context, tool, args, stdin}\n' };
    }
    if (!request || typeof request.tool !== 'string' || !Array.isArray(request.args) || !request.args.every((a) => typeof a === 'string')) {
      return { code: 1, stdout: '', stderr: 'ERROR malformed request: expected {context, tool, args: string[], stdin}\n' };
    }
    const handler = this.contexts.get(String(request.context ?? ''));
    if (!handler) return { code: 1, stdout: '', stderr: `ERROR bad request: no hook is running with context id ${JSON.stringify(request.context ?? '')}\n` };
    try {
      return await handler({
        context: request.context,
        tool: request.tool,
        args: request.args,
        stdin: typeof request.stdin === 'string' ? request.stdin : null,
      });
    } catch (error) {
      return { code: 1, stdout: '', stderr: `ERROR ${(error as Error).message}\n` };
    }
  }
}
