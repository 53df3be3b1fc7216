// The one module `charms.reactive` loads when an external handler calls it
// during a hook: it hands the command line to the hook process and returns the
// answer. CommonJS, like bin.cts, and it requires nothing but node:net.
import { connect } from 'node:net';
import type { AgentAnswer, AgentCall } from './agent.js' with { 'resolution-mode': 'import' };

/** Where the hook's agent listens (@reactive/bus's HANDLER_AGENT_ENV). */
export const HANDLER_AGENT_ENV = 'REACTIVE_HANDLER_AGENT';

/**
 * Asks the hook process at `socketPath` to run the command line, with the
 * answering module `bundle`. Resolves to the answer, `{ local: true }` when
 * the command is to run here (another store, a command for people), or an
 * error answer when the hook cannot be reached or does not answer: the call
 * must then not write the store behind the hook's back.
 */
export function askHook(socketPath: string, bundle: string, call: AgentCall): Promise<AgentAnswer> {
  const failed = (why: string): AgentAnswer => ({
    status: 1,
    stdout: '',
    stderr: `charms.reactive: cannot reach the hook process (${why}); nothing was changed\n`,
  });
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(failed(error.code ?? error.message)));
    socket.on('end', () => {
      try {
        const { reply, error } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reply?: AgentAnswer; error?: string };
        resolve(reply ?? failed(error ?? 'no answer'));
      } catch {
        resolve(failed('an answer that is not JSON'));
      }
    });
    // The charm's own @reactive/cli answers when it has one (the same copies of the packages as the hook).
    socket.end(`${JSON.stringify({ module: bundle, package: '@reactive/cli', payload: call })}\n`);
  });
}
