import { basename, dirname, extname } from 'node:path';
import { relationType } from '@reactive/hookenv';
import { type Action, Handler } from './handler.js';
import { type Decoration, decorationsOf, endpointHandlerActions } from './decorators.js';
import { relationNames } from './metadata.js';

/** The Endpoint instance of an endpoint name this hook (or null); @reactive/endpoints installs it. */
export type EndpointResolver = (endpointName: string) => unknown;
let resolveEndpoint: EndpointResolver | undefined;
export function setEndpointResolver(resolver: EndpointResolver | undefined): void {
  resolveEndpoint = resolver;
}

/** Whether @reactive/endpoints is loaded (it installs the resolver). */
export function endpointsInstalled(): boolean {
  return resolveEndpoint !== undefined;
}

/**
 * Registers the handlers of interface layers' role files (`requires`,
 * `provides`, `peers`) of the charm at `dir`, at discovery, as Python's decorators register them
 * when the module is imported:
 * - each `when*()` decoration on the handler of every endpoint that uses the
 *   interface in that role (id suffix `:<endpoint>`, `{endpoint_name}` filled
 *   in), or on the plain handler when none does; a decoration whose flags need
 *   an endpoint name is dropped when no endpoint uses the interface;
 * - every other decoration (`hook()`, `whenFileChanged()`, `onlyOnce`,
 *   `collectMetrics()`, ...) once, on the plain handler, which therefore runs
 *   once however many endpoints use the interface.
 * A method of a class the module exports runs with `this` bound to its
 * endpoint (for the plain handler: the endpoint of the hook's relation).
 */
export function registerInterfaceHandlers(modules: ReadonlyMap<string, Record<string, unknown>>, dir: string): void {
  for (const action of endpointHandlerActions()) {
    const decorations = decorationsOf(action);
    const file = decorations[0]!.location.file;
    const names = relationNames(basename(file, extname(file)), basename(dirname(file)), dir);
    const isMethod = isExportedMethod(modules.get(file), action);
    for (const decoration of decorations) {
      if (!decoration.flags) {
        apply(handlerFor(action, undefined, decoration, isMethod), decoration);
        continue;
      }
      const needsName = decoration.flags.some((flag) => flag.includes('{endpoint_name}'));
      if (needsName && names.length === 0) continue;
      for (const name of names.length > 0 ? names : [undefined]) apply(handlerFor(action, name, decoration, isMethod), decoration, name);
    }
  }
}

/** Where registration stands: each decoration applies to a handler once, however often discovery runs. */
const applied = new WeakMap<Handler, Set<Decoration>>();

function handlerFor(action: Action, name: string | undefined, decoration: Decoration, isMethod: boolean): Handler {
  const handler = Handler.get(action, name ?? '', decoration.location);
  if (isMethod) handler.thisArg = () => resolveEndpoint?.(name ?? relationType() ?? '') ?? undefined;
  return handler;
}

function apply(handler: Handler, decoration: Decoration, name?: string): void {
  let done = applied.get(handler);
  if (!done) applied.set(handler, (done = new Set()));
  if (done.has(decoration)) return;
  done.add(decoration);
  decoration.apply(handler, (flag) => (name ? flag.replaceAll('{endpoint_name}', name) : flag));
}

/** Whether `action` is a method of a class that its module exports (an Endpoint or RelationBase class). */
function isExportedMethod(module: Record<string, unknown> | undefined, action: Action): boolean {
  if (!module) return false;
  for (const value of Object.values(module)) {
    if (typeof value !== 'function' || !value.prototype) continue;
    for (let proto = value.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (Object.getOwnPropertyDescriptor(proto, key)?.value === action) return true;
      }
    }
  }
  return false;
}
