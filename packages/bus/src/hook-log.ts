import { log, type LogLevel } from '@reactive/hookenv';

const FLUSH_INTERVAL_MS = 1000;
/** Linux refuses a single argument over 128 KiB (E2BIG): longer batches go in several calls. */
const MAX_MESSAGE_BYTES = 100_000;

/**
 * The framework's log lines for one hook, sent to `juju-log` in batches rather
 * than one process per line: at the end of the hook, when it fails, and before
 * a handler starts once a second has passed since the last batch (so a hung
 * hook still shows where it hangs). A batch is one `juju-log` call per level.
 */
class HookLog {
  private lines: Array<{ level: LogLevel; message: string }> = [];
  private lastFlush = Date.now();

  add(level: LogLevel, message: string): void {
    this.lines.push({ level, message });
  }

  /** Flushes if a second has passed since the last flush. */
  async flushIfDue(): Promise<void> {
    if (Date.now() - this.lastFlush >= FLUSH_INTERVAL_MS) await this.flush();
  }

  async flush(): Promise<void> {
    this.lastFlush = Date.now();
    const lines = this.lines;
    this.lines = [];
    const byLevel = new Map<LogLevel, string[]>();
    for (const { level, message } of lines) {
      const messages = byLevel.get(level) ?? [];
      messages.push(message);
      byLevel.set(level, messages);
    }
    // Levels go out side by side: each is its own juju-log process.
    await Promise.all([...byLevel].map(async ([level, messages]) => {
      for (const chunk of chunks(messages)) await log(chunk, level);
    }));
  }

  /** Drops unsent lines (between hooks run in one process). */
  clear(): void {
    this.lines = [];
    this.lastFlush = Date.now();
  }
}

export const hookLog = new HookLog();

/** Joins lines into messages of at most MAX_MESSAGE_BYTES (a longer single line is cut). */
function chunks(lines: string[]): string[] {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const whole of lines) {
    const wholeBytes = Buffer.byteLength(whole);
    const line = wholeBytes > MAX_MESSAGE_BYTES ? `${whole.slice(0, MAX_MESSAGE_BYTES / 4)}… (cut)` : whole;
    const bytes = (line === whole ? wholeBytes : Buffer.byteLength(line)) + 1;
    if (size + bytes > MAX_MESSAGE_BYTES && current) {
      out.push(current);
      current = '';
      size = 0;
    }
    current = current ? `${current}\n${line}` : line;
    size += bytes;
  }
  if (current) out.push(current);
  return out;
}

