// Each package is loaded from one file, dist/bundle.js (scripts/bundle.mjs):
// it must export what the package's modules export, be the only copy of them a
// process loads, give each module its own import.meta, and compile them with a
// V8 code cache that can only speed it up.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..');
// The processes tests start get Node's own options only: `npm run
// coverage` sets --enable-source-maps, under which there is no cache to test
// and the stacks are mapped before the bundle's own mapping could be seen.
const { NODE_OPTIONS: _, ...env } = process.env;
const packages = readdirSync(join(root, 'packages')).filter((dir) => existsSync(join(root, 'packages', dir, 'src')));

/** Runs ES module source in a fresh Node, in the repository (so package names resolve); returns its stdout. */
function runScript(source: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, env, encoding: 'utf8' });
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
    const loaded = runScript(`
      import { registerHooks } from 'node:module';
      registerHooks({
        resolve(specifier, context, next) {
          const result = next(specifier, context);
          if (result.url.includes('/packages/')) console.log(result.url);
          return result;
        },
      });
      ${packages.map((dir) => `await import('@reactive/${dir}');`).join('\n')}
    `)
      .trim()
      .split('\n');
    // A bundle.js requires its own bundle-modules.cjs, and nothing else of its package.
    const files = new Set(
      loaded
        .filter((url) => /\/packages\/[^/]+\/dist\//.test(url) && !url.endsWith('/dist/bundle-modules.cjs'))
        .map((url) => url.replace(/^.*\/packages\//, '')),
    );
    expect([...files].sort()).toEqual(packages.map((dir) => `${dir}/dist/bundle.js`).sort());
  });

  it('a bundle imports no builtin as an ES module (Node would build a facade of all its exports: about 2 ms for node:fs)', () => {
    const imported = runScript(`
      import { registerHooks } from 'node:module';
      registerHooks({
        resolve(specifier, context, next) {
          if (context.parentURL?.includes('/packages/') && specifier.startsWith('node:')) console.log(specifier);
          return next(specifier, context);
        },
      });
      ${packages.map((dir) => `await import('@reactive/${dir}');`).join('\n')}
    `);
    expect(imported).toBe('');
  });

  it('each module keeps its own import.meta (a file found relative to a module is found)', async () => {
    const { SHELL_HELPER } = await import('@reactive/cli');
    expect(SHELL_HELPER).toBe(join(root, 'packages', 'cli', 'bin', 'charms.reactive.sh'));
    expect(existsSync(SHELL_HELPER)).toBe(true);
  });

  it('gives modules other packages as Node imports them: a default export, a namespace, and a package a lazy module needs only when it loads', () => {
    const dir = tempDir('reactive-bundler-');
    const write = (file: string, text: string) => {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    const dependency = (name: string, text: string) => {
      write(`node_modules/${name}/package.json`, JSON.stringify({ name, type: 'module', exports: './index.js' }));
      write(`node_modules/${name}/index.js`, text);
    };
    dependency('eager', "export default 'the default';\nexport const named = 'named';\n");
    dependency('lazy', "globalThis.lazyLoaded = true;\nexport const later = 'later';\n");
    write('package.json', JSON.stringify({ name: 'fixture', type: 'module' }));
    write(
      'dist/index.js',
      "import value, * as all from 'eager';\nexport const names = Object.keys(all).sort();\nexport { value };\nexport const load = () => import('./sub/later.js');\n",
    );
    write('dist/sub/later.js', "import { later } from 'lazy';\nexport const result = later;\nexport const url = import.meta.url;\n");
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: dir, encoding: 'utf8' });
    expect(build.stderr).toBe('');
    const bundle = pathToFileURL(join(dir, 'dist', 'bundle.js')).href;
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { value, names, load } from ${JSON.stringify(bundle)};
        const before = globalThis.lazyLoaded ?? false;
        const { result, url } = await load();
        console.log(JSON.stringify({ value, names, before, result, url }));`,
      ],
      { cwd: dir, env, encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      value: 'the default',
      names: ['default', 'named'],
      before: false,
      result: 'later',
      url: pathToFileURL(join(dir, 'dist', 'sub', 'later.js')).href,
    });
  });
});

describe('the code cache of a bundle', () => {
  /** @reactive/hookenv's bundle alone, in a project of its own, and a script that uses it. */
  function project() {
    const dir = tempDir('reactive-code-cache-');
    const own = join(dir, 'node_modules', '@reactive', 'hookenv');
    mkdirSync(join(own, 'dist'), { recursive: true });
    cpSync(join(root, 'packages', 'hookenv', 'package.json'), join(own, 'package.json'));
    for (const file of ['bundle.js', 'bundle-modules.cjs', 'bundle-modules.cjs.map'])
      cpSync(join(root, 'packages', 'hookenv', 'dist', file), join(own, 'dist', file));
    writeFileSync(
      join(dir, 'use.mjs'),
      "import { parsePythonJSON } from '@reactive/hookenv';\nconsole.log(JSON.stringify(parsePythonJSON('{\"a\": [1, true]}')));\n",
    );
    const use = () => {
      const child = spawnSync(process.execPath, ['use.mjs'], { cwd: dir, env, encoding: 'utf8' });
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('{"a":[1,true]}\n');
    };
    return { dir, use, cache: join(own, 'dist', 'bundle-modules.cjs.v8cache') };
  }
  /** The cache file's header: its key, and how many processes wrote it. */
  const header = (cache: string) => readFileSync(cache, 'latin1').split('\n')[0];

  it('is written by the first processes that load the bundle, for this Node, and then left alone', () => {
    const { use, cache } = project();
    use();
    expect(header(cache)).toMatch(new RegExp(`^reactive-code-cache [0-9a-f]{16} ${process.version} ${process.arch} 1$`));
    use();
    use();
    expect(header(cache)).toMatch(/ 3$/);
    // V8 takes it: a cache it refused would be written again, as a first one.
    const written = readFileSync(cache);
    use();
    use();
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('is replaced when it is for another script, and ignored when it is damaged', () => {
    const { use, cache } = project();
    writeFileSync(cache, `reactive-code-cache 0123456789abcdef ${process.version} ${process.arch} 3\nnot V8 data`);
    use();
    const key = header(cache)!;
    expect(key).toMatch(/^reactive-code-cache [0-9a-f]{16} .* 1$/);
    expect(key).not.toContain('0123456789abcdef');
    writeFileSync(cache, `${key.replace(/ 1$/, ' 3')}\nnot V8 data`);
    use();
    expect(header(cache)).toBe(key);
  });

  it('is not used under --enable-source-maps, so that Node maps stacks to the TypeScript sources', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--enable-source-maps',
        '--input-type=module',
        '-e',
        "import { setFlag } from '@reactive/flags'; try { setFlag(''); } catch (error) { console.log(error.stack); }",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(child.stdout).toContain(`at checkFlagName (${join(root, 'packages', 'flags', 'src', 'flag-name.ts')}:`);
  });

  it("maps a frame in the bundle to the TypeScript source's line and column, as a hook's error report prints it", () => {
    const mapStack = pathToFileURL(join(root, 'packages', 'bus', 'dist', 'source-map.js')).href;
    const stack = runScript(`
      import { setFlag } from '@reactive/flags';
      import { mapStack } from ${JSON.stringify(mapStack)};
      try { setFlag(''); } catch (error) { console.log(error.stack.split('\\n')[1]); console.log(mapStack(error.stack).split('\\n')[1]); }
    `).split('\n');
    expect(stack[0]).toContain(join(root, 'packages', 'flags', 'dist', 'bundle-modules.cjs'));
    const source = readFileSync(join(root, 'packages', 'flags', 'src', 'flag-name.ts'), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('must not be empty'));
    const column = source[line]!.indexOf('new TypeError(`${where} name must not be empty`)');
    expect(stack[1]).toBe(`    at checkFlagName (${join(root, 'packages', 'flags', 'src', 'flag-name.ts')}:${line + 1}:${column + 1})`);
  });

  it('is kept apart for processes started with Node options, which V8 would refuse it to', () => {
    const { dir, use, cache } = project();
    use();
    const plain = readFileSync(cache);
    const child = spawnSync(process.execPath, ['--max-lazy', 'use.mjs'], { cwd: dir, env, encoding: 'utf8' });
    expect(child.status).toBe(0);
    const files = readdirSync(join(dir, 'node_modules', '@reactive', 'hookenv', 'dist')).filter((f) => f.endsWith('.v8cache'));
    expect(files.sort()).toEqual([expect.stringMatching(/^bundle-modules\.cjs\.[0-9a-f]{8}\.v8cache$/), 'bundle-modules.cjs.v8cache']);
    expect(readFileSync(cache).equals(plain)).toBe(true);
  });

  it("is written at exit for all the bundles a process loads through one exit listener (one each passed Node's limit of 10, and it warned)", () => {
    // Node options of their own give this process caches of its own, none written yet.
    const flags = [`--stack-size=${900 + Math.floor(Math.random() * 80)}`];
    const dists = packages.map((dir) => join(root, 'packages', dir, 'dist'));
    const before = new Set(dists.flatMap((dist) => readdirSync(dist).map((file) => join(dist, file))));
    try {
      const child = spawnSync(
        process.execPath,
        [
          ...flags,
          '--input-type=module',
          '-e',
          `${packages.map((dir) => `await import('@reactive/${dir}');`).join('\n')}\nconsole.log(process.listenerCount('exit'));`,
        ],
        { cwd: root, env, encoding: 'utf8' },
      );
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('1\n');
    } finally {
      for (const dist of dists) for (const file of readdirSync(dist)) if (!before.has(join(dist, file))) rmSync(join(dist, file), { force: true });
    }
  });

  it('is not needed: a bundle whose cache cannot be written loads the same', () => {
    const { dir, use, cache } = project();
    mkdirSync(cache);
    use();
    use();
    expect(readdirSync(join(dir, 'node_modules', '@reactive', 'hookenv', 'dist')).sort()).toEqual([
      'bundle-modules.cjs',
      'bundle-modules.cjs.map',
      'bundle-modules.cjs.v8cache',
      'bundle.js',
    ]);
  });
});
