// Each package is loaded from one file, dist/bundle.js (scripts/bundle.mjs):
// it must export what the package's modules export, be the only copy of them a
// process loads, and give each module its own import.meta.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((dir) => existsSync(join(root, 'packages', dir, 'src')));

/** Runs ES module source in a fresh Node, in the repository (so package names resolve); returns its stdout. */
function runScript(source: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return child.stdout;
}

describe('package bundles', () => {
  it.each(packages)('@reactive/%s: the bundle exports what dist/index.js exports', async (dir) => {
    const base = join(root, 'packages', dir, 'dist');
    const modules = await import(pathToFileURL(join(base, 'index.js')).href);
    const bundle = await import(pathToFileURL(join(base, 'bundle.js')).href);
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(modules).sort());
  });

  it('a process that uses every package loads each from its bundle only', () => {
    const recorder = join(tempDir('reactive-bundle-'), 'recorder.mjs');
    writeFileSync(
      recorder,
      `export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        if (result.url.includes('/packages/')) console.log(result.url);
        return result;
      }`,
    );
    const loaded = runScript(`
      import { register } from 'node:module';
      register(${JSON.stringify(pathToFileURL(recorder).href)});
      ${packages.map((dir) => `await import('@reactive/${dir}');`).join('\n')}
    `)
      .trim()
      .split('\n');
    const files = new Set(loaded.filter((url) => /\/packages\/[^/]+\/dist\//.test(url)).map((url) => url.replace(/^.*\/packages\//, '')));
    expect([...files].sort()).toEqual(packages.map((dir) => `${dir}/dist/bundle.js`).sort());
  });

  it('each module keeps its own import.meta (a file found relative to a module is found)', async () => {
    const { SHELL_HELPER } = await import('@reactive/cli');
    expect(SHELL_HELPER).toBe(join(root, 'packages', 'cli', 'bin', 'charms.reactive.sh'));
    expect(existsSync(SHELL_HELPER)).toBe(true);
  });
});
