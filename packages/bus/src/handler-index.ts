import { isFlagSet } from '@reactive/flags';
import { type Gate, Handler } from './handler.js';
import type { Phase } from './phase.js';

/**
 * Handlers indexed by what they need, so that dispatch tests only the ones
 * that can run: by phase, by a flag that must be set (the first flag of a
 * `when`, any flag of a `whenAny`), and by the flags they watch.
 */
export class HandlerIndex {
  readonly version = Handler.version;
  private readonly byPhase = new Map<Phase, Handler[]>();
  /** Handlers allowed in the other phase with no required flag. */
  private readonly unanchored: Handler[] = [];
  /** Required flag -> handlers (allowed in the other phase) that need it. */
  private readonly anchored = new Map<string, Handler[]>();
  /** Watched flag -> handlers watching it. */
  private readonly watching = new Map<string, Handler[]>();
  /** Handlers that watch no flags: tested in every iteration. */
  private readonly unwatched: Handler[] = [];
  /** Handlers whose test does not depend on flags alone (files, external handlers, custom predicates). */
  readonly notFlagsOnly = new Set<Handler>();

  constructor(handlers: Handler[]) {
    for (const phase of ['hooks', 'other', 'restricted'] as const) {
      this.byPhase.set(
        phase,
        handlers.filter((h) => allowedIn(h, phase)),
      );
    }
    for (const handler of handlers) if (!handler.testsFlagsOnly) this.notFlagsOnly.add(handler);
    for (const handler of this.byPhase.get('other')!) {
      const anchor = handler.gates.find((gate) => gate.anyOf)?.anyOf;
      if (anchor) for (const flag of anchor) push(this.anchored, flag, handler);
      else this.unanchored.push(handler);
      if (handler.flags.size === 0) this.unwatched.push(handler);
      for (const flag of handler.flags) push(this.watching, flag, handler);
    }
  }

  /** Every handler that may run in `phase`, in registration order. */
  inPhase(phase: Phase): Handler[] {
    return this.byPhase.get(phase)!;
  }

  /** The first iteration of the other phase: handlers whose required flags could be set. */
  firstIteration(): Handler[] {
    const found = new Set(this.unanchored);
    for (const [flag, handlers] of this.anchored) {
      if (isFlagSet(flag)) for (const handler of handlers) found.add(handler);
    }
    return inOrder(found);
  }

  /** A later iteration: handlers watching a changed flag, and handlers watching none. */
  laterIteration(changed: Iterable<string>): Handler[] {
    const found = new Set(this.unwatched);
    for (const flag of changed) for (const handler of this.watching.get(flag) ?? []) found.add(handler);
    return inOrder([...found].filter(anchorsSatisfied));
  }

  /** Handlers that watch `flag` (for the trace). */
  watchers(flag: string): Handler[] {
    return this.watching.get(flag) ?? [];
  }
}

function allowedIn(handler: Handler, phase: Phase): boolean {
  return handler.gates.every((gate) => gate.phase === undefined || gate.phase === phase);
}

function anchorsSatisfied(handler: Handler): boolean {
  return handler.gates.every((gate: Gate) => !gate.anyOf || gate.anyOf.some(isFlagSet));
}

function inOrder(handlers: Iterable<Handler>): Handler[] {
  return [...handlers].sort((a, b) => a.index - b.index);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
