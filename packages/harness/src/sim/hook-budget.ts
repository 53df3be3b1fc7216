// How many hooks one run may fire by default: enough for the model to settle,
// growing with it as the hooks it needs do.
import { remoteUnitsOf, type ModelState } from './state.js';

/** Hooks of a unit's own: storage-attached, install, leader-elected, config-changed, start, update-status. */
const UNIT_HOOKS = 6;
/** Hooks per relation on a unit: relation-created, and relation-changed for the remote application's data. */
const RELATION_HOOKS = 2;
/** Hooks per remote unit a unit relates to: relation-joined, its relation-changed, and one more for a later write of the remote unit's data. */
const PAIR_HOOKS = 3;
/** The bound is twice what a model needs to settle when every unit writes its data once, and never under this. */
const FLOOR = 500;

/**
 * The default `maxHooks`: twice the hooks a model's deployment takes, at least
 * 500. The hooks a relation fires grow with the product of its two sides'
 * units (each unit hears each remote unit join and change), so the bound
 * counts remote units, not units alone: the demo model at 10 + 10 units needs
 * about 600 hooks; this gives it 20 × (6 + 2) + 200 × 3 = 760, twice: 1520.
 */
export function defaultMaxHooks(model: ModelState): number {
  let needed = 0;
  for (const unit of Object.values(model.units)) {
    needed += UNIT_HOOKS;
    for (const relation of model.relations) {
      if (!relation.ends.some((end) => end.app === unit.app)) continue;
      needed += RELATION_HOOKS + PAIR_HOOKS * remoteUnitsOf(model, relation, unit.name).length;
    }
  }
  return Math.max(FLOOR, 2 * needed);
}
