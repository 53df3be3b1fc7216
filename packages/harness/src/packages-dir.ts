import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The node_modules folder this package's `@reactive/*` packages are resolved from. */
export function packagesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', '@reactive', 'bus'))) return join(dir, 'node_modules');
  }
  throw new Error('@reactive/harness: cannot find the node_modules folder holding @reactive/bus');
}
