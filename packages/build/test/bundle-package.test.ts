// A vendored CommonJS package joined into one file (src/bundle-package.ts):
// it must load exactly as the package did, or be left alone.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePackage, BUNDLE_FILE } from '../src/bundle-package.js';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const root = join(import.meta.dirname, '..', '..', '..');

/** Writes a package of `files` (package.json from `manifest`) into a fresh node_modules; returns its folder. */
function writePackage(manifest: Record<string, unknown>, files: Record<string, string>): string {
  const dir = join(tempDir('reactive-bundle-package-'), 'node_modules', String(manifest.name));
  for (const [rel, text] of Object.entries({ ...files, 'package.json': JSON.stringify(manifest) })) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** The package as the build writes it when bundled: its package.json and other files, the bundle and the stubs, no modules. */
function writeBundled(dir: string, keep: string[] = ['package.json']): string {
  const manifest = createRequire(join(dir, 'x.js'))('./package.json');
  const bundled = bundlePackage(dir, manifest);
  if (!bundled) throw new Error('not bundled');
  const out = join(tempDir('reactive-bundled-'), 'node_modules', manifest.name);
  for (const rel of keep) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    cpSync(join(dir, rel), join(out, rel));
  }
  for (const [rel, text] of bundled.files) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
  }
  return out;
}

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

const fixture = {
  manifest: {
    name: 'fixture',
    version: '1.2.3',
    exports: {
      '.': './lib/index.js',
      './extra': { types: './x.d.ts', node: './lib/extra.js', default: './browser/extra.js' },
      './package.json': './package.json',
    },
  },
  files: {
    'lib/index.js':
      "'use strict';\nconst a = require('./a');\nconst data = require('../data.json');\nconst { sep } = require('node:path');\nexports.a = a;\nexports.data = data;\nexports.sep = sep;\nexports.self = this === module.exports;\n",
    'lib/a.js': "exports.early = true;\nconst b = require('./b.js');\nexports.fromB = b.sawEarly;\nexports.late = true;\n",
    // b sees a half loaded: its keys, as reading an export a lacks in a cycle makes Node warn on stderr.
    'lib/b.js': "const a = require('./a');\nexports.sawEarly = Object.keys(a).join() === 'early';\n",
    'lib/extra.js': "module.exports = { a: require('./a') };\n",
    'lib/unused.js': 'module.exports = 1;\n',
    'data.json': '{"answer": 42}\n',
  },
};

describe('bundlePackage', () => {
  it('loads as the package did: entry points, shared modules, cycles, JSON, builtins, `this`', () => {
    const dir = writePackage(fixture.manifest, fixture.files);
    const out = writeBundled(dir);
    const load = (base: string) => {
      const req = createRequire(join(dirname(dirname(base)), 'x.js'));
      return { main: req('fixture'), extra: req('fixture/extra') };
    };
    const original = load(dir);
    const bundled = load(out);
    expect(JSON.stringify(bundled.main)).toBe(JSON.stringify(original.main));
    expect(bundled.main).toMatchObject({ a: { early: true, fromB: true, late: true }, data: { answer: 42 }, self: true });
    expect(bundled.extra.a).toBe(bundled.main.a);
    expect(files(out)).toEqual(['lib/extra.js', 'lib/index.js', 'package.json', BUNDLE_FILE].sort());
  });

  it.each([
    ['no exports map (any file can be required)', { exports: undefined, main: './lib/index.js' }, {}],
    ['an ES module package', { type: 'module' }, {}],
    ['a require of a computed name', {}, { 'lib/b.js': "const name = './a';\nmodule.exports = require(name);\n" }],
    ['require passed around', {}, { 'lib/b.js': 'const load = require;\nmodule.exports = load("./a");\n' }],
    ['require.resolve', {}, { 'lib/b.js': "module.exports = require.resolve('./a');\n" }],
    ['a look at its own folder', {}, { 'lib/b.js': "module.exports = require('node:path').join(__dirname, 'x');\n" }],
    ['a dynamic import', {}, { 'lib/b.js': "module.exports = import('./a.js');\n" }],
    ['a file outside the package', {}, { 'lib/b.js': "module.exports = require('../../other/x');\n" }],
    ['a module that cannot be found', {}, { 'lib/b.js': "module.exports = require('./missing');\n" }],
    ['other files for import than for require', { exports: { '.': { import: './lib/index.mjs', require: './lib/index.js' } } }, {}],
    ['a subpath pattern', { exports: { '.': './lib/index.js', './lib/*': './lib/*.js' } }, {}],
  ])('leaves a package as it is with %s', (_, manifest, extraFiles) => {
    const dir = writePackage({ ...fixture.manifest, ...manifest }, { ...fixture.files, ...extraFiles });
    expect(bundlePackage(dir, createRequire(join(dir, 'x.js'))('./package.json'))).toBeUndefined();
  });

  it('joins yaml (the one the build vendors) into one file that parses and writes as it does', () => {
    const dir = join(root, 'node_modules', 'yaml');
    const out = writeBundled(dir, ['package.json', 'LICENSE']);
    const original = createRequire(join(root, 'x.js'))('yaml');
    const bundled = createRequire(join(dirname(out), 'x.js'))('yaml');
    const text = 'a: 1\nb: [x, {c: yes, d: on}]\n<<: {e: 2}\nf: !!binary aGVsbG8=\ng: 0o17\nh: 2001-12-14\n';
    for (const version of ['1.1', '1.2'] as const) {
      expect(JSON.stringify(bundled.parse(text, { version }))).toBe(JSON.stringify(original.parse(text, { version })));
    }
    const value = { list: [1, 'a: b', null, true], nested: { 'key with space': 'multi\nline' } };
    expect(bundled.stringify(value)).toBe(original.stringify(value));
    const failure = (yaml: typeof original) => {
      try {
        yaml.parse('a: [1');
      } catch (error) {
        return [error instanceof yaml.YAMLParseError, (error as Error).message];
      }
      return undefined;
    };
    expect(failure(bundled)).toEqual(failure(original));
    expect(failure(bundled)?.[0]).toBe(true);
    const util = createRequire(join(dirname(out), 'x.js'))('yaml/util');
    expect(Object.keys(util).sort()).toEqual(Object.keys(createRequire(join(root, 'x.js'))('yaml/util')).sort());
    expect(files(out).filter((file) => /\.[cm]?js$/.test(file))).toEqual(['dist/index.js', 'dist/util.js', BUNDLE_FILE].sort());
  });
});
