import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The root of the @reactive/layer-basic package this build code belongs to. */
export const SELF_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** layer:basic, the `layer/` folder shipped by @reactive/layer-basic. */
export const SELF_LAYER = `${SELF_ROOT}/layer`;

/** This package's name and version, from its package.json. */
export function selfPackage(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(`${SELF_ROOT}/package.json`, 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
