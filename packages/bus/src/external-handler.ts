import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { relative } from 'node:path';
import { getFlags, REMOVED_STATE_KEY } from '@reactive/flags';
import { charmDir, unitState } from '@reactive/hookenv';
import { commitEarly } from './early-commit.js';
import { flagWatch } from './flag-watch.js';
import { Handler, stats } from './handler.js';

/** An executable handler that cannot be executed (bad interpreter, not a program). */
export class BrokenHandlerError extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`File at '${path}' is marked as executable but execution failed (${reason}): give it a valid shebang line or remove its executable bit`);
    this.name = 'BrokenHandlerError';
    this.path = path;
  }
}

/**
 * A handler in any language: an executable file that answers `--test` (exit 0
 * and print what to invoke) and `--invoke <what --test printed>`. The unit
 * state is committed before each call so the child sees this hook's flags, and
 * re-read after it; flags the child set or cleared (through the CLI) count as
 * changes for the next iteration, as flags set here do.
 */
export class ExternalHandler extends Handler {
  readonly path: string;
  private output = '';

  private constructor(path: string) {
    super(() => undefined, '', { file: path, line: 0 }, relative(charmDir(), path));
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

  override id(): string {
    return `${relative(charmDir(), this.path)} ${JSON.stringify(this.output)}`;
  }

  override absoluteId(): string {
    return this.path;
  }

  override test(): boolean {
    stats.handlerTests++;
    stats.predicateEvaluations++;
    const before = this.beforeChild();
    const result = spawnSync(this.path, ['--test'], { env: this.env(), stdio: ['ignore', 'pipe', 'inherit'], cwd: charmDir() });
    this.afterChild(before);
    this.checkStarted(result);
    this.output = this.text(result.stdout);
    return result.status === 0;
  }

  override couldRun(): boolean {
    return false;
  }

  override async invoke(): Promise<void> {
    stats.invocations++;
    stats.invoked.push(this.id());
    const before = this.beforeChild();
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      const child = spawn(this.path, ['--invoke', this.output], { env: this.env(), stdio: ['ignore', 'inherit', 'inherit'], cwd: charmDir() });
      child.on('error', (error) => reject(new BrokenHandlerError(this.path, error.message)));
      child.on('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    });
    this.afterChild(before);
    if (code !== 0) throw new Error(`${relative(charmDir(), this.path)} --invoke exited ${signal ?? code}`);
  }

  private beforeChild(): string[] {
    flagWatch.save();
    commitEarly();
    return getFlags();
  }

  /** Re-reads the state, and notes the flags the child set or cleared (through the CLI). */
  private afterChild(before: string[]): void {
    const state = unitState();
    state.refresh();
    const after = new Set(getFlags());
    const previous = new Set(before);
    for (const flag of after) if (!previous.has(flag)) flagWatch.change(flag);
    for (const flag of previous) {
      if (!after.has(flag)) {
        flagWatch.change(flag);
        state.set(REMOVED_STATE_KEY, true);
      }
    }
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, UNIT_STATE_DB: unitState().path };
  }

  private checkStarted(result: SpawnSyncReturns<Buffer>): void {
    if (result.error) throw new BrokenHandlerError(this.path, result.error.message);
  }

  private text(output: Buffer): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(output);
    } catch {
      throw new Error(`${relative(charmDir(), this.path)} --test printed output that is not UTF-8 text`);
    }
  }
}
