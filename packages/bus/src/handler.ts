import { type Condition, summarise } from './condition.js';
import { flagWatch } from './flag-watch.js';
import { flightRecorder } from './flight-recorder.js';
import type { Phase } from './phase.js';
import { sourcePlace, type SourcePlace } from './compiled-source.js';
import { functionPosition } from './function-line.js';
import { forgetHandlerCharmDir, relativeToCharm } from './handler-charm-dir.js';
import type { SourceLocation } from './source-location.js';

export type Predicate = () => boolean;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a handler takes whatever its decorators pass (endpoints, relations)
export type Action = (...args: any[]) => unknown;

/**
 * What a predicate needs for it to be possibly true, so dispatch can skip
 * handlers that cannot run without testing them: a phase, and at least one of
 * some flags set.
 */
export interface Gate {
  phase?: Phase;
  anyOf?: readonly string[];
}

/** Counts for the last dispatch, to see how much testing a hook did, and what ran. */
export const stats = { predicateEvaluations: 0, handlerTests: 0, invocations: 0, invoked: [] as string[] };

export function resetStats(): void {
  stats.predicateEvaluations = 0;
  stats.handlerTests = 0;
  stats.invocations = 0;
  stats.invoked = [];
}

/** Wrappers (notUnless) and the functions they wrap, so a wrapper keeps its function's id. */
const wrappedFunctions = new WeakMap<Function, Function>();

/** Records that `wrapper` stands for `original`: its id is built from the original's definition. */
export function markWrapper(wrapper: Function, original: Function): void {
  wrappedFunctions.set(wrapper, wrappedFunctions.get(original) ?? original);
}

/**
 * Where `action` was written: the start of its code in `location`'s file
 * (else the decorator call), in the TypeScript source when the file was
 * compiled from one.
 */
function definitionOf(action: Function, location: SourceLocation): SourcePlace {
  const fn = wrappedFunctions.get(action) ?? action;
  return sourcePlace(location.file, functionPosition(location.file, fn) ?? { line: location.line, column: location.column ?? 0 });
}

/** `<path relative to the charm dir>:<line>:<name>` of a function defined in `location`'s file (Python's short action id). */
export function shortActionId(action: Function, location: SourceLocation): string {
  const { file, line } = definitionOf(action, location);
  return `${relativeToCharm(file)}:${line}:${action.name || '<anonymous>'}`;
}

let nextIndex = 0;
/** Handlers by action; an endpoint's (suffixed) handlers under `action` in `bySuffix`. */
const byAction = new Map<Function, Handler>();
const bySuffix = new Map<Function, Map<string, Handler>>();
const ordered: Handler[] = [];
let version = 0;

/**
 * A registered handler: an action (a function) with the predicates that must
 * all hold for it to run, the flags it watches, and what to call after it.
 * Stacked decorators on one function add to one Handler.
 */
export class Handler {
  readonly action: Action;
  readonly suffix: string;
  /** Registration order: dispatch runs handlers in this order. */
  readonly index = nextIndex++;
  readonly location: SourceLocation;
  readonly gates: Gate[] = [];
  readonly flags = new Set<string>();
  /** Resolves `this` for the action (an Endpoint instance for endpoint handlers). */
  thisArg: (() => unknown) | undefined;
  private readonly name: string;
  private readonly predicates: Array<{ test: Predicate; pure: boolean; condition: Condition | undefined }> = [];
  private readonly argSources: ArgumentSource[] = [];
  private readonly postCallbacks: Array<() => unknown> = [];
  private cachedArgs: unknown[] | undefined;
  private declaresParameters: boolean | undefined;
  private relativeId: string | undefined;
  private definition: SourcePlace | undefined;
  private catalogued: { id: string; text: string } | undefined;

  protected constructor(action: Action, suffix: string, location: SourceLocation, name?: string) {
    this.action = action;
    this.suffix = suffix;
    this.location = location;
    this.name = name ?? (action.name || '<anonymous>');
  }

  /** The handler for `action` (and endpoint `suffix`), registered on first use. */
  static get(action: Action, suffix = '', location?: SourceLocation, name?: string): Handler {
    let handlers: Map<Function | string, Handler> = byAction;
    let key: Function | string = action;
    if (suffix) {
      let suffixed = bySuffix.get(action);
      if (!suffixed) bySuffix.set(action, (suffixed = new Map()));
      handlers = suffixed;
      key = suffix;
    }
    let handler = handlers.get(key);
    if (!handler) {
      handler = new Handler(action, suffix, location ?? { file: '<unknown>', line: 0 }, name);
      handlers.set(key, handler);
      Handler.add(handler);
    }
    return handler;
  }

  /** Every handler, in registration order. */
  static getHandlers(): Handler[] {
    return [...ordered];
  }

  /** Forgets every handler (a new hook in the same process re-registers them). */
  static clear(): void {
    forgetHandlerCharmDir();
    byAction.clear();
    bySuffix.clear();
    ordered.length = 0;
    version++;
  }

  /** Changes whenever handlers are added or cleared, so dispatch knows to re-index. */
  static get version(): number {
    return version;
  }

  protected static add(handler: Handler): void {
    ordered.push(handler);
    version++;
  }

  /** `<path relative to the charm dir>:<line>:<name>[:<endpoint>]`. */
  id(): string {
    this.relativeId ??= this.makeId(relativeToCharm(this.defined().file));
    return this.relativeId;
  }

  /** The id with the absolute path, as `onlyOnce` records it. */
  absoluteId(): string {
    return this.makeId(this.defined().file);
  }

  /**
   * Adds arguments for the action, evaluated lazily on its first invoke and
   * kept for the hook (Python's `add_args`): any iterable (a generator runs
   * only then), an async iterable, or a function returning an array or a
   * promise of one. Later sources add further arguments.
   */
  addArgs(source: ArgumentSource): void {
    this.argSources.push(source);
  }

  /** Whether the action declares parameters: a positive `length`, or a rest or defaulted first parameter. */
  get takesArgs(): boolean {
    this.declaresParameters ??= this.action.length > 0 || FIRST_PARAMETER.test(Function.prototype.toString.call(this.action));
    return this.declaresParameters;
  }

  /**
   * Adds a test that must hold; `pure` ones (no side effects) may also be
   * evaluated for the trace; `condition` says what it asks, for people.
   */
  addPredicate(predicate: Predicate, gate?: Gate, pure = false, condition?: Condition): void {
    this.predicates.push({ test: predicate, pure, condition });
    if (gate) this.gates.push(gate);
  }

  addPostCallback(callback: () => unknown): void {
    this.postCallbacks.push(callback);
  }

  /** Flags whose changes make this handler worth re-testing. */
  registerFlags(flags: Iterable<string>): void {
    for (const flag of flags) this.flags.add(flag);
    version++;
  }

  get hasArgs(): boolean {
    return this.argSources.length > 0;
  }

  /**
   * Whether the handler should run now: its flags changed (or first iteration)
   * and every predicate holds. A promise only where the answer takes a process
   * (external handlers).
   */
  test(): boolean | Promise<boolean> {
    stats.handlerTests++;
    if (this.flags.size > 0 && !flagWatch.watch(this.flags)) return false;
    for (const predicate of this.predicates) {
      stats.predicateEvaluations++;
      if (!predicate.test()) {
        if (flightRecorder.recording) flightRecorder.failedTest(this, predicate.condition);
        return false;
      }
    }
    return true;
  }

  /** What the handler's decorators ask, in the order they were applied (for the flight record and `reactive why`). */
  get conditions(): Condition[] {
    return this.predicates.flatMap(({ condition }) => (condition ? [condition] : []));
  }

  /** `"<id>":{"conditions":[...]}`, the handler's entry in the flight record's catalogue, made once per id. */
  catalogueEntry(): string {
    const id = this.id();
    if (this.catalogued?.id !== id) {
      this.catalogued = { id, text: `${JSON.stringify(id)}:${JSON.stringify({ conditions: this.conditions.map(summarise) })}` };
    }
    return this.catalogued.text;
  }

  /**
   * Whether the handler's test depends on flags alone (every predicate is
   * side-effect free): then only a change of one of its flags can change its
   * answer within a dispatch iteration.
   */
  get testsFlagsOnly(): boolean {
    return this.predicates.every((predicate) => predicate.pure);
  }

  /** Whether the side-effect-free predicates hold (for the trace; consumes no file change). */
  couldRun(): boolean {
    return this.predicates.every((predicate) => !predicate.pure || predicate.test());
  }

  /**
   * Runs the action (then the post-callbacks). A promise only where something
   * must be waited for: an async action, arguments to work out, callbacks.
   */
  invoke(): void | Promise<void> {
    stats.invocations++;
    stats.invoked.push(this.id());
    if (this.argSources.length > 0 || this.postCallbacks.length > 0) return this.invokeWaiting();
    const result: unknown = this.action.apply(this.thisArg?.(), []);
    if (isThenable(result)) return Promise.resolve(result).then(() => undefined);
  }

  private async invokeWaiting(): Promise<void> {
    const args = this.argSources.length > 0 ? await this.args() : [];
    await this.action.apply(this.thisArg?.(), args);
    for (const callback of this.postCallbacks) await callback();
  }

  /** The arguments, worked out on first use and kept for the hook. */
  private async args(): Promise<unknown[]> {
    if (!this.cachedArgs) {
      const args: unknown[] = [];
      for (const source of this.argSources) args.push(...(await evaluate(source)));
      this.cachedArgs = args;
    }
    return this.cachedArgs;
  }

  /** Where the function is defined, else where the decorator was called. */
  private defined(): SourcePlace {
    this.definition ??= definitionOf(this.action, this.location);
    return this.definition;
  }

  private makeId(file: string): string {
    return `${file}:${this.defined().line}:${this.name}${this.suffix ? `:${this.suffix}` : ''}`;
  }
}

/** Where a handler's arguments come from (see {@link Handler.addArgs}). */
export type ArgumentSource = Iterable<unknown> | AsyncIterable<unknown> | (() => Iterable<unknown> | Promise<Iterable<unknown>>);

/** A parameter list whose first entry is a rest (`...args`) or defaulted one, which `length` does not count. */
const FIRST_PARAMETER = /^[^(]*\(\s*(?:\.\.\.|[^)\s])/;

async function evaluate(source: ArgumentSource): Promise<unknown[]> {
  const values = typeof source === 'function' ? await source() : source;
  if (Symbol.asyncIterator in values) {
    const collected: unknown[] = [];
    for await (const value of values) collected.push(value);
    return collected;
  }
  return [...values];
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
