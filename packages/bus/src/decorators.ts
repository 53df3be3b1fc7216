import { allFlagsSet, isFlagSet } from '@reactive/flags';
import { hookName, relationType } from '@reactive/hookenv';
import { fixedCondition, flagCondition, flagsHold, hookCondition } from './condition.js';
import { type Action, type Gate, Handler, markWrapper, shortActionId } from './handler.js';
import { anyFileChanged, type FileName, type HashType, markInvoked, wasInvoked } from './helpers.js';
import type { ArgumentsDecorator } from './handler-arguments.js';
import { anyHook } from './hook-patterns.js';
import { hookLog } from './hook-log.js';
import { dispatchPhase } from './phase.js';
import { callerLocation, type SourceLocation } from './source-location.js';

/** One decorator applied to a function, kept so endpoints can re-apply it per endpoint name. */
export interface Decoration {
  readonly kind: string;
  readonly location: SourceLocation;
  /** The flags as written (with `{endpoint_name}` unexpanded), for flag decorators. */
  readonly flags?: readonly string[];
  /** Adds the decoration's predicates to `handler`; `expand` fills in `{endpoint_name}`. */
  apply(handler: Handler, expand: (flag: string) => string): void;
}

/** A decorator usable as a function wrapper or as a TC39 method decorator. */
export type HandlerDecorator = <T extends Action>(target: T, context?: ClassMethodDecoratorContext) => T;

/** Argument providers for `when` flags; @reactive/endpoints installs one (flag -> Endpoint). */
export type FlagArgumentResolver = (flag: string) => unknown;
let resolveFlagArgument: FlagArgumentResolver | undefined;
export function setFlagArgumentResolver(resolver: FlagArgumentResolver | undefined): void {
  resolveFlagArgument = resolver;
}

/** The relation object of a relation name, for `hook()` handlers; @reactive/endpoints installs one. */
export type RelationArgumentResolver = (relationName: string) => unknown;
let resolveRelationArgument: RelationArgumentResolver | undefined;
export function setRelationArgumentResolver(resolver: RelationArgumentResolver | undefined): void {
  resolveRelationArgument = resolver;
}

/** Decorations of interface-layer functions (other functions' decorations apply at once and are not kept). */
const decorations = new WeakMap<Function, Decoration[]>();
/** Decorated functions whose handlers belong to endpoints, registered per endpoint name by @reactive/endpoints. */
const endpointActions = new Set<Action>();

/** Forgets the interface layers' decorated functions (their modules are about to be imported afresh). */
export function forgetEndpointActions(): void {
  endpointActions.clear();
}

/** The decorations applied to an interface-layer function, innermost first. */
export function decorationsOf(action: Function): readonly Decoration[] {
  return decorations.get(action) ?? [];
}

/** Functions decorated in interface layers (`requires`, `provides`, `peers` files or `{endpoint_name}` flags). */
export function endpointHandlerActions(): Action[] {
  return [...endpointActions];
}

function decorator(kind: string, location: SourceLocation, apply: Decoration['apply'], flags?: string[]): HandlerDecorator {
  return (target, context) => {
    if (typeof target !== 'function') throw new TypeError(`${kind}(): can only decorate a function, got ${typeof target}`);
    if (belongsToEndpoint(location)) {
      const list = decorations.get(target) ?? [];
      list.push({ kind, location, apply, ...(flags ? { flags } : {}) });
      decorations.set(target, list);
      endpointActions.add(target);
    } else {
      apply(Handler.get(target, '', location, context ? String(context.name) : undefined), asWritten);
    }
    return target;
  };
}

/** The flag expansion of handlers outside interface layers: none. */
const asWritten = (flag: string): string => flag;

const ROLE_FILE = /(?:^|[\\/])(requires|provides|peers)\.(?:[cm]?js|ts)$/;

const endpointFiles = new Map<string, boolean>();

function belongsToEndpoint(location: SourceLocation): boolean {
  let endpoint = endpointFiles.get(location.file);
  if (endpoint === undefined) endpointFiles.set(location.file, (endpoint = ROLE_FILE.test(location.file)));
  return endpoint;
}

function checkFlags(kind: string, flags: unknown[]): string[] {
  if (flags.length === 0) throw new TypeError(`${kind}(): give at least one flag`);
  for (const flag of flags) {
    if (typeof flag !== 'string' || flag === '') {
      throw new TypeError(`${kind}(): flags must be non-empty strings, got ${JSON.stringify(flag) ?? String(flag)}`);
    }
  }
  return flags as string[];
}

/** hook() gates a handler to the hooks phase, when*() to the other phase: both on one handler is a mistake. */
function checkPhases(handler: Handler): void {
  if (handler.gates.some((gate) => gate.phase === 'hooks') && handler.gates.some((gate) => gate.phase === 'other')) {
    throw new TypeError(`handler ${handler.action.name || '<anonymous>'}: hook() cannot be combined with when*(): they run in different phases`);
  }
}

/** What a flag decorator needs to be possibly true, and whether it passes endpoints as arguments (its test: flagsHold). */
interface FlagRule {
  gate(flags: string[]): Gate;
  passesArgs: boolean;
}

const ALL_SET: FlagRule = { gate: (f) => ({ phase: 'other', anyOf: [f[0]!] }), passesArgs: true };
const ANY_SET: FlagRule = { gate: (f) => ({ phase: 'other', anyOf: f }), passesArgs: false };
const NONE_SET: FlagRule = { gate: () => ({ phase: 'other' }), passesArgs: false };
const NOT_ALL_SET: FlagRule = { gate: () => ({ phase: 'other' }), passesArgs: false };

function flagDecorator(kind: string, rawFlags: unknown[], rule: FlagRule, location: SourceLocation): HandlerDecorator {
  const flags = checkFlags(kind, rawFlags);
  return decorator(
    kind,
    location,
    (handler, expand) => {
      const expanded = expand === asWritten ? flags : flags.map(expand);
      handler.addPredicate(() => dispatchPhase() === 'other' && flagsHold(kind, expanded, isFlagSet), rule.gate(expanded), true, flagCondition(kind, expanded));
      handler.registerFlags(expanded);
      if (rule.passesArgs && handler.takesArgs) {
        // The resolver is looked up when the handler runs: @reactive/endpoints may load after this module.
        handler.addArgs(async () => {
          const resolve = resolveFlagArgument;
          if (!resolve) return [];
          const args = await Promise.all(expanded.map((flag) => resolve(flag)));
          return args.filter((arg) => arg !== null && arg !== undefined);
        });
      }
      if (handler.gates.length > 1) checkPhases(handler);
    },
    flags,
  );
}

/**
 * Run when all of the flags are set. Passes the flags' endpoints as arguments
 * if the function declares parameters (at most one per flag: a function
 * requiring more does not compile).
 */
export function when<Flags extends string[]>(...flags: Flags): ArgumentsDecorator<Flags['length']> {
  return flagDecorator('when', flags, ALL_SET, callerLocation(when)) as ArgumentsDecorator<Flags['length']>;
}

/** Alias of {@link when}. */
export function whenAll<Flags extends string[]>(...flags: Flags): ArgumentsDecorator<Flags['length']> {
  return flagDecorator('whenAll', flags, ALL_SET, callerLocation(whenAll)) as ArgumentsDecorator<Flags['length']>;
}

/** Run when at least one of the flags is set. */
export function whenAny(...flags: string[]): HandlerDecorator {
  return flagDecorator('whenAny', flags, ANY_SET, callerLocation(whenAny));
}

/** Run when none of the flags is set. */
export function whenNot(...flags: string[]): HandlerDecorator {
  return flagDecorator('whenNot', flags, NONE_SET, callerLocation(whenNot));
}

/** Alias of {@link whenNot}. */
export function whenNone(...flags: string[]): HandlerDecorator {
  return flagDecorator('whenNone', flags, NONE_SET, callerLocation(whenNone));
}

/** Run when at least one of the flags is not set. */
export function whenNotAll(...flags: string[]): HandlerDecorator {
  return flagDecorator('whenNotAll', flags, NOT_ALL_SET, callerLocation(whenNotAll));
}

/**
 * Run in the hooks phase when the hook matches one of the patterns
 * (`install`, `{requires:mysql}-relation-{joined,changed}`). In a relation
 * hook, a function that declares parameters receives the relation object of
 * `JUJU_RELATION` (its Endpoint or RelationBase), when there is one.
 */
export function hook(...patterns: string[]): ArgumentsDecorator<1> {
  checkFlags('hook', patterns);
  return decorator('hook', callerLocation(hook), (handler) => {
    handler.addPredicate(() => dispatchPhase() === 'hooks' && anyHook(...patterns), { phase: 'hooks' }, true, hookCondition(patterns));
    if (handler.gates.length > 1) checkPhases(handler);
    if (handler.takesArgs) handler.addArgs(relationOfThisHook);
  }) as ArgumentsDecorator<1>;
}

async function relationOfThisHook(): Promise<unknown[]> {
  const name = relationType();
  const relation = name && resolveRelationArgument ? await resolveRelationArgument(name) : undefined;
  return relation === null || relation === undefined ? [] : [relation];
}

/** Run when any of the files changed since last checked (the check records the change). */
export function whenFileChanged(...args: Array<FileName | { hashType?: HashType }>): HandlerDecorator {
  const last = args.at(-1);
  const opts = last && typeof last === 'object' ? (args.pop() as { hashType?: HashType }) : {};
  const files = args as FileName[];
  if (files.length === 0) throw new TypeError('whenFileChanged(): give at least one file');
  for (const file of files) {
    if (typeof file !== 'function' && (typeof file !== 'string' || file === '')) {
      throw new TypeError(`whenFileChanged(): files must be paths or functions returning one, got ${JSON.stringify(file)}`);
    }
  }
  return decorator('whenFileChanged', callerLocation(whenFileChanged), (handler) => {
    const names = files.map((file) => (typeof file === 'string' ? file : `${file.name || 'a function'}()`));
    handler.addPredicate(
      () => anyFileChanged(files, opts.hashType),
      undefined,
      false,
      fixedCondition('whenFileChanged', `no change to ${names.join(', ')}`, { files: names }),
    );
  });
}

/** Run in `collect-metrics` (restricted mode). */
export function collectMetrics(): HandlerDecorator {
  return restrictedHook('collectMetrics', 'collect-metrics', callerLocation(collectMetrics));
}

/** Run in `meter-status-changed` (restricted mode). */
export function meterStatusChanged(): HandlerDecorator {
  return restrictedHook('meterStatusChanged', 'meter-status-changed', callerLocation(meterStatusChanged));
}

function restrictedHook(kind: string, hook: string, location: SourceLocation): HandlerDecorator {
  return decorator(kind, location, (handler) => {
    handler.addPredicate(
      () => dispatchPhase() === 'restricted' && hookName() === hook,
      { phase: 'restricted' },
      false,
      fixedCondition(kind, `only in ${hook}`, { patterns: [hook] }),
    );
  });
}

function onlyOnceDecorator(location: SourceLocation): HandlerDecorator {
  return decorator('onlyOnce', location, (handler) => {
    handler.addPredicate(() => !wasInvoked(handler.absoluteId()), undefined, false, fixedCondition('onlyOnce', 'ran once already (onlyOnce)'));
    handler.addPostCallback(() => markInvoked(handler.absoluteId()));
  });
}

/**
 * @deprecated Use flags instead. Runs the handler at most once for the life of
 * the unit. Usable bare (`onlyOnce(fn)`) and called (`onlyOnce()(fn)`).
 */
export function onlyOnce(): HandlerDecorator;
export function onlyOnce<T extends Action>(target: T, context?: ClassMethodDecoratorContext): T;
export function onlyOnce<T extends Action>(target?: T, context?: ClassMethodDecoratorContext): T | HandlerDecorator {
  const location = callerLocation(onlyOnce);
  const apply = onlyOnceDecorator(location);
  return target === undefined ? apply : apply(target, context);
}

/**
 * Wraps a function so that calling it while any of the flags is unset logs a
 * warning (it is called anyway): a check for helpers that assume a state. The
 * warning names the function by its handler id, as Python's does
 * (`reactive/app.js:12:restart called before flags: a, b`), and the wrapper
 * keeps that id when it is decorated as a handler.
 */
export function notUnless(...flags: string[]): <T extends Action>(target: T) => T {
  checkFlags('notUnless', flags);
  const location = callerLocation(notUnless);
  return <T extends Action>(target: T): T => {
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const missing = flags.filter((flag) => !allFlagsSet(flag));
      if (missing.length > 0) {
        hookLog.add('WARNING', `${shortActionId(target, location)} called before flag${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
      }
      return target.apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: target.name });
    markWrapper(wrapped, target);
    return wrapped as unknown as T;
  };
}
