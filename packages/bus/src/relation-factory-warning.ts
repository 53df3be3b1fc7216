import { join, relative } from 'node:path';
import { hookLog } from './hook-log.js';
import { endpointsInstalled } from './interface-handlers.js';
import { charmMetadata, type RelationRole } from './metadata.js';

const ROLES: RelationRole[] = ['provides', 'requires', 'peers'];
const ROOTS = ['reactive/relations', 'hooks/relations'];
const EXTENSIONS = ['.js', '.mjs', '.cjs'];
const ROLE_MODULE = /[\\/]relations[\\/][^\\/]+[\\/](provides|requires|peers)\.[cm]?js$/;

/**
 * Python's Endpoint startup asks every relation of metadata.yaml for its
 * RelationFactory, and warns "No RelationFactory found in MODULE" when its
 * interface layer's role module defines none. @reactive/endpoints does the
 * same when it starts the endpoints; when nothing loaded it, no module can
 * define an Endpoint or a RelationBase, so each relation whose role module
 * discovery imported (`reactive/relations/` first, as Python looks) gets that
 * WARNING here, in relation-name order.
 */
export function warnOfModulesWithoutFactory(dir: string, modules: ReadonlyMap<string, unknown>): void {
  if (endpointsInstalled() || ![...modules.keys()].some((file) => ROLE_MODULE.test(file))) return;
  const metadata = charmMetadata(dir);
  const relations = ROLES.flatMap((role) => Object.entries(metadata[role] ?? {}).map(([name, spec]) => ({ name, role, iface: spec.interface })));
  for (const { role, iface } of relations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = ROOTS.flatMap((root) => EXTENSIONS.map((ext) => join(dir, root, iface, role + ext))).find((path) => modules.has(path));
    if (file) hookLog.add('WARNING', `No RelationFactory found in ${relative(dir, file)}`);
  }
}
