import type { RelationSettings } from './hook-tools.js';
import { localUnit, unitApplication } from './context.js';
import { jujuHasLeaderSettings } from './juju-versions.js';
import { unitState } from './unit-state.js';

/**
 * What this unit told Juju in the hooks since the last check: `relation-set`
 * and `leader-set` values, kept in the unit state and so committed with the
 * hook. Juju applies those tools only when the hook exits 0; a hook killed
 * after its commit and before its exit leaves the unit believing it published
 * what Juju threw away. The next hook compares the ledger with what Juju holds
 * and sends again what is missing ({@link republishUnconfirmed}).
 */
export const PUBLISHED_KEY = 'reactive.published';

interface Ledger {
  relations?: Record<string, { unit?: RelationSettings; app?: RelationSettings }>;
  leader?: RelationSettings;
}

export function recordRelationSet(relationId: string, app: boolean, data: RelationSettings): void {
  const ledger = read();
  const relations = (ledger.relations ??= {});
  const sides = (relations[relationId] ??= {});
  const side = app ? 'app' : 'unit';
  sides[side] = { ...sides[side], ...defined(data) };
  unitState().set(PUBLISHED_KEY, ledger);
}

export function recordLeaderSet(settings: RelationSettings): void {
  const ledger = read();
  ledger.leader = { ...ledger.leader, ...defined(settings) };
  unitState().set(PUBLISHED_KEY, ledger);
}

/** What a relation-get or leader-get answered, for the comparison. */
export interface PublishedReaders {
  relationData(relationId: string, unit: string, app: boolean): Promise<unknown>;
  leaderData(): Promise<unknown>;
  isLeader(): Promise<boolean>;
  relationSet(opts: { relationId: string; app?: boolean }, data: RelationSettings): Promise<void>;
  leaderSet(settings: RelationSettings): Promise<void>;
}

/**
 * At the start of a hook: sends again every value of the ledger that Juju does
 * not hold (the last hook was killed after committing), then starts a new
 * ledger, which this hook's own calls (the re-sends too) fill. A relation that
 * is gone, or leader data once no longer the leader (or under a Juju without
 * leader settings), is skipped.
 */
export async function republishUnconfirmed(tools: PublishedReaders): Promise<void> {
  const ledger = unitState().get<Ledger>(PUBLISHED_KEY);
  if (!ledger) return;
  unitState().unset(PUBLISHED_KEY);
  for (const [relationId, sides] of Object.entries(ledger.relations ?? {})) {
    for (const app of [false, true]) {
      const sent = app ? sides.app : sides.unit;
      if (!sent) continue;
      const owner = app ? unitApplication(localUnit()) : localUnit();
      const held = await tools.relationData(relationId, owner, app).catch(() => undefined);
      if (held === undefined) continue;
      const missing = missingFrom(sent, held);
      if (missing) await tools.relationSet({ relationId, app }, missing);
    }
  }
  // Juju 4.0 has no leader settings: there is nothing to compare with, and no leader-get to ask.
  if (ledger.leader && jujuHasLeaderSettings() && (await tools.isLeader())) {
    const missing = missingFrom(ledger.leader, await tools.leaderData());
    if (missing) await tools.leaderSet(missing);
  }
}

/** The settings without undefined values (which the tools leave out). */
function defined(settings: RelationSettings): RelationSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

function read(): Ledger {
  return unitState().get<Ledger>(PUBLISHED_KEY) ?? {};
}

/** The sent values that `held` does not have (a deletion is `null` or `''`); undefined when it has them all. */
function missingFrom(sent: RelationSettings, held: unknown): RelationSettings | undefined {
  const have = held && typeof held === 'object' ? (held as Record<string, unknown>) : {};
  const missing: RelationSettings = {};
  let any = false;
  for (const [key, value] of Object.entries(sent)) {
    const wanted = value === null || value === '' ? undefined : value;
    const actual = Object.hasOwn(have, key) ? have[key] : undefined;
    if (wanted !== (actual === null ? undefined : actual)) {
      missing[key] = value;
      any = true;
    }
  }
  return any ? missing : undefined;
}
