// The queue of hooks, and the order they fire in (Juju's).
import { NotQuiescentError } from './errors.js';
import { firesHook } from './juju-version.js';
import { liveUnits } from './lookup.js';
import { localEnd, nextRandom, relationKey, remoteAppOf, remoteUnitsOf, unitApp, type ModelState, type QueuedEvent, type RelationRecord } from './state.js';
import { attachStorage, deployCounts, storageName } from './storage-model.js';
import { describeEntry, type TimelineEntry } from './timeline.js';

/** What makes two queued hooks the same hook (Juju coalesces them). */
function signature(event: QueuedEvent): string {
  const about = event.storage ?? (event.secret ? `${event.secret.id}#${event.secret.revision ?? ''}` : '');
  return [event.unit, event.hook, event.relation ?? '', event.remoteUnit ?? '', event.remoteApp ?? '', event.departing ?? '', about].join('|');
}

/** Queues a hook, unless the same one is queued already or the model's Juju has no such hook. */
export function enqueue(model: ModelState, event: Omit<QueuedEvent, 'seq'>): void {
  if (!firesHook(model, event.hook)) return;
  const key = signature(event as QueuedEvent);
  if (model.queue.some((queued) => signature(queued) === key)) return;
  model.queue.push({ seq: model.nextSeq++, ...event });
}

/** A new unit's storage-attached for the storage it is deployed with (Juju runs them before install), install, relation-created per relation, leader-elected or leader-settings-changed, config-changed and start. */
export function queueUnitStart(model: ModelState, name: string): void {
  const unit = model.units[name]!;
  const app = model.applications[unit.app]!;
  for (const id of attachStorage(model, name, deployCounts(model, name)))
    enqueue(model, { unit: name, hook: `${storageName(id)}-storage-attached`, storage: id });
  enqueue(model, { unit: name, hook: 'install' });
  for (const relation of [...model.relations].sort((x, y) => x.id - y.id)) {
    const end = localEnd(relation, unit.app);
    if (!end || relation.dying) continue;
    enqueue(model, { unit: name, hook: `${end.endpoint}-relation-created`, relation: relation.id, remoteApp: remoteAppOf(relation, unit.app) });
  }
  enqueue(model, { unit: name, hook: app.leader === name ? 'leader-elected' : 'leader-settings-changed' });
  enqueue(model, { unit: name, hook: 'config-changed' });
  enqueue(model, { unit: name, hook: 'start' });
}

/** relation-joined then relation-changed on each unit for each remote unit (only pairs with `only`, when given). */
export function queueJoins(model: ModelState, relation: RelationRecord, only?: string): void {
  const apps = relation.ends.map((e) => e.app);
  for (const app of apps) {
    const endpoint = localEnd(relation, app)!.endpoint;
    for (const unit of liveUnits(model, app)) {
      for (const remote of remoteUnitsOf(model, relation, unit)) {
        if (only !== undefined && unit !== only && remote !== only) continue;
        const base = { unit, relation: relation.id, remoteUnit: remote, remoteApp: unitApp(remote), after: remote };
        enqueue(model, { ...base, hook: `${endpoint}-relation-joined` });
        enqueue(model, { ...base, hook: `${endpoint}-relation-changed` });
      }
    }
  }
}

/**
 * The hooks to fire next, at most `count`, each of a different unit: each
 * unit's hooks run in queue order; a unit in error only retries its failed
 * hook (until its retries are spent); a remote unit joins only once it has
 * started. Without a seed the units whose next hooks were queued first go
 * first; with one, units picked at random (seeded), one after the other.
 */
export function nextEvents(model: ModelState, retries: number, count: number): QueuedEvent[] {
  const candidates = readyHeads(model, retries);
  if (model.seed === null) return candidates.slice(0, count);
  const picked: QueuedEvent[] = [];
  while (picked.length < count && candidates.length > 0) {
    const [random, next] = nextRandom(model.rng);
    model.rng = next;
    picked.push(candidates.splice(Math.floor(random * candidates.length), 1)[0]!);
  }
  return picked;
}

/** The next hook each unit can run now, in queue order (stale hooks of gone units or relations are dropped). */
function readyHeads(model: ModelState, retries: number): QueuedEvent[] {
  const heads = new Map<string, QueuedEvent>();
  const waiting = new Set<string>();
  const stale: QueuedEvent[] = [];
  for (const event of model.queue) {
    if (heads.has(event.unit)) continue;
    const unit = model.units[event.unit];
    if (!unit || (event.relation !== undefined && !model.relations.some((r) => r.id === event.relation))) {
      stale.push(event);
      continue;
    }
    if (unit.error) {
      if (event.seq === unit.error.seq && unit.error.attempts <= retries) heads.set(event.unit, event);
      continue;
    }
    const about = `${event.unit}|${event.relation ?? ''}|${event.remoteUnit ?? ''}`;
    if (waiting.has(about)) continue;
    if (event.after !== undefined && !model.units[event.after]?.started) {
      waiting.add(about);
      continue;
    }
    heads.set(event.unit, event);
  }
  if (stale.length) model.queue = model.queue.filter((e) => !stale.includes(e));
  return [...heads.values()];
}

/** A queued hook as the timeline shows it. */
export function describe(model: ModelState, event: QueuedEvent): Pick<TimelineEntry, 'hook' | 'relation' | 'remoteUnit' | 'remoteApp' | 'departingUnit'> {
  const relation = event.relation === undefined ? undefined : model.relations.find((r) => r.id === event.relation);
  return {
    hook: event.hook,
    ...(relation ? { relation: relationKey(relation, unitApp(event.unit)) } : {}),
    ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
    ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
    ...(event.departing ? { departingUnit: event.departing } : {}),
  };
}

/** One run's bounds: at most `maxHooks` hooks, and at most `maxRepeats` of one hook on one unit about one thing. */
export class RunBounds {
  private readonly counts = new Map<string, { count: number; event: QueuedEvent }>();

  constructor(
    private readonly model: ModelState,
    private readonly maxHooks: number,
    private readonly maxRepeats: number,
  ) {}

  /** Counts `event` as fired (after `timeline` and `batched` more in its batch), or throws a NotQuiescentError when firing it would break a bound. */
  admit(event: QueuedEvent, timeline: TimelineEntry[], batched = 0): void {
    const key = signature({ ...event, departing: undefined });
    const seen = this.counts.get(key) ?? { count: 0, event };
    if (timeline.length + batched >= this.maxHooks) throw this.notQuiescent(`it fired ${timeline.length} hooks, the limit (maxHooks)`, timeline);
    if (seen.count >= this.maxRepeats) {
      throw this.notQuiescent(`${event.unit} ${describeEntry(describe(this.model, event))} kept firing (${seen.count} times, the limit maxRepeats)`, timeline);
    }
    seen.count++;
    this.counts.set(key, seen);
  }

  private notQuiescent(reason: string, timeline: TimelineEntry[]): NotQuiescentError {
    const firing = [...this.counts.values()]
      .filter((c) => c.count >= 2)
      .sort((x, y) => y.count - x.count)
      .slice(0, 6)
      .map((c) => ({ unit: c.event.unit, hook: describeEntry(describe(this.model, c.event)), count: c.count }));
    const list = firing.map((f) => `${f.unit} ${f.hook} ×${f.count}`).join(', ');
    const queued = this.model.queue.length;
    return new NotQuiescentError(
      `the model did not quiesce: ${reason}.${list ? ` Kept firing: ${list}.` : ''} ${queued} hooks are still queued${queued ? `: ${queuedSummary(this.model.queue)}` : ''}; the model is saved (run again to go on).`,
      timeline,
      firing,
    );
  }
}

/** The queue by unit, each unit's hooks counted: `a/0 db-relation-changed ×3, start; b/1 config-changed` (the first 8 units). */
export function queuedSummary(queue: QueuedEvent[], shownUnits = 8): string {
  const byUnit = new Map<string, Map<string, number>>();
  for (const event of queue) {
    const hooks = byUnit.get(event.unit) ?? new Map<string, number>();
    hooks.set(event.hook, (hooks.get(event.hook) ?? 0) + 1);
    byUnit.set(event.unit, hooks);
  }
  const units = [...byUnit].map(([unit, hooks]) => `${unit} ${[...hooks].map(([hook, n]) => (n > 1 ? `${hook} ×${n}` : hook)).join(', ')}`);
  const more = units.length - shownUnits;
  return units.slice(0, shownUnits).join('; ') + (more > 0 ? `; and ${more} more unit${more === 1 ? '' : 's'}` : '');
}
