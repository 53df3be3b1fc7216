// Finding things in the model by name: applications, units, an application's
// charm (loaded once) and its config.
import { loadCharm, type CharmInfo } from './charm.js';
import { ModelError } from './errors.js';
import type { AppRecord, ModelState, UnitRecord } from './state.js';

export function findApplication(model: ModelState, name: string): AppRecord {
  const app = model.applications[name];
  if (!app) throw new ModelError(`no application "${name}" in the model (applications: ${Object.keys(model.applications).join(', ') || 'none'})`);
  return app;
}

export function findUnit(model: ModelState, name: string): UnitRecord {
  const unit = model.units[name];
  if (!unit) throw new ModelError(`no unit "${name}" in the model (units: ${Object.keys(model.units).join(', ') || 'none'})`);
  return unit;
}

/** An application's units, but those on their way out. */
export function liveUnits(model: ModelState, app: string): string[] {
  return (model.applications[app]?.units ?? []).filter((name) => !model.units[name]?.dying);
}

/** The charm of each application of a model, loaded on first use. */
export class AppCharms {
  private readonly loaded = new Map<string, CharmInfo>();

  constructor(private readonly model: ModelState) {}

  get(app: string): CharmInfo {
    let charm = this.loaded.get(app);
    if (!charm) {
      const record = findApplication(this.model, app);
      charm = loadCharm(record.charm, `application "${app}"`);
      this.loaded.set(app, charm);
    }
    return charm;
  }

  /** Forgets the charms read (they were built again). */
  reload(): void {
    this.loaded.clear();
  }

  /** Records the charm an application is being deployed with. */
  add(app: string, charm: CharmInfo): void {
    this.loaded.set(app, charm);
  }

  /** Every option of the application's charm: the operator's value, else the default (null when none). */
  config(app: AppRecord): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(this.get(app.name).options)) config[name] = app.config[name] ?? option.default ?? null;
    return config;
  }

  /** The charm's options, for error messages. */
  optionList(app: string): string {
    const names = Object.keys(this.get(app).options);
    return names.length ? `the charm's options: ${names.join(', ')}` : 'the charm has no config options';
  }
}
