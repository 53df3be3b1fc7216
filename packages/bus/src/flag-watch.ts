import { unitState } from '@reactive/hookenv';
import { onFlagChange, STATE_WATCH_KEY, type StoredFlagWatch } from '@reactive/flags';

/**
 * Which flags changed in the previous dispatch iteration, so that a handler is
 * re-tested only when one of its own flags changed (iteration 0 tests all).
 * Kept in memory; saved to the unit state (as Python's `reactive.state_watch`)
 * only for external handlers, whose `charms.reactive test` reads it there.
 */
class FlagWatch {
  iteration = 0;
  changes = new Set<string>();
  pending = new Set<string>();
  /** Flags changed since dispatch last took them (what a re-test of the queue must look at). */
  private recent = new Set<string>();

  reset(): void {
    this.iteration = 0;
    this.changes = new Set();
    this.pending = new Set();
  }

  change(flag: string): void {
    this.pending.add(flag);
    this.recent.add(flag);
  }

  /** The flags changed since the last call, forgetting them. */
  takeRecent(): Set<string> {
    const recent = this.recent;
    this.recent = new Set();
    return recent;
  }

  /** Moves the flags changed by the last batch of handlers into `changes`. */
  commit(): void {
    this.changes = this.pending;
    this.pending = new Set();
  }

  /** Whether a handler watching `flags` must be tested in this iteration. */
  watch(flags: Iterable<string>): boolean {
    if (this.iteration === 0) return true;
    for (const flag of flags) if (this.changes.has(flag)) return true;
    return false;
  }

  save(): void {
    const stored: StoredFlagWatch = { iteration: this.iteration, changes: [...this.changes], pending: [...this.pending] };
    unitState().set(STATE_WATCH_KEY, stored);
  }

  forget(): void {
    unitState().unset(STATE_WATCH_KEY);
  }
}

export const flagWatch = new FlagWatch();
onFlagChange((flag) => flagWatch.change(flag));
