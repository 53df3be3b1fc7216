import { explainFlags, flagsHold, type ConditionSummary } from './condition.js';
import type { FlightRecord, HandlerCatalogue } from './flight-record.js';

/** A handler that did not run in a hook, and why. */
export interface NotRun {
  handler: string;
  reason: string;
  /** Whether dispatch tested it (else it was skipped: a flag it needs could not hold). */
  tested: boolean;
}

/**
 * Why the handler `id` did not run in the hook of `record` (undefined if it
 * ran): the condition its last test failed on, or, when dispatch did not test
 * it, the first of its flag conditions that did not hold at the end of the hook.
 */
export function whyNotRun(record: FlightRecord, catalogue: HandlerCatalogue, id: string): NotRun | undefined {
  if (record.invoked.some((i) => i.handler === id)) return undefined;
  const tested = record.notRun.find((n) => n.handler === id);
  if (tested) return { handler: id, reason: tested.reason, tested: true };
  return { handler: id, reason: untestedReason(catalogue[id]?.conditions, record), tested: false };
}

/** Every handler of the catalogue that did not run in the hook of `record`, in catalogue order, with why. */
export function handlersNotRun(record: FlightRecord, catalogue: HandlerCatalogue): NotRun[] {
  return Object.keys(catalogue).flatMap((id) => whyNotRun(record, catalogue, id) ?? []);
}

function untestedReason(conditions: ConditionSummary[] | undefined, record: FlightRecord): string {
  const set = new Set(record.flags);
  const isSet = (flag: string) => set.has(flag);
  const failing = conditions?.find((c) => c.flags && !flagsHold(c.kind, c.flags, isSet));
  if (failing) return explainFlags(failing.kind, failing.flags!, isSet);
  return 'none of the flags it watches changed in the hook';
}
