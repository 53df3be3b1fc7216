import { type CallbackEntry as Entry, shared } from './shared-hook-context.js';

type Callback = () => unknown;

export interface CallbackOptions {
  /**
   * Keep the callback for every later hook run in this process (a package
   * registers its start-up once, at import), instead of for this hook only.
   */
  everyHook?: boolean;
}

/** Shared by every copy of this package: the framework's copy runs what a charm's copy registered. */
const { starting, exiting } = shared;

/** Runs `fn` at the start of the hook, after discovery, before dispatch (in registration order). */
export function atStart(fn: Callback, opts: CallbackOptions = {}): void {
  starting.push({ fn, everyHook: opts.everyHook === true });
}

/** Runs `fn` after a successful dispatch, before the unit state is committed (last registered first). */
export function atExit(fn: Callback, opts: CallbackOptions = {}): void {
  exiting.push({ fn, everyHook: opts.everyHook === true });
}

/** Runs the start callbacks in order (ones registered meanwhile too), forgetting the one-hook ones. */
export async function runAtStart(): Promise<void> {
  for (let i = 0; i < starting.length; i++) {
    const entry = starting[i]!;
    if (!entry.everyHook) starting.splice(i--, 1);
    await entry.fn();
  }
}

/** Runs the exit callbacks newest first (ones registered meanwhile too), forgetting the one-hook ones. */
export async function runAtExit(): Promise<void> {
  const done = new Set<Entry>();
  for (let next = newestNotDone(done); next; next = newestNotDone(done)) {
    done.add(next);
    if (!next.everyHook) exiting.splice(exiting.indexOf(next), 1);
    await next.fn();
  }
}

function newestNotDone(done: Set<Entry>): Entry | undefined {
  for (let i = exiting.length - 1; i >= 0; i--) if (!done.has(exiting[i]!)) return exiting[i];
  return undefined;
}

/** Forgets the one-hook callbacks without running them. */
export function clearCallbacks(): void {
  for (const list of [starting, exiting]) {
    for (let i = list.length - 1; i >= 0; i--) if (!list[i]!.everyHook) list.splice(i, 1);
  }
}
