import { relationGetNow, unitApplication } from '@reactive/hookenv';
import { JSONUnitDataView, UnitDataView } from './unit-data-view.js';
import type { Relation } from './relation.js';

/** A remote unit on a relation, with the data it published (read-only). */
export class RelatedUnit {
  readonly relation: Relation | null;
  readonly unitName: string;
  private raw: UnitDataView | undefined;
  private json: JSONUnitDataView | undefined;

  constructor(relation: Relation | null, unitName: string, data?: Record<string, unknown>) {
    if (typeof unitName !== 'string' || unitName === '') throw new TypeError(`RelatedUnit: a unit name is required, got ${JSON.stringify(unitName)}`);
    this.relation = relation;
    this.unitName = unitName;
    if (data) this.raw = new UnitDataView(data);
  }

  get applicationName(): string {
    return unitApplication(this.unitName);
  }

  /** The unit's data as published (strings). */
  get receivedRaw(): UnitDataView {
    this.raw ??= new UnitDataView(
      this.relation ? (relationGetNow({ relationId: this.relation.relationId, unit: this.unitName }) as Record<string, unknown> | null) : null,
    );
    return this.raw;
  }

  /** The unit's data, JSON-decoded. */
  get received(): JSONUnitDataView {
    this.json ??= new JSONUnitDataView(this.receivedRaw);
    return this.json;
  }

  /** The form kept in the unit state for departed units. */
  toJSON(): { relation: string | null; unit_name: string; data: Record<string, string | null> } {
    return { relation: this.relation?.relationId ?? null, unit_name: this.unitName, data: this.receivedRaw.toJSON() };
  }
}
