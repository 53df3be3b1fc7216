import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** What a hook tool printed and how it exited. */
export interface ToolResult {
  /** The exit code; null when the tool could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why the tool could not be started, if it could not. */
  startError?: string;
  /** The system's error code when the tool could not be started (`ENOENT`, `E2BIG`, ...). */
  errorCode?: string;
}

/**
 * Where the simulated unit agent listens (@reactive/harness sets it for the
 * hooks it runs). Not to be confused with @reactive/bus's handler agent,
 * which serves `charms.reactive` calls of external handlers.
 */
export const UNIT_AGENT_SOCKET_ENV = 'REACTIVE_AGENT_SOCKET';

/** One hook-tool call to the unit agent: a JSON line; the answer is a {@link ToolResult} document. */
export interface UnitAgentCall {
  /** The running hook's context id (JUJU_CONTEXT_ID): calls from another hook are refused. */
  context: string;
  tool: string;
  args: string[];
  stdin: string | null;
}

/** Runs hook tools: as processes (Juju), or over a socket (the simulator). */
export interface ToolRunner {
  run(tool: string, args: string[], input?: string): Promise<ToolResult>;
  runSync(tool: string, args: string[]): ToolResult;
}

/** The real thing: each tool is an executable on PATH, given an argument array (never a shell). */
export class ProcessToolRunner implements ToolRunner {
  run(tool: string, args: string[], input?: string): Promise<ToolResult> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(tool, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      } catch (error) {
        // Node throws, rather than emits, what it does not count as a run-time error (E2BIG).
        resolve(notStarted(error as NodeJS.ErrnoException));
        return;
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let failed: ToolResult | undefined;
      child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        failed = notStarted(error);
      });
      child.on('close', (code, signal) => {
        resolve(
          failed ?? {
            code: code ?? (signal ? 128 : null),
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8') || (signal ? `killed by ${signal}` : ''),
          },
        );
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  runSync(tool: string, args: string[]): ToolResult {
    const child = spawnSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    if (child.error) return notStarted(child.error as NodeJS.ErrnoException);
    return { code: child.status, stdout: child.stdout, stderr: child.stderr };
  }
}

function notStarted(error: NodeJS.ErrnoException): ToolResult {
  const startError = error.code === 'ENOENT' ? 'not found on PATH (is this running in a Juju hook?)' : error.message;
  return { code: null, stdout: '', stderr: '', startError, ...(error.code ? { errorCode: error.code } : {}) };
}

/**
 * Talks to a unit agent (the simulator's) over a Unix socket, one connection
 * per call: a JSON line `{context, tool, args, stdin}` out, a JSON line
 * `{code, stdout, stderr}` back. Saves a process per call. Synchronous calls
 * go through the tool executables, which speak the same protocol.
 */
export class SocketToolRunner implements ToolRunner {
  private readonly socketPath: string;
  private readonly context: string;
  private readonly fallback = new ProcessToolRunner();

  constructor(socketPath: string, context: string) {
    this.socketPath = socketPath;
    this.context = context;
  }

  run(tool: string, args: string[], input?: string): Promise<ToolResult> {
    return new Promise((resolve) => {
      const socket = connect(this.socketPath);
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (error) =>
        resolve({ code: null, stdout: '', stderr: '', startError: `cannot reach the unit agent at ${this.socketPath}: ${error.message}` }),
      );
      socket.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ToolResult);
        } catch {
          resolve({ code: null, stdout: '', stderr: '', startError: 'the unit agent sent an answer that is not JSON' });
        }
      });
      const call: UnitAgentCall = { context: this.context, tool, args, stdin: input ?? null };
      socket.end(`${JSON.stringify(call)}\n`);
    });
  }

  runSync(tool: string, args: string[]): ToolResult {
    return this.fallback.runSync(tool, args);
  }
}

/** The runner for this process: the simulator's socket when REACTIVE_AGENT_SOCKET is set, else processes. */
export function defaultToolRunner(): ToolRunner {
  const socket = process.env[UNIT_AGENT_SOCKET_ENV];
  return socket ? new SocketToolRunner(socket, process.env.JUJU_CONTEXT_ID ?? '') : new ProcessToolRunner();
}
