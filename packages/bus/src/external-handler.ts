import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { unitState } from '@reactive/hookenv';
import { bashFunctions } from './bash-functions.js';
import { type Condition, fixedCondition, summarise } from './condition.js';
import { flagWatch } from './flag-watch.js';
import { flightRecorder } from './flight-recorder.js';
import { HANDLER_AGENT_ENV, handlerAgent } from './handler-agent.js';
import { handlerCharmDir, relativeToCharm } from './handler-charm-dir.js';
import { Handler, stats } from './handler.js';
import { pythonBytesRepr } from './python-bytes.js';
import { tracer } from './tracer.js';

/** An executable handler that cannot be executed (bad interpreter, not a program). */
export class BrokenHandlerError extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`File at '${path}' is marked as executable but execution failed. Only handler files may be marked as executable. (${reason})`);
    this.name = 'BrokenHandlerError';
    this.path = path;
  }
}

/**
 * Where external handlers write their stderr, and their stdout when invoked:
 * an open file descriptor, or undefined for this process's own stdout and
 * stderr (as in a hook, whose output Juju keeps in the unit's log). A test
 * harness running hooks in its process sets it to keep that output from the
 * test's terminal.
 */
let outputFd: number | undefined;

/** Sends external handlers' output to `fd` (undefined: this process's stdout and stderr). */
export function setExternalHandlerOutput(fd: number | undefined): void {
  outputFd = fd;
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
}

/**
 * A handler in any language: an executable file that answers `--test` (exit 0
 * and print what to invoke) and `--invoke <what --test printed>`. While it
 * runs, this process answers its `charms.reactive` calls (handler-agent.ts):
 * every command runs here, against this hook's unit state, so what the
 * handler changes is part of the hook's one transaction and counts for the
 * next iteration as changes made here do. Nothing is committed before the
 * hook ends (Python committed before each call, so a hook killed midway left
 * part of its changes).
 */
export class ExternalHandler extends Handler {
  readonly path: string;
  /** What --test printed, as Python keeps it (bytes); undefined before the first test. */
  private output: Buffer | undefined;
  private runnable = false;

  private constructor(path: string) {
    super(() => undefined, '', { file: path, line: 0 }, relativeToCharm(path));
    this.path = path;
  }

  /** The handler for the executable at `path`, registered on first use. */
  static register(path: string): ExternalHandler {
    const existing = Handler.getHandlers().find((h) => h instanceof ExternalHandler && h.path === path);
    if (existing) return existing as ExternalHandler;
    const handler = new ExternalHandler(path);
    Handler.add(handler);
    return handler;
  }

  /** As Python builds it: the --test output is bytes there, shown by its repr (`reactive/a.sh "b'a,b\\n'"`). */
  override id(): string {
    return `${relativeToCharm(this.path)} "${this.output ? pythonBytesRepr(this.output) : ''}"`;
  }

  override absoluteId(): string {
    return this.path;
  }

  override async test(): Promise<boolean> {
    stats.handlerTests++;
    stats.predicateEvaluations++;
    const { code, signal, stdout } = await this.runChild(['--test'], 'pipe');
    this.output = stdout;
    // Non-zero means "nothing to invoke", but not a shell's "cannot run" (126, 127: a helper
    // not found, `source charms.reactive.sh` failing) nor a signal: those fail the hook.
    if (signal || code === null || code >= 126) {
      const where = outputFd === undefined ? 'above' : "in the hook's handler output";
      throw new Error(`${relativeToCharm(this.path)} --test could not run (${signal ?? `exit ${code}`}): see its errors ${where}`);
    }
    if (code !== 0 && flightRecorder.recording) flightRecorder.failedTest(this, `external --test said no (exit ${code})`);
    return code === 0;
  }

  /** Its entry in the flight record's catalogue: with, for a bash handler, its functions' decorators (for `reactive why FLAG`). */
  override catalogueEntry(): string {
    const functions = bashFunctions(readFileSync(this.path, 'utf8'));
    const entry = { conditions: this.conditions.map(summarise), ...(functions.length > 0 ? { functions } : {}) };
    return `${JSON.stringify(this.id())}:${JSON.stringify(entry)}`;
  }

  /** An external handler decides in its --test (the `charms.reactive` calls there are not seen here). */
  override get conditions(): Condition[] {
    return [fixedCondition('external', 'its --test decides')];
  }

  override get testsFlagsOnly(): boolean {
    return false;
  }

  override couldRun(): boolean {
    return false;
  }

  override async invoke(): Promise<void> {
    stats.invocations++;
    stats.invoked.push(this.id());
    const { code, signal } = await this.runChild(['--invoke', this.text(this.output)], 'output');
    if (code !== 0) throw new Error(`${relativeToCharm(this.path)} --invoke exited ${signal ?? code}`);
  }

  /** Runs the executable, with this hook's agent listening for it; its stderr (and its stdout unless piped) goes to the handlers' output. */
  private async runChild(args: string[], stdout: 'pipe' | 'output'): Promise<ChildResult> {
    this.checkRunnable();
    const agent = await handlerAgent();
    // The CLI's `test` command reads the FlagWatch from the unit state, as Python's did.
    flagWatch.save();
    const env = { ...process.env, UNIT_STATE_DB: unitState().path, [HANDLER_AGENT_ENV]: agent.socketPath };
    const result = await tracer.untraced(
      () =>
        new Promise<ChildResult>((resolve, reject) => {
          const output = outputFd ?? 'inherit';
          const child = spawn(this.path, args, { env, stdio: ['ignore', stdout === 'pipe' ? 'pipe' : output, output], cwd: handlerCharmDir() });
          const chunks: Buffer[] = [];
          child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
          child.on('error', (error) => reject(new BrokenHandlerError(this.path, error.message)));
          child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(chunks) }));
        }),
    );
    return result;
  }

  /**
   * Node's spawn runs a file the kernel refuses (ENOEXEC) with /bin/sh, as
   * execvp does; Python's does not, and fails the hook. So do the same: only a
   * script with `#!` or an ELF binary can be a handler.
   */
  private checkRunnable(): void {
    if (this.runnable) return;
    const head = readHead(this.path, 4);
    if (head.subarray(0, 2).toString('latin1') !== '#!' && head.toString('latin1') !== '\x7fELF') {
      throw new BrokenHandlerError(this.path, 'it is neither a script starting with #! nor an ELF program');
    }
    this.runnable = true;
  }

  private text(output: Buffer = Buffer.alloc(0)): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(output);
    } catch {
      throw new Error(`${relativeToCharm(this.path)} --test printed output that is not UTF-8 text`);
    }
  }
}

function readHead(file: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
