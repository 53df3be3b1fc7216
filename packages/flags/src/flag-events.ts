/** What happened to a flag: it became set, or it was cleared. */
export type FlagChange = 'set' | 'cleared';
export type FlagListener = (flag: string, change: FlagChange) => void;

const listeners = new Set<FlagListener>();

/**
 * Calls `listener` on every effective flag change (a set flag that was unset,
 * a cleared flag that was set), before the flag's triggers run. The bus uses it
 * for its trace and to know which handlers to re-test. Returns an unsubscribe function.
 */
export function onFlagChange(listener: FlagListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitFlagChange(flag: string, change: FlagChange): void {
  if (listeners.size === 0) return;
  for (const listener of listeners) listener(flag, change);
}
