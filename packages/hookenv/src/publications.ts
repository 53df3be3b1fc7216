import type { RelationSettings } from './hook-tools.js';

/**
 * What this hook wrote with relationSet() and leaderSet(), held until the
 * hook ends: Juju applies those tools only for a hook that exits 0, so
 * sending them at the end, once per databag, changes nothing Juju keeps, and a
 * hook that fails sends none. Reads of the unit's own data see them at once.
 */
export class Publications {
  private readonly relations = new Map<string, { relationId: string; app: boolean; data: RelationSettings }>();
  private leader: RelationSettings | undefined;

  relationSet(relationId: string, app: boolean, data: RelationSettings): void {
    const key = `${relationId}\0${app ? 'app' : 'unit'}`;
    let entry = this.relations.get(key);
    if (!entry) this.relations.set(key, (entry = { relationId, app, data: {} }));
    for (const [name, value] of Object.entries(data)) if (value !== undefined) entry.data[name] = value;
  }

  leaderSet(settings: RelationSettings): void {
    this.leader ??= {};
    for (const [name, value] of Object.entries(settings)) if (value !== undefined) this.leader[name] = value;
  }

  /** A databag of this unit (or its application) as the hook sees it: what Juju holds with this hook's writes over it. */
  overlayRelation(relationId: string, app: boolean, held: unknown, key?: string): unknown {
    const pending = this.relations.get(`${relationId}\0${app ? 'app' : 'unit'}`)?.data;
    return pending ? overlay(held, pending, key) : held;
  }

  overlayLeader(held: unknown, key?: string): unknown {
    return this.leader ? overlay(held, this.leader, key) : held;
  }

  /** Takes what is to be sent, leaving nothing pending. */
  take(): { relations: Array<{ relationId: string; app: boolean; data: RelationSettings }>; leader: RelationSettings | undefined } {
    const taken = { relations: [...this.relations.values()], leader: this.leader };
    this.clear();
    return taken;
  }

  clear(): void {
    this.relations.clear();
    this.leader = undefined;
  }
}

/** `held` (a whole databag, or with `key` one value) with `pending` written over it; '' and null delete. */
function overlay(held: unknown, pending: RelationSettings, key?: string): unknown {
  if (key !== undefined) {
    if (!Object.hasOwn(pending, key)) return held;
    const value = pending[key];
    return value === null || value === '' ? null : value;
  }
  const bag: Record<string, unknown> = held && typeof held === 'object' ? { ...(held as Record<string, unknown>) } : {};
  for (const [name, value] of Object.entries(pending)) {
    if (value === null || value === '') delete bag[name];
    else bag[name] = value;
  }
  return bag;
}
