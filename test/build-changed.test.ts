// npm run build's skip of up-to-date packages (scripts/build-changed.mjs), on a
// made-up workspace whose packages' builds log that they ran.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-fixtures/temp.mjs';

const script = join(import.meta.dirname, '..', 'scripts', 'build-changed.mjs');
// A package's build: writes dist/index.js (and a map), and logs its name.
const fakeBuild = `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.js', 'export default 1;\\n');
writeFileSync('dist/index.js.map', '{}');
appendFileSync(new URL('built.log', import.meta.url), process.env.npm_package_name + '\\n');
`;

/** A workspace: packages a, b (depends on a) and c, each built by fake-build.mjs. */
function workspace(): string {
  const root = tempDir('reactive-build-changed-');
  mkdirSync(join(root, 'scripts'));
  copyFileSync(script, join(root, 'scripts', 'build-changed.mjs'));
  writeFileSync(join(root, 'scripts', 'bundle.mjs'), '// version 1\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'fake-build.mjs'), fakeBuild);
  writePackage(root, 'a', {});
  writePackage(root, 'b', { dependencies: { a: '1.0.0', outside: '1.0.0' } });
  writePackage(root, 'c', { devDependencies: { outside: '1.0.0' } });
  return root;
}

function writePackage(root: string, name: string, fields: object, build = 'node ../../fake-build.mjs'): void {
  mkdirSync(join(root, 'packages', name), { recursive: true });
  writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', scripts: { build }, ...fields }));
}

/** Runs the script in `root`; `built` is what the packages' builds logged. */
function build(root: string): { status: number | null; stdout: string; stderr: string; built: string[] } {
  rmSync(join(root, 'built.log'), { force: true });
  const { status, stdout, stderr } = spawnSync(process.execPath, [join(root, 'scripts', 'build-changed.mjs')], { cwd: root, encoding: 'utf8' });
  const log = join(root, 'built.log');
  return { status, stdout, stderr, built: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('npm run build: packages whose dist/ is up to date are not built again', () => {
  it('builds each package once, dependencies first, then none until its dist/, a dependency, bundle.mjs or the lock file changes', () => {
    const root = workspace();
    const first = build(root);
    expect(first.built).toEqual(['a', 'b', 'c']);
    expect(lastLine(first.stdout)).toBe('build: built a, b, c; 0 of 3 packages up to date');

    const again = build(root);
    expect(again).toMatchObject({ status: 0, built: [] });
    expect(lastLine(again.stdout)).toBe('build: 3 of 3 packages up to date');

    // What tsc writes when a source changed: a's and its dependent's bundles are rebuilt.
    writeFileSync(join(root, 'packages', 'a', 'dist', 'util.js'), 'export const x = 2;\n');
    expect(build(root).built).toEqual(['a', 'b']);
    // The code caches hooks write beside a bundle are not the build's.
    writeFileSync(join(root, 'packages', 'c', 'dist', 'bundle-modules.cjs.v8cache'), 'cache');
    expect(build(root).built).toEqual([]);

    writeFileSync(join(root, 'scripts', 'bundle.mjs'), '// version 2\n');
    expect(build(root).built).toEqual(['a', 'b', 'c']);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    expect(build(root).built).toEqual(['a', 'b', 'c']);
    rmSync(join(root, 'packages', 'b', 'dist', 'index.js.map'));
    expect(build(root).built).toEqual(['b']);
  });

  it('stops at a package whose build fails, with one line naming it, and builds it next time', () => {
    const root = workspace();
    build(root);
    writePackage(root, 'a', {}, 'exit 3');
    writeFileSync(join(root, 'packages', 'a', 'dist', 'index.js'), 'export default 2;\n');
    const failed = build(root);
    expect(failed.status).toBe(1);
    expect(lastLine(failed.stderr)).toBe('build: a failed (npm run build in packages/a exited 3)');
    expect(failed.built).toEqual([]);
    expect(existsSync(join(root, 'packages', 'a', 'dist', '.build-key'))).toBe(false);

    // Built again, a's dist/ is as b's key knew it.
    writePackage(root, 'a', {});
    expect(build(root).built).toEqual(['a']);
  });

  it('refuses packages that depend on each other in a cycle, naming them', () => {
    const root = workspace();
    writePackage(root, 'a', { peerDependencies: { b: '1.0.0' } });
    const cycle = build(root);
    expect(cycle).toMatchObject({ status: 1, stderr: 'build: packages depend on each other in a cycle: a -> b -> a\n', built: [] });
  });
});
