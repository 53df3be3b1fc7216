import { basename, dirname, extname } from 'node:path';
import { decorationsOf, endpointHandlerActions, Handler, relationNames, type Action } from '@reactive/bus';
import { Endpoint } from './endpoint.js';
import type { EndpointClass } from './relation-factory.js';

const registered = new WeakSet<Handler>();

/**
 * Registers the handlers declared in interface layers' role files: one per
 * endpoint that uses the interface in that role, with `{endpoint_name}`
 * filled in. Methods of the layer's Endpoint class run with `this` bound to
 * the endpoint; a handler whose flags need an endpoint name is not registered
 * when no endpoint uses the interface.
 */
export function registerEndpointHandlers(classFor: (iface: string, role: string) => EndpointClass | undefined): void {
  for (const action of endpointHandlerActions()) {
    const decorations = decorationsOf(action);
    const file = decorations[0]!.location.file;
    const role = basename(file, extname(file));
    const iface = basename(dirname(file));
    const names = relationNames(role, iface);
    const needsName = decorations.some((d) => d.flags?.some((flag) => flag.includes('{endpoint_name}')));
    if (needsName && names.length === 0) continue;
    const cls = classFor(iface, role);
    const isMethod = cls !== undefined && methodsOf(cls).has(action);
    for (const name of names.length > 0 ? names : [undefined]) register(action, name, isMethod);
  }
}

function register(action: Action, name: string | undefined, isMethod: boolean): void {
  const decorations = decorationsOf(action);
  const handler = Handler.get(action, name ?? '', decorations[0]!.location);
  if (registered.has(handler)) return;
  registered.add(handler);
  if (isMethod && name) handler.thisArg = () => Endpoint.fromName(name);
  const expand = (flag: string) => (name ? flag.replaceAll('{endpoint_name}', name) : flag);
  for (const decoration of decorations) decoration.apply(handler, expand);
}

function methodsOf(cls: Function): Set<unknown> {
  const methods = new Set<unknown>();
  for (let proto = cls.prototype; proto && proto !== Endpoint.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (typeof descriptor?.value === 'function') methods.add(descriptor.value);
    }
  }
  return methods;
}
