type Callback = () => unknown;

const starting: Callback[] = [];
const exiting: Callback[] = [];

/** Runs `fn` at the start of the hook, after discovery, before dispatch (in registration order). */
export function atStart(fn: Callback): void {
  starting.push(fn);
}

/** Runs `fn` after a successful dispatch, before the unit state is committed (last registered first). */
export function atExit(fn: Callback): void {
  exiting.push(fn);
}

/** Runs and forgets the start callbacks; ones registered while running also run. */
export async function runAtStart(): Promise<void> {
  while (starting.length > 0) await starting.shift()!();
}

/** Runs and forgets the exit callbacks, newest first; ones registered while running also run. */
export async function runAtExit(): Promise<void> {
  while (exiting.length > 0) await exiting.pop()!();
}

/** Forgets every registered callback without running it. */
export function clearCallbacks(): void {
  starting.length = 0;
  exiting.length = 0;
}
