import { KeyList } from './key-list.js';
import type { RelatedUnit } from './related-unit.js';
import { JSONUnitDataView, UnitDataView } from './unit-data-view.js';

/**
 * Units of one or several relations, sorted by relation id then unit name,
 * keyed by unit name, with their data merged: for each key, the first unit in
 * that order that has it wins.
 */
export class CombinedUnitsView extends KeyList<RelatedUnit> {
  private raw: UnitDataView | undefined;
  private json: JSONUnitDataView | undefined;

  static sorted(units: Iterable<RelatedUnit>): CombinedUnitsView {
    const view = new CombinedUnitsView();
    view.keyOf = (unit) => unit.unitName;
    const sorted = [...units].sort((a, b) => compare(a.relation?.relationId ?? '', b.relation?.relationId ?? '') || compare(a.unitName, b.unitName));
    for (const unit of sorted) view.push(unit);
    return view;
  }

  get receivedRaw(): UnitDataView {
    if (!this.raw) {
      const merged: Record<string, unknown> = {};
      for (const unit of [...this].reverse()) {
        for (const [key, value] of unit.receivedRaw.entries()) {
          Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
        }
      }
      this.raw = new UnitDataView(merged);
    }
    return this.raw;
  }

  get received(): JSONUnitDataView {
    this.json ??= new JSONUnitDataView(this.receivedRaw);
    return this.json;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
