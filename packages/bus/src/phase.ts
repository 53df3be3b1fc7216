import { DISPATCH_PHASE_KEY } from '@reactive/flags';
import { unitState, type UnitState } from '@reactive/hookenv';

/** The dispatch phases; the current one is kept in the unit state, as Python does. */
export type Phase = 'hooks' | 'other' | 'restricted';

/** The phase as last read or written, while the store is the same and unchanged by anything but this process's set/unset. */
let known: { state: UnitState; generation: number; phase: Phase | undefined } | undefined;

/** The current phase: every flag predicate asks, so it is read from the store once, then kept. */
export function dispatchPhase(): Phase | undefined {
  const state = unitState();
  if (known?.state !== state || known.generation !== state.generation) {
    known = { state, generation: state.generation, phase: state.get<Phase>(DISPATCH_PHASE_KEY) };
  }
  return known.phase;
}

export function setDispatchPhase(phase: Phase): void {
  const state = unitState();
  state.set(DISPATCH_PHASE_KEY, phase);
  known = { state, generation: state.generation, phase };
}
