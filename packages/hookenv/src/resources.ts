import { hookTools } from './hook-api.js';

/** The path of the file of the charm's resource `name` (metadata.yaml `resources:`), fetched by Juju if needed. */
export function resourceGet(name: string): Promise<string> {
  return hookTools().resourceGet(name);
}
