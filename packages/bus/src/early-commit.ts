import { unitState, type UnitStateSnapshot } from '@reactive/hookenv';

let baseline: UnitStateSnapshot | undefined;

/**
 * Commits the unit state in the middle of a hook, so that a child process (an
 * external handler and the CLI it calls) sees this hook's flags. The state from
 * before the first such commit is kept, so a hook that then fails can still
 * leave the store as it found it.
 */
export function commitEarly(): void {
  const state = unitState();
  baseline ??= state.snapshot();
  state.commit();
}

/** After a failure: puts back the state from before the hook's first early commit. */
export function rollBackEarlyCommits(): void {
  if (baseline) unitState().restore(baseline);
  baseline = undefined;
}

/** After a success: the early commits stand. */
export function keepEarlyCommits(): void {
  baseline = undefined;
}
