import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The record a build writes into its output (charm-tools' name): a folder holding it is a built charm. */
export const BUILD_MANIFEST = '.build.manifest';

/** Whether `dir` is a charm layer still to build: a layer.yaml, and not a build's output. */
export function isCharmLayer(dir: string): boolean {
  return existsSync(join(dir, 'layer.yaml')) && !existsSync(join(dir, BUILD_MANIFEST));
}
