// LMDB's JavaScript is required with V8's code cache (src/code-cache.ts): the
// cache may only make loading faster. A module loads the same with it, a file
// changed since it was cached is compiled afresh, and a cache that is damaged
// or cannot be written is never in the way.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
// The processes here start with Node's own options only: `npm run coverage`
// sets --enable-source-maps, under which there is no cache to test.
const { NODE_OPTIONS: _, ...env } = process.env;
const codeCache = pathToFileURL(join(root, 'packages', 'hookenv', 'dist', 'code-cache.js')).href;

const A = `const b = require('./b.cjs');
exports.report = () => ({
  b: b.name,
  thisIsExports: this === module.exports,
  dirname: __dirname === require('node:path').dirname(__filename),
  resolved: require.resolve('./b.cjs'),
  cached: require.cache[__filename] === module,
});
`;

/** A folder with a two-file CommonJS package, and a script that requires it with (or without) the cache. */
function project() {
  const dir = tempDir('reactive-cjs-cache-');
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'pkg', 'a.cjs'), A);
  writeFileSync(join(dir, 'pkg', 'b.cjs'), "exports.name = 'first';\n");
  const cache = join(dir, 'cache', 'deps.v8cache');
  mkdirSync(join(dir, 'cache'));
  const load = (how: 'cached' | 'plain' = 'cached', nodeArgs: string[] = []) => {
    const call = how === 'cached' ? `requireWithCodeCache(require, './pkg/a.cjs', ${JSON.stringify(cache)})` : "require('./pkg/a.cjs')";
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { createRequire } from 'node:module';
      import { requireWithCodeCache } from ${JSON.stringify(codeCache)};
      const require = createRequire(import.meta.url);
      console.log(JSON.stringify(${call}.report()));`,
    );
    const child = spawnSync(process.execPath, [...nodeArgs, 'main.mjs'], { cwd: dir, env, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as Record<string, unknown>;
  };
  return { dir, cache, load };
}

/** The cache file's header line and its index of files. */
function contents(cache: string): { header: string; files: string[] } {
  const [header = '', index = '[]'] = readFileSync(cache, 'latin1').split('\n');
  return { header, files: (JSON.parse(index) as [string][]).map(([file]) => file) };
}

describe('requireWithCodeCache', () => {
  it('loads a module as require() does, with its own require, __dirname and this', () => {
    const { load } = project();
    const plain = load('plain');
    expect(plain).toMatchObject({ b: 'first', thisIsExports: true, dirname: true, cached: true });
    expect(load()).toEqual(plain);
    expect(load()).toEqual(plain);
  });

  it('is written by the first three processes, for this Node, then left alone', () => {
    const { cache, load } = project();
    load();
    expect(contents(cache)).toEqual({ header: `reactive-cjs-code-cache ${process.version} ${process.arch} 1`, files: ['../pkg/a.cjs', '../pkg/b.cjs'] });
    load();
    load();
    expect(contents(cache).header).toMatch(/ 3$/);
    // V8 took every entry: one it refused would have made the cache be written again.
    const written = readFileSync(cache);
    load();
    load();
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('compiles a file changed since it was cached afresh, even one of the same size', () => {
    const { dir, cache, load } = project();
    for (let i = 0; i < 3; i++) load();
    writeFileSync(join(dir, 'pkg', 'b.cjs'), "exports.name = 'other';\n");
    utimesSync(join(dir, 'pkg', 'b.cjs'), new Date(), new Date(Date.now() + 5_000));
    expect(load().b).toBe('other');
    expect(contents(cache).header).toMatch(/ 1$/);
    expect(load().b).toBe('other');
  });

  // What a write cut short leaves (the cache is written to a temporary file and
  // renamed, so only a crash of the machine can). V8 trusts the data itself.
  it('ignores a cache cut short, or one that is not a cache, and writes a good one', () => {
    const { cache, load } = project();
    load();
    const good = readFileSync(cache);
    writeFileSync(cache, good.subarray(0, good.length - 100));
    expect(load().b).toBe('first');
    expect(contents(cache)).toMatchObject({ header: expect.stringMatching(/ 1$/), files: ['../pkg/a.cjs', '../pkg/b.cjs'] });
    expect(readFileSync(cache).length).toBeGreaterThan(good.length - 100);
    writeFileSync(cache, Buffer.alloc(good.length));
    expect(load().b).toBe('first');
    writeFileSync(cache, `reactive-cjs-code-cache ${process.version} ${process.arch} 3\n[["../pkg/a.cjs", 1, 2, 99999]]\n`);
    expect(load().b).toBe('first');
    expect(contents(cache)).toMatchObject({ header: expect.stringMatching(/ 1$/), files: ['../pkg/a.cjs', '../pkg/b.cjs'] });
  });

  it('is not needed: a folder that cannot be written loads the same, without a cache', () => {
    const { dir, cache, load } = project();
    mkdirSync(cache);
    expect(load().b).toBe('first');
    expect(load().b).toBe('first');
    expect(readdirSync(join(dir, 'cache'))).toEqual(['deps.v8cache']);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('keeps a cache apart for Node options, and none under --enable-source-maps', () => {
    const { dir, load } = project();
    load('cached', ['--max-lazy']);
    load('cached', ['--enable-source-maps']);
    expect(readdirSync(join(dir, 'cache'))).toEqual([expect.stringMatching(/^deps\.[0-9a-f]{8}\.v8cache$/)]);
  });

  it("gives Node's compiler back when the module throws", () => {
    const { dir, cache } = project();
    writeFileSync(join(dir, 'pkg', 'bad.cjs'), "throw new Error('bad module');\n");
    const source = `import { createRequire, Module } from 'node:module';
      import { requireWithCodeCache } from ${JSON.stringify(codeCache)};
      const require = createRequire(${JSON.stringify(join(dir, 'main.mjs'))});
      const compile = Module.prototype._compile;
      try { requireWithCodeCache(require, './pkg/bad.cjs', ${JSON.stringify(cache)}); } catch (error) { console.log(error.message); }
      console.log(Module.prototype._compile === compile);`;
    writeFileSync(join(dir, 'bad.mjs'), source);
    const child = spawnSync(process.execPath, ['bad.mjs'], { cwd: dir, env, encoding: 'utf8' });
    expect(child.stdout).toBe('bad module\ntrue\n');
    expect(readdirSync(join(dir, 'cache'))).toEqual([]);
  });
});

describe("the unit state's LMDB", () => {
  it('is loaded with a code cache beside the package, written by the first hooks', () => {
    const dir = tempDir('reactive-lmdb-cache-');
    const own = join(dir, 'node_modules', '@reactive', 'hookenv');
    mkdirSync(join(own, 'dist'), { recursive: true });
    cpSync(join(root, 'packages', 'hookenv', 'package.json'), join(own, 'package.json'));
    for (const file of ['bundle.js', 'bundle-modules.cjs']) cpSync(join(root, 'packages', 'hookenv', 'dist', file), join(own, 'dist', file));
    symlinkSync(join(root, 'node_modules', 'lmdb'), join(dir, 'node_modules', 'lmdb'));
    writeFileSync(
      join(dir, 'use.mjs'),
      "import { UnitState } from '@reactive/hookenv';\nconst state = UnitState.open(process.argv[2]);\nstate.set('n', (state.get('n') ?? 0) + 1);\nstate.commit();\nconsole.log(state.get('n'));\nstate.close();\n",
    );
    const use = () => spawnSync(process.execPath, ['use.mjs', join(dir, 'state.lmdb')], { cwd: dir, env, encoding: 'utf8' });
    expect(use()).toMatchObject({ stdout: '1\n', stderr: '' });
    expect(use()).toMatchObject({ stdout: '2\n', stderr: '' });
    const { header, files } = contents(join(own, 'dist', 'lmdb.v8cache'));
    expect(header).toMatch(/ 2$/);
    expect(files).toContainEqual(expect.stringMatching(/\/node_modules\/lmdb\/dist\/index\.cjs$/));
  });
});
