import { applicationName, relatedUnitsNow, relationGetNow, relationSet, localUnit, unitApplication } from '@reactive/hookenv';
import { CombinedUnitsView } from './combined-units-view.js';
import { endpoints } from './registry.js';
import { RelatedUnit } from './related-unit.js';
import { JSONUnitDataView, UnitDataView } from './unit-data-view.js';
import type { Endpoint } from './endpoint.js';

/** One relation (`db:3`) of an endpoint: its units, what they sent, what this unit publishes. */
export class Relation {
  readonly relationId: string;
  readonly endpointName: string;
  private joined: CombinedUnitsView | undefined;
  private app: string | undefined;
  private unitPublish: UnitDataView | undefined;
  private appPublish: UnitDataView | undefined;
  private appReceived: UnitDataView | undefined;

  constructor(relationId: string) {
    this.relationId = relationId;
    this.endpointName = relationId.split(':')[0]!;
  }

  get endpoint(): Endpoint | null {
    return endpoints.get(this.endpointName) ?? null;
  }

  /** The remote units that have joined, sorted by name. */
  get joinedUnits(): CombinedUnitsView {
    this.joined ??= CombinedUnitsView.sorted(relatedUnitsNow(this.relationId).map((name) => new RelatedUnit(this, name)));
    return this.joined;
  }

  /** @deprecated Use joinedUnits (the same object). */
  get units(): CombinedUnitsView {
    return this.joinedUnits;
  }

  /** The remote application: from the first unit, else (a peer relation alone) the local one. */
  get applicationName(): string {
    if (this.app) return this.app;
    const first = this.joinedUnits[0];
    if (!first) return applicationName();
    this.app = unitApplication(first.unitName);
    return this.app;
  }

  /** This unit's data on the relation, JSON-encoded values, published at the end of a successful hook. */
  get toPublish(): JSONUnitDataView {
    return this.jsonView('toPublish', this.toPublishRaw);
  }

  get toPublishRaw(): UnitDataView {
    this.unitPublish ??= new UnitDataView(this.read({ unit: localUnit() }), true);
    return this.unitPublish;
  }

  /** This application's data on the relation (only the leader may publish it). */
  get toPublishApp(): JSONUnitDataView {
    return this.jsonView('toPublishApp', this.toPublishAppRaw);
  }

  get toPublishAppRaw(): UnitDataView {
    this.appPublish ??= new UnitDataView(this.read({ unit: applicationName(), app: true }), true);
    return this.appPublish;
  }

  /** The remote application's data (read-only). */
  get receivedApp(): JSONUnitDataView {
    return this.jsonView('receivedApp', this.receivedAppRaw);
  }

  get receivedAppRaw(): UnitDataView {
    this.appReceived ??= new UnitDataView(this.read({ unit: this.applicationName, app: true }));
    return this.appReceived;
  }

  /** Publishes what handlers wrote: the whole databag, only if it was modified. */
  async flush(): Promise<void> {
    if (this.unitPublish?.modified && this.unitPublish.size > 0) {
      await relationSet({ relationId: this.relationId }, this.unitPublish.toJSON());
    }
    if (this.appPublish?.modified && this.appPublish.size > 0) {
      await relationSet({ relationId: this.relationId, app: true }, this.appPublish.toJSON());
    }
  }

  private readonly views = new Map<string, JSONUnitDataView>();

  private jsonView(name: string, raw: UnitDataView): JSONUnitDataView {
    let view = this.views.get(name);
    if (!view) this.views.set(name, (view = new JSONUnitDataView(raw)));
    return view;
  }

  private read(opts: { unit: string; app?: boolean }): Record<string, unknown> | null {
    return relationGetNow({ relationId: this.relationId, ...opts }) as Record<string, unknown> | null;
  }
}
