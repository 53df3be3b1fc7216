// The one module `charms.reactive` loads when an external handler calls it
// during a hook: it hands the command line to the hook process and returns the
// answer. CommonJS, like bin.cts, and it requires nothing but node:net.
import { connect } from 'node:net';
import type { AgentAnswer, AgentCall } from './agent.js' with { 'resolution-mode': 'import' };

/** Where the hook's agent listens (@reactive/bus's HANDLER_AGENT_ENV). */
export const HANDLER_AGENT_ENV = 'REACTIVE_HANDLER_AGENT';

type Answer = Exclude<AgentAnswer, { local: true }>;

/**
 * Asks the hook process at `socketPath` to run the command line, with the
 * answering module `bundle`. Resolves to the answer, or undefined when the
 * command is to run here (the hook declined it, or cannot be reached).
 */
export function askHook(socketPath: string, bundle: string, call: AgentCall): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => resolve(undefined));
    socket.on('end', () => {
      try {
        const { reply } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reply?: AgentAnswer };
        resolve(reply && !('local' in reply) ? reply : undefined);
      } catch {
        resolve(undefined);
      }
    });
    socket.end(`${JSON.stringify({ module: bundle, payload: call })}\n`);
  });
}
