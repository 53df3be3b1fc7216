import { createServer, type Server, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { charmDir } from '@reactive/hookenv';
import { pathToFileURL } from 'node:url';
import { AgentFolder } from './agent-folder.js';

/** The environment variable that tells an external handler where the hook's agent listens. */
export const HANDLER_AGENT_ENV = 'REACTIVE_HANDLER_AGENT';

/** The export an agent module answers requests with. */
export const HANDLER_AGENT_EXPORT = 'answerHandlerAgent';

/**
 * One request: the module that knows how to answer it (an absolute path; the
 * CLI names its own bundle), and what to give that module's
 * `answerHandlerAgent` export. The module is loaded in the hook process, so
 * its answer sees the hook's live unit state and becomes part of the hook's
 * transaction: committed when the hook succeeds, dropped when it fails.
 */
export interface HandlerAgentRequest {
  module: string;
  /**
   * The npm package `module` belongs to: when the charm has its own copy
   * installed, that copy answers instead, so the answer uses the same copies
   * of the framework's packages as the hook (a `charms.reactive` found
   * elsewhere on PATH would bring its own).
   */
  package?: string;
  payload: unknown;
}

/** The largest request accepted: a command line, not data. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * A Unix socket in a private folder on which the hook process answers the
 * processes of its external handlers while they run: a `charms.reactive` call
 * from a bash handler costs a Node start and one round trip, instead of a Node
 * start, loading LMDB and opening the store. Requests are answered one at a time.
 */
export class HandlerAgent {
  readonly socketPath: string;
  private readonly folder: AgentFolder;
  private readonly server: Server;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(folder: AgentFolder) {
    this.folder = folder;
    this.socketPath = join(folder.path, 'agent.sock');
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  /** Starts listening; resolves once connections are accepted. */
  static async start(): Promise<HandlerAgent> {
    const agent = new HandlerAgent(new AgentFolder());
    await new Promise<void>((resolve, reject) => {
      agent.server.once('error', reject);
      agent.server.listen(agent.socketPath, () => resolve());
    });
    agent.server.unref();
    return agent;
  }

  /** Stops listening and removes the socket's folder. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.folder.remove();
  }

  private accept(socket: Socket): void {
    const chunks: Buffer[] = [];
    let size = 0;
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) socket.destroy();
      else chunks.push(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const reply = this.queue.then(() => answerRequest(text));
      this.queue = reply;
      void reply.then((value) => socket.end(`${JSON.stringify(value)}\n`));
    });
  }
}

/** Answers one request: `{ reply }`, or `{ error }` with a one-line reason. */
async function answerRequest(text: string): Promise<{ reply: unknown } | { error: string }> {
  try {
    const request = JSON.parse(text) as Partial<HandlerAgentRequest>;
    if (typeof request.module !== 'string' || !isAbsolute(request.module)) throw new Error('the request names no module by absolute path');
    const file = charmCopy(request.package) ?? request.module;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const answer = module[HANDLER_AGENT_EXPORT];
    if (typeof answer !== 'function') throw new Error(`${file} exports no ${HANDLER_AGENT_EXPORT}`);
    return { reply: await answer(request.payload) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The main module of the charm's own copy of package `name`, if it has one. */
function charmCopy(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  try {
    return createRequire(join(charmDir(), 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
}

let running: Promise<HandlerAgent> | undefined;

/** The hook's agent, started on first use (the first external handler). */
export function handlerAgent(): Promise<HandlerAgent> {
  running ??= HandlerAgent.start();
  running.catch(() => (running = undefined));
  return running;
}

/** Stops the agent if one was started (end of the hook). */
export async function stopHandlerAgent(): Promise<void> {
  const agent = running;
  running = undefined;
  if (agent) await (await agent).close();
}
