import { allFlagsSet, anyFlagsSet, DISPATCH_PHASE_KEY, INVOKED_PREFIX, STATE_WATCH_KEY, type StoredFlagWatch } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
import { UsageError } from '../errors.js';
import { shellSplit } from '../shlex.js';

/*
 * The dispatch phase and the invoked-handler records are read and written
 * here by their unit-state keys (the Python library's, named in
 * @reactive/flags for both sides) rather than through @reactive/bus: loading
 * the whole bus costs more than the rest of a `charms.reactive test` call,
 * which bash handlers make in every phase and iteration. Hook patterns and
 * file hashes, which have real logic, come from the bus, loaded only when a
 * test needs them.
 */

type Bus = typeof import('@reactive/bus');
let bus: Bus | undefined;

/** Loads @reactive/bus for the tests that need it (hook patterns, file hashes). */
export async function loadBus(): Promise<Bus> {
  bus ??= await import('@reactive/bus');
  return bus;
}

function loaded(): Bus {
  if (!bus) throw new Error('internal error: @reactive/bus is not loaded');
  return bus;
}

function dispatchPhase(): unknown {
  return unitState().get(DISPATCH_PHASE_KEY);
}

/** `hook PATTERN…`: the hooks phase, and the current hook matches a pattern. */
export function hookTest(patterns: string[]): boolean {
  return dispatchPhase() === 'hooks' && loaded().anyHook(...patterns);
}

/** `any_hook PATTERN…`: the current hook matches a pattern, whatever the phase. */
export function anyHookTest(patterns: string[]): boolean {
  return loaded().anyHook(...patterns);
}

const inOtherPhase = (): boolean => dispatchPhase() === 'other';

export const whenAllTest = (flags: string[]): boolean => inOtherPhase() && allFlagsSet(...flags);
export const whenAnyTest = (flags: string[]): boolean => inOtherPhase() && anyFlagsSet(...flags);
export const whenNoneTest = (flags: string[]): boolean => inOtherPhase() && !anyFlagsSet(...flags);
export const whenNotAllTest = (flags: string[]): boolean => inOtherPhase() && !allFlagsSet(...flags);

/** `when_file_changed FILE…`: any file's md5 changed since last checked; records every new hash. */
export const whenFileChangedTest = (files: string[]): boolean => loaded().anyFileChanged(files);

/** `only_once HANDLER_ID`: true if the handler was never invoked (bus's wasInvoked). */
export const onlyOnceTest = (handlerId: string): boolean => unitState().get(INVOKED_PREFIX + handlerId) !== true;

/** `mark_invoked ID…` (bus's markInvoked). */
export function markInvokedCommand(ids: string[]): void {
  for (const id of ids) unitState().set(INVOKED_PREFIX + id, true);
}

/** The tests whose implementation is in @reactive/bus. */
const NEEDS_BUS = new Set(['hook', 'when_file_changed']);

const TESTS: Record<string, (args: string[], handlerId: string) => boolean> = {
  hook: (args) => hookTest(args),
  when: (args) => whenAllTest(args),
  when_all: (args) => whenAllTest(args),
  when_any: (args) => whenAnyTest(args),
  when_not: (args) => whenNoneTest(args),
  when_none: (args) => whenNoneTest(args),
  when_not_all: (args) => whenNotAllTest(args),
  when_file_changed: (args) => whenFileChangedTest(args),
  only_once: (_args, handlerId) => onlyOnceTest(handlerId),
};

/** One parsed handler spec of `charms.reactive test`. */
export interface HandlerSpec {
  name: string;
  id: string;
  tests: Array<{ test: string; args: string[] }>;
}

/**
 * Parses `HANDLER_NAME HANDLER_ID [TEST_NAME TEST_ARGS]…` (layers.md D3):
 * the spec and then each TEST_ARGS are split with shell-like quoting. A test
 * name with no TEST_ARGS after it counts as a test with no arguments (Python
 * dropped it silently, so the handler passed).
 */
export function parseHandlerSpec(spec: string): HandlerSpec {
  const parts = shellSplit(spec);
  if (parts.length < 2) throw new UsageError(`handler spec needs a name and an id: ${JSON.stringify(spec)}`);
  const [name, id, ...rest] = parts as [string, string, ...string[]];
  const tests: HandlerSpec['tests'] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const test = rest[i]!;
    if (!Object.hasOwn(TESTS, test)) throw new UsageError(`Invalid test: ${test} (in the spec of ${name})`);
    tests.push({ test, args: shellSplit(rest[i + 1] ?? '') });
  }
  return { name, id, tests };
}

/** Python's FlagWatch.watch: iteration 0, or one of `flags` changed in the previous iteration. */
function flagsChanged(flags: string[]): boolean {
  const watch = unitState().get<Partial<StoredFlagWatch>>(STATE_WATCH_KEY);
  if (!watch || typeof watch !== 'object' || !watch.iteration) return true;
  const changes = new Set(Array.isArray(watch.changes) ? watch.changes : []);
  return flags.some((flag) => changes.has(flag));
}

/**
 * `test SPEC…`: the names of the handlers whose tests all pass, joined with
 * commas. Every test of every spec is evaluated (file-change tests record
 * their hashes even when another test fails). A handler with flag tests
 * (`when*`, not `when_file_changed`) must also pass the FlagWatch check.
 * Every spec is parsed before any test runs, so a bad spec changes nothing.
 */
export async function testCommand(specs: string[]): Promise<string> {
  const parsed = specs.map(parseHandlerSpec);
  if (parsed.some((handler) => handler.tests.some(({ test }) => NEEDS_BUS.has(test)))) await loadBus();
  const passed: string[] = [];
  for (const handler of parsed) {
    let result = true;
    const flags: string[] = [];
    for (const { test, args } of handler.tests) {
      if (test.startsWith('when') && test !== 'when_file_changed') flags.push(...args);
      if (!TESTS[test]!(args, handler.id)) result = false;
    }
    if (result && flags.length > 0 && !flagsChanged(flags)) result = false;
    if (result) passed.push(handler.name);
  }
  return passed.join(',');
}
