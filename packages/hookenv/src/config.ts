import { hookTools } from './hook-api.js';
import { shared } from './shared-hook-context.js';
import { unitState } from './unit-state.js';

/** Unit-state key of the config seen by the last successful hook. */
export const CONFIG_SNAPSHOT_KEY = 'hookenv.config.previous';

type Options = Record<string, unknown>;

/**
 * The charm's options and their types, for `config()`. Empty here: a charm
 * augments it from its config.yaml (`reactive types` writes `config.d.ts`,
 * `declare module '@reactive/hookenv' { interface CharmConfig { port: number } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface CharmConfig {}

/** The charm's options: CharmConfig once augmented, else any name with any value. */
export type ConfigOptions = keyof CharmConfig extends never ? Options : CharmConfig;

/** An option's name. */
type OptionName<O> = keyof O & string;

/**
 * The charm's config as this hook sees it, with what the last successful hook
 * saw. With no earlier snapshot (the first hook) every option counts as changed.
 */
export class Config<O extends object = ConfigOptions> {
  private readonly current: Options;
  private readonly snapshot: Options | undefined;

  constructor(current: Options, snapshot?: Options) {
    this.current = current;
    this.snapshot = snapshot;
  }

  /** The option's value (`null` when unset), `undefined` when there is no such option. */
  get<K extends OptionName<O>>(key: K): O[K] {
    return (Object.hasOwn(this.current, key) ? this.current[key] : undefined) as O[K];
  }

  has(key: string): boolean {
    return Object.hasOwn(this.current, key);
  }

  keys(): OptionName<O>[] {
    return Object.keys(this.current) as OptionName<O>[];
  }

  toJSON(): O {
    return structuredClone(this.current) as O;
  }

  /** Whether the option differs from the last successful hook (always true in the first). */
  changed(key: OptionName<O>): boolean {
    if (!this.snapshot) return true;
    return JSON.stringify(this.snapshot[key] ?? null) !== JSON.stringify(this.current[key] ?? null);
  }

  /** The option's value in the last successful hook, `null` when unknown. */
  previous<K extends OptionName<O>>(key: K): O[K] | null {
    return (this.snapshot?.[key] ?? null) as O[K] | null;
  }
}

/**
 * Reads the config once per hook (one `config-get`) and records it in the unit
 * state as the next hook's previous values (committed only if the hook succeeds).
 */
export function loadConfig(): Promise<Config> {
  const loading = (shared.configLoading ??= (async () => {
    const current = (await hookTools().configGet()) ?? {};
    const state = unitState();
    const stored = state.get<unknown>(CONFIG_SNAPSHOT_KEY);
    const snapshot = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Options) : undefined;
    state.set(CONFIG_SNAPSHOT_KEY, current);
    shared.config = new Config(current, snapshot);
    return shared.config;
  })());
  loading.catch(() => shared.configLoading === loading && (shared.configLoading = undefined));
  return loading;
}

/** The config loaded for this hook; `main()` loads it before any handler runs. */
export function config(): Config {
  if (!shared.config) throw new Error('config() was called before the config was loaded: await loadConfig() first (main() does this)');
  return shared.config;
}

/** Forgets the loaded config, so the next hook in this process reads it again. */
export function forgetConfig(): void {
  shared.configLoading = undefined;
  shared.config = undefined;
}
