// What an application brings of Juju 3.x when it is deployed: its charm's
// storage, the resource files the model gives it, and whether it is trusted.
import type { JujuAppFields } from './juju-state.js';
import { charmResources, checkResources } from './resource-tools.js';
import type { ApplicationSpec } from './spec.js';
import { charmStorage } from './storage-model.js';

export function jujuAppFields(name: string, spec: ApplicationSpec, charmDir: string): JujuAppFields {
  const storage = charmStorage(charmDir);
  const resources = checkResources(name, spec.resources ?? {}, charmResources(charmDir));
  return {
    ...(Object.keys(storage).length > 0 ? { storage } : {}),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    ...(spec.trust ? { trust: true } : {}),
  };
}
