import type { HookResult } from './harness.js';

/** "Hook error in handler <id>:\n<stack>", as the framework logs a failed hook (or "in layer:basic bootstrap"). */
const HOOK_ERROR = /^Hook error(?: in (handler )?(.+?))?:\n([\s\S]*)$/;
const FRAME = /^\s+at /;
/** How much of the handlers' output a failed run's message shows. */
const OUTPUT_LINES = 20;

/**
 * A hook (or action) run by the Harness failed: the message names the hook, the
 * handler that raised and its error; the stack is the handler's (mapped to its
 * source), so a test runner points at the line. `result` is the run's result.
 */
export class HookFailedError extends Error {
  readonly result: HookResult;
  /** The id of the handler that raised (`reactive/web.ts:12:configure`), when a handler did. */
  readonly handlerId: string | undefined;

  /** `thrown` is what the framework threw, if it did not log the error itself. */
  constructor(result: Omit<HookResult, 'error'>, thrown?: unknown) {
    const logged = thrown === undefined ? result.logs.findLast((line) => line.level === 'ERROR')?.message : undefined;
    const text = thrown === undefined ? (logged ?? 'no error was logged') : thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
    const match = HOOK_ERROR.exec(text);
    const lines = (match ? match[3]! : text).split('\n');
    const firstFrame = lines.findIndex((line) => FRAME.test(line));
    const reason = (firstFrame < 0 ? lines : lines.slice(0, firstFrame)).join('\n');
    const where = match?.[2] ? ` in ${match[1] ?? ''}${match[2]}` : '';
    super(`${result.hook} failed${where}: ${reason}${outputTail(result.output)}`);
    this.name = 'HookFailedError';
    this.result = { ...result, error: this };
    this.handlerId = match?.[1] ? match[2] : undefined;
    if (firstFrame >= 0) this.stack = [`${this.name}: ${this.message}`, ...lines.slice(firstFrame)].join('\n');
  }
}

/** The end of what the handlers printed, for the message: a failing bash handler's reason is there. */
function outputTail(output: string): string {
  if (output.trim() === '') return '';
  const lines = output.trimEnd().split('\n');
  const shown = lines.slice(-OUTPUT_LINES);
  const heading = shown.length < lines.length ? ` (its last ${OUTPUT_LINES} lines)` : '';
  return `\n\nThe hook's handler output${heading}:\n${shown.join('\n')}`;
}
