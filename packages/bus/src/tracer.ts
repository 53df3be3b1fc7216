import { onFlagChange } from '@reactive/flags';
import { hookLog } from './hook-log.js';

/**
 * The flag and handler trace (Python's LogTracer), written at DEBUG through the
 * hook log: what dispatch queued, what changed, what each change queued or
 * dequeued. Active only between start() and stop().
 */
class Tracer {
  private active = false;
  /** Set by dispatch: the handlers a flag change makes (or stops making) runnable. */
  private onChange: ((flag: string) => { queued: string[]; dequeued: string[] }) | undefined;

  start(onChange: Tracer['onChange']): void {
    this.active = true;
    this.onChange = onChange;
  }

  stop(): void {
    this.active = false;
    this.onChange = undefined;
  }

  get enabled(): boolean {
    return this.active;
  }

  write(lines: string[]): void {
    if (!this.active) return;
    const body = lines.map((line) => `tracer: ${line}`);
    hookLog.add('DEBUG', lines.length > 1 ? ['tracer>', ...body].join('\n') : body[0]!);
  }

  dispatchStart(flags: string[]): void {
    this.write([`starting handler dispatch, ${flags.length} flags set`, ...flags.map((flag) => `set flag ${flag}`)]);
  }

  phase(label: string, ids: string[]): void {
    this.write([`${label}, ${ids.length} handlers queued`, ...[...ids].sort().map((id) => `++   queue handler ${id}`)]);
  }

  flagChanged(flag: string, change: 'set' | 'cleared'): void {
    if (!this.active) return;
    const { queued, dequeued } = this.onChange?.(flag) ?? { queued: [], dequeued: [] };
    this.write([
      `${change} flag ${flag}`,
      ...queued.sort().map((id) => `++   queue handler ${id}`),
      ...dequeued.sort().map((id) => `-- dequeue handler ${id}`),
    ]);
  }
}

export const tracer = new Tracer();
onFlagChange((flag, change) => tracer.flagChanged(flag, change));
