import { unitState } from '@reactive/hookenv';

/** The dispatch phases; the current one is kept in the unit state, as Python does. */
export type Phase = 'hooks' | 'other' | 'restricted';

const PHASE_KEY = 'reactive.dispatch.phase';

export function dispatchPhase(): Phase | undefined {
  return unitState().get<Phase>(PHASE_KEY);
}

export function setDispatchPhase(phase: Phase): void {
  unitState().set(PHASE_KEY, phase);
}
