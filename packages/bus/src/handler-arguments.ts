import type { Action } from './handler.js';

/**
 * Types only: which functions a decorator that passes arguments can call.
 * `when(...flags)` passes at most one argument per flag (the flag's Endpoint
 * or RelationBase), `hook()` at most one (the hook's relation object); Python
 * raised a TypeError for a handler needing more, or dropped an object into a
 * parameter meant for something else. TypeScript says so before a hook runs.
 */

/** The leading parameters a function cannot be called without. */
type RequiredParameters<P extends readonly unknown[]> = P extends readonly [infer First, ...infer Rest] ? [First, ...RequiredParameters<Rest>] : [];

/** Whether `Max` arguments (a tuple's length; `number` when not known) are enough for `Params`. */
type Enough<Max extends number, Params extends readonly unknown[]> = number extends Max ? true : AtMost<RequiredParameters<Params>['length'], Max>;

/** Whether A <= B, for small non-negative integers: counts up to whichever comes first. */
type AtMost<A extends number, B extends number, Count extends unknown[] = []> = Count['length'] extends A
  ? true
  : Count['length'] extends B
    ? false
    : AtMost<A, B, [...Count, unknown]>;

/** Whether every parameter can hold an object (an Endpoint, a RelationBase), or takes anything. */
type TakesObjects<Params extends readonly unknown[]> = [NonNullable<Params[number]>] extends [object] ? true : unknown extends Params[number] ? true : false;

/** What a handler must also be when it cannot be called with the arguments its decorator passes. */
export interface UnfillableHandler<Reason extends string> {
  readonly 'cannot be a handler here': Reason;
}

/** `unknown` when `when()` with `Flags` flags (or `hook()`, with one) can call `T`, else an {@link UnfillableHandler} naming why. */
export type Fillable<T extends Action, Max extends number> =
  Enough<Max, Parameters<T>> extends false
    ? UnfillableHandler<'it requires more parameters than the decorator passes arguments (one Endpoint per flag of when(), the relation of hook())'>
    : TakesObjects<Parameters<T>> extends false
      ? UnfillableHandler<'a parameter cannot hold the Endpoint (or relation object) the decorator passes'>
      : unknown;

/** A decorator that passes up to `Max` objects to the handler (when it declares parameters): usable as a wrapper and as a TC39 method decorator. */
export type ArgumentsDecorator<Max extends number> = <T extends Action>(target: T & Fillable<T, Max>, context?: ClassMethodDecoratorContext) => T;
