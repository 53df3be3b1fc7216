import type { Config } from './config.js';
import type { HookTools } from './hook-tools.js';
import { Publications } from './publications.js';

/** A callback of atStart() or atExit(). */
export interface CallbackEntry {
  readonly fn: () => unknown;
  readonly everyHook: boolean;
}

/**
 * The current hook as every copy of this package loaded in the process sees it
 * (a charm may bring its own copy beside the framework's): the hook tools, the
 * relation queries answered, the relation and leader data to send, the
 * callbacks and the config, so that what a handler does through its copy is
 * what the framework's copy sends, runs and reads. The symbol's version changes
 * with the shape of this record or the methods of Publications and Config:
 * copies that differ there do not share.
 */
export interface SharedHookContext {
  tools: HookTools | undefined;
  /** Relation queries of this hook, by query. */
  readonly cache: Map<string, Promise<unknown>>;
  /** The answers that have arrived, for synchronous readers. */
  readonly settled: Map<string, unknown>;
  readonly publications: Publications;
  readonly starting: CallbackEntry[];
  readonly exiting: CallbackEntry[];
  configLoading: Promise<Config> | undefined;
  config: Config | undefined;
}

const KEY = Symbol.for('@reactive/hookenv.hook-context.v1');

export const shared: SharedHookContext = ((globalThis as { [KEY]?: SharedHookContext })[KEY] ??= {
  tools: undefined,
  cache: new Map(),
  settled: new Map(),
  publications: new Publications(),
  starting: [],
  exiting: [],
  configLoading: undefined,
  config: undefined,
});
