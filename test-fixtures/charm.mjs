import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp.mjs';

const repoModules = join(import.meta.dirname, '..', 'node_modules');

/**
 * A charm directory in a temp folder, with `files` (path -> content, or
 * `{ content, mode }`) written into it. `node_modules` links to the
 * repository's, so the charm's modules import the workspace packages, and the
 * same module instances as the test.
 */
export function makeCharm(files = {}) {
  const dir = tempDir('reactive-charm-');
  symlinkSync(repoModules, join(dir, 'node_modules'));
  writeCharmFiles(dir, files);
  return dir;
}

export function writeCharmFiles(dir, files) {
  for (const [path, spec] of Object.entries(files)) {
    const { content, mode } = typeof spec === 'string' ? { content: spec } : spec;
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (mode !== undefined) chmodSync(full, mode);
  }
}
