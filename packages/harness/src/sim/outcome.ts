// What a run of a model settles on, as flat `what → value` pairs to compare
// runs by: each unit's status and flags, each unit's and application's
// relation data, each application's status and leader data.
import type { ModelStatus } from './status.js';

/** A settled model, flat: `b/0 status` → `active: ready`, `b/0 flag db.ready` → `set`, `a/0 db:0 token` → `abc`, `a leader-data k` → `v`. */
export type Outcome = Record<string, string>;

/** The key of a run that did not settle: its only one. */
export const UNSETTLED = 'model';

export function settledOutcome(status: ModelStatus): Outcome {
  const outcome: Outcome = {};
  for (const [name, app] of Object.entries(status.applications)) {
    outcome[`${name} status`] = shownValue(app.status.status, app.status.message);
    for (const [key, value] of Object.entries(app.leaderSettings)) outcome[`${name} leader-data ${key}`] = value;
  }
  for (const [name, unit] of Object.entries(status.units)) {
    outcome[`${name} status`] = shownValue(unit.status, unit.message);
    for (const flag of unit.flags) outcome[`${name} flag ${flag}`] = 'set';
  }
  for (const relation of status.relations) {
    const idOf = (unit: string): string => relation.ids[unit.split('/')[0]!] ?? String(relation.id);
    for (const [unit, bag] of Object.entries(relation.units)) for (const [key, value] of Object.entries(bag)) outcome[`${unit} ${idOf(unit)} ${key}`] = value;
    for (const [app, bag] of Object.entries(relation.applications))
      for (const [key, value] of Object.entries(bag)) outcome[`${app} ${idOf(app)} ${key}`] = value;
  }
  return outcome;
}

/** The outcome of a run stopped before it settled. */
export function unsettledOutcome(): Outcome {
  return { [UNSETTLED]: 'did not settle' };
}

/** One canonical text per outcome: equal outcomes, equal keys. */
export function outcomeKey(outcome: Outcome): string {
  return JSON.stringify(Object.entries(outcome).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What differs between two outcomes: `[what, value in a, value in b]` (`(none)` when absent); a run that did not settle differs by that alone. */
export function outcomeDiff(a: Outcome, b: Outcome): Array<[string, string, string]> {
  if (UNSETTLED in a || UNSETTLED in b) return [[UNSETTLED, a[UNSETTLED] ?? 'settled', b[UNSETTLED] ?? 'settled']];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((key) => a[key] !== b[key]).map((key) => [key, a[key] ?? '(none)', b[key] ?? '(none)']);
}

function shownValue(status: string, message: string): string {
  return message ? `${status}: ${message}` : status;
}
