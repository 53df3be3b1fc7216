import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { charmMetadata, loadedModule } from '@reactive/bus';
import { charmDir } from '@reactive/hookenv';
import { Endpoint } from './endpoint.js';
// A cycle (relation-base.ts uses this module's lookups), used only at call time.
import { RelationBase } from './relation-base.js';

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

/** The file implementing a role of an interface: `reactive/relations/…` first, then `hooks/relations/…`. */
export function implementationFile(iface: string, role: string): string | null {
  for (const root of ['reactive/relations', 'hooks/relations']) {
    for (const ext of EXTENSIONS) {
      const file = join(charmDir(), root, iface, role + ext);
      if (existsSync(file)) return file;
    }
  }
  return null;
}

/**
 * The Endpoint class implementing a relation name: the one exported by the
 * interface layer's role file. Null when metadata does not list the name or
 * nothing implements it or it is a legacy RelationBase layer; an error when the
 * file exports no Endpoint (or RelationBase) class, or several unrelated ones.
 */
export async function relationFactory(name: string): Promise<EndpointClass | null> {
  const found = roleAndInterface(name);
  if (!found) return null;
  const file = implementationFile(found.iface, found.role);
  if (!file) return null;
  const module = loadedModule(file) ?? ((await import(pathToFileURL(file).href)) as Record<string, unknown>);
  return endpointClass(file, module);
}

function endpointClass(file: string, module: Record<string, unknown>): EndpointClass | null {
  const classes = [...new Set(Object.values(module))].filter(
    (value): value is EndpointClass => typeof value === 'function' && value.prototype instanceof Endpoint,
  );
  const mostDerived = classes.filter((cls) => !classes.some((other) => other !== cls && other.prototype instanceof cls));
  if (mostDerived.length === 0) {
    // A legacy interface layer (RelationBase) is no Endpoint: the legacy start-up handles it.
    if (Object.values(module).some((value) => typeof value === 'function' && value.prototype instanceof RelationBase)) return null;
    throw new Error(`${file}: exports no Endpoint class (export class … extends Endpoint)`);
  }
  if (mostDerived.length > 1) {
    throw new Error(`${file}: exports several Endpoint classes (${mostDerived.map((c) => c.name).join(', ')}): export one`);
  }
  return mostDerived[0]!;
}
