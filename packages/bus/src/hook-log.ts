import { log, logError, type LogLevel } from '@reactive/hookenv';

const FLUSH_INTERVAL_MS = 1000;

/**
 * The framework's log lines for one hook, sent to `juju-log` in batches rather
 * than one process per line: at the end of the hook, when it fails, and before
 * a handler starts once a second has passed since the last batch (so a hung
 * hook still shows where it hangs). A batch is one message per level, which
 * `log()` sends in one `juju-log` call unless it is megabytes long.
 */
class HookLog {
  private lines: Array<{ level: LogLevel; message: string }> = [];
  private lastFlush = Date.now();

  add(level: LogLevel, message: string): void {
    this.lines.push({ level, message });
  }

  /** Whether a second has passed since the last flush. */
  get due(): boolean {
    return Date.now() - this.lastFlush >= FLUSH_INTERVAL_MS;
  }

  async flush(): Promise<void> {
    const failures = await this.send();
    if (failures.length > 0) throw failures[0];
  }

  /** Sends the hook's error with the lines before it: to stderr when juju-log cannot take it (`logError`). */
  async reportError(message: string): Promise<void> {
    this.add('ERROR', message);
    await this.send({ errorsToStderr: true });
  }

  /** Sends the lines, one juju-log call per level; resolves with why the calls that failed did. */
  private async send({ errorsToStderr = false } = {}): Promise<unknown[]> {
    this.lastFlush = Date.now();
    const lines = this.lines;
    this.lines = [];
    const byLevel = new Map<LogLevel, string[]>();
    for (const { level, message } of lines) {
      const messages = byLevel.get(level) ?? [];
      messages.push(message);
      byLevel.set(level, messages);
    }
    const failures: unknown[] = [];
    // Levels go out side by side: each is its own juju-log process.
    await Promise.all(
      [...byLevel].map(([level, messages]) => {
        const text = messages.join('\n');
        return (errorsToStderr && level === 'ERROR' ? logError(text) : log(text, level)).catch((error: unknown) => failures.push(error));
      }),
    );
    return failures;
  }

  /** Drops unsent lines (between hooks run in one process). */
  clear(): void {
    this.lines = [];
    this.lastFlush = Date.now();
  }
}

export const hookLog = new HookLog();
