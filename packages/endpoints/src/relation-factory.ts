import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { charmMetadata, loadedModule } from '@reactive/bus';
import { charmDir, log } from '@reactive/hookenv';
import { Endpoint } from './endpoint.js';
// A cycle (relation-base.ts uses this module's lookups), used only at call time.
import { RelationBase, type RelationBaseClass } from './relation-base.js';

export type EndpointClass = new (name: string, relationIds?: string[]) => Endpoint;

const ROLES = ['provides', 'requires', 'peers'] as const;
const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** The role and interface of a relation name in metadata.yaml, or null. */
export function roleAndInterface(name: string): { role: (typeof ROLES)[number]; iface: string } | null {
  const metadata = charmMetadata();
  for (const role of ROLES) {
    const spec = (metadata[role] as Record<string, { interface?: unknown }> | undefined)?.[name];
    if (spec && typeof spec.interface === 'string') return { role, iface: spec.interface };
  }
  return null;
}

/** Every relation name in metadata.yaml, sorted. */
export function relationTypes(): string[] {
  const metadata = charmMetadata();
  return ROLES.flatMap((role) => Object.keys((metadata[role] as object | undefined) ?? {})).sort();
}

/** An interface layer's role module: its file and what it exports. */
export interface ImplementationModule {
  file: string;
  module: Record<string, unknown>;
}

/**
 * The module implementing a role of an interface, as Python's lookup finds
 * it: `reactive/relations/<iface>/<role>` first, then `hooks/relations/…`
 * (a module discovery loaded counts as found). A file that fails to import is
 * logged and the next place tried; when none loads, an ERROR is logged and
 * the answer is null.
 */
export async function implementationModule(iface: string, role: string): Promise<ImplementationModule | null> {
  for (const root of ['reactive/relations', 'hooks/relations']) {
    const file = EXTENSIONS.map((ext) => join(charmDir(), root, iface, role + ext)).find((path) => existsSync(path));
    if (!file) continue;
    try {
      return { file, module: loadedModule(file) ?? ((await import(pathToFileURL(file).href)) as Record<string, unknown>) };
    } catch (error) {
      await log(`${relative(charmDir(), file)}: cannot import (${error instanceof Error ? error.message : String(error)})`, 'WARNING');
    }
  }
  await log(`Unable to find implementation for relation: ${role} of ${iface}`, 'ERROR');
  return null;
}

/**
 * The class implementing a relation name (Python's `relation_factory`): the
 * most derived Endpoint or RelationBase subclass its interface layer's role
 * module exports. Null when metadata.yaml does not list the name (logged), no
 * module implements it, or the module exports no such class (a WARNING); an
 * error when several export names remain, as Python counts names: unrelated
 * classes, or one class exported under two names.
 */
export async function relationFactory(name: string): Promise<EndpointClass | RelationBaseClass | null> {
  const found = roleAndInterface(name);
  if (!found) {
    await log(`Unable to determine role and interface for relation ${name}`, 'ERROR');
    return null;
  }
  const implementation = await implementationModule(found.iface, found.role);
  return implementation ? factoryClass(implementation) : null;
}

async function factoryClass({ file, module }: ImplementationModule): Promise<EndpointClass | RelationBaseClass | null> {
  const exported = Object.entries(module).filter((entry): entry is [string, EndpointClass | RelationBaseClass] => isFactoryClass(entry[1]));
  const mostDerived = exported.filter(([, cls]) => !exported.some(([, other]) => other.prototype instanceof cls));
  if (mostDerived.length === 0) {
    await log(`No RelationFactory found in ${relative(charmDir(), file)}`, 'WARNING');
    return null;
  }
  if (mostDerived.length > 1) {
    throw new Error(`Too many RelationFactory found in ${relative(charmDir(), file)}: ${mostDerived.map(([exportName]) => exportName).join(', ')}`);
  }
  return mostDerived[0]![1];
}

function isFactoryClass(value: unknown): value is EndpointClass | RelationBaseClass {
  return typeof value === 'function' && (value.prototype instanceof Endpoint || value.prototype instanceof RelationBase);
}

/** Whether a factory is an Endpoint class (not a legacy RelationBase one). */
export function isEndpointClass(cls: unknown): cls is EndpointClass {
  return typeof cls === 'function' && cls.prototype instanceof Endpoint;
}
