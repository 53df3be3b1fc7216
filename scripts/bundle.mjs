#!/usr/bin/env node
// Bundles a package's compiled ES modules (dist/index.js and every module it
// reaches by relative import) into one script, dist/bundle-modules.cjs, loaded
// by dist/bundle.js, the ES module the package's `exports` point at.
//
// Why: a hook is a fresh Node process, and Node's ES module loader pays
// about a millisecond per module file (resolution, reading, linking); the
// framework is some sixty modules. One file per package keeps packages
// separate (each still imports the others by name, so every process has one
// instance of each) and loads in a third of the time. What is left is V8
// parsing and compiling the same code in every hook, about half of the
// framework's start-up: so the script is compiled with V8's code cache
// (dist/bundle-modules.cjs.v8cache, written when they end by the first
// processes that load it, so it holds the functions hooks compiled: see
// LOADER). Node's own compile cache (module.enableCompileCache(), which the
// hook stub enables for everything else) makes its data as it compiles a
// module, before it runs: it holds the eagerly compiled top level only (3 kB
// of hookenv's bundle, where the hooks' functions are 48 kB), and an N = 10
// hook took 8 ms more with it than with this one (bench, Node 24). Compiled
// eagerly (V8's --no-lazy set around the require), its data holds every
// function, used or not (hookenv 165 kB, bus 170 kB, against 94 and 113 kB
// here), and loading node:v8 to set the flag costs 4 ms: an N = 10 hook still
// took 6 ms more CPU time, N = 100 7 ms (interleaved runs, Node 24,
// 2026-12-08); `node --no-lazy` for the whole hook, 20 ms more.
//
// How: esbuild joins the modules into one scope (CommonJS output, other
// packages external), which runs faster than one function per module. Three
// things it does not do are done around it:
// - each module keeps its own `import.meta` (PER_MODULE rewrites it to
//   `__reactiveMeta(id)`, worked out from the module's place in dist/);
// - other packages become real ES imports: static at the top of bundle.js
//   for modules loaded at start-up, and awaited before a module loaded later
//   through `import()` runs (`__reactiveImport`), so lazily loaded packages
//   stay lazy; any other `import()` is Node's own (`__reactiveNodeImport`), as
//   a script cannot import;
// - the script is a function that bundle.js calls with those packages;
//   builtins come from process.getBuiltinModule(), never the ES module loader.
//
// Usage (in a package folder, after tsc): node ../../scripts/bundle.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';

const DIST = join(process.cwd(), 'dist');
const ENTRY = 'index.js';
const OUTPUT = 'bundle.js';
const MODULES = 'bundle-modules.cjs';
const BUILTINS = new Set(builtinModules);

const isRelative = (specifier) => specifier.startsWith('./') || specifier.startsWith('../');
const isBuiltin = (specifier) => specifier.startsWith('node:') || BUILTINS.has(specifier);
/** A module's id: its path inside dist/, with forward slashes. */
const idOf = (file) => relative(DIST, file).split(sep).join('/');

/** The modules joined by esbuild, as one CommonJS text with its source map (composed with tsc's, so it names src/*.ts) and esbuild's account of the imports. */
async function joinModules() {
  const { outputFiles, metafile } = await esbuild.build({
    entryPoints: [join(DIST, ENTRY)],
    outfile: join(DIST, MODULES),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    supported: { 'dynamic-import': true },
    sourcemap: 'external',
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'error',
    plugins: [PER_MODULE],
  });
  const text = outputFiles.find((file) => file.path.endsWith('.cjs')).text;
  const map = JSON.parse(outputFiles.find((file) => file.path.endsWith('.map')).text);
  return { text: importPackages(text), map, modules: moduleGraph(metafile) };
}

/** Rewrites, in each module before esbuild reads it, what must stay the module's own: `import.meta` and `import()`. */
const PER_MODULE = {
  name: 'reactive-per-module',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, ({ path }) => ({ contents: perModule(path), loader: 'js' }));
  },
};

function perModule(file) {
  const id = idOf(file);
  const source = readFileSync(file, 'utf8');
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits = [];
  const visit = (node) => {
    if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      edits.push({ start: node.getStart(tree), end: node.end, text: `__reactiveMeta(${JSON.stringify(id)})` });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument) && isRelative(argument.text)) {
        // esbuild joins the module in, lazily: the packages it needs are imported first.
        const target = posix.normalize(posix.join(posix.dirname(id), argument.text));
        edits.push({ start: node.getStart(tree), end: node.getStart(tree), text: `__reactiveImport(${JSON.stringify(target)}, () => ` });
        edits.push({ start: node.end, end: node.end, text: ')' });
      } else {
        edits.push({ start: node.expression.getStart(tree), end: node.expression.end, text: '__reactiveNodeImport' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  let text = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

/**
 * esbuild reads another package as CommonJS (`__toESM(require(name))`, whose
 * `default` is the whole module): the bundle is given the package's ES module
 * namespace instead, so `default` is its default export.
 */
function importPackages(text) {
  return text.replace(/__toESM\(require\(("[^"]+")\)(?:, 1)?\)/g, (call, name) => (isBuiltin(JSON.parse(name)) ? call : `require(${name})`));
}

/** Each module's static and dynamic imports (ids inside dist, or package names), from esbuild's metafile. */
function moduleGraph(metafile) {
  const modules = new Map();
  for (const [path, { imports }] of Object.entries(metafile.inputs)) {
    const edges = { staticImports: [], dynamicImports: [] };
    for (const { path: target, kind, external } of imports) {
      const list = kind === 'dynamic-import' ? edges.dynamicImports : edges.staticImports;
      list.push(external ? { name: target } : { id: idOf(join(process.cwd(), target)) });
    }
    modules.set(idOf(join(process.cwd(), path)), edges);
  }
  return modules;
}

/** Packages that the static import graph from `roots` reaches (builtins excluded). */
function packagesReached(modules, roots) {
  const packages = new Set();
  const seen = new Set();
  const walk = (id) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const target of modules.get(id).staticImports) {
      if (target.id) walk(target.id);
      else if (!isBuiltin(target.name)) packages.add(target.name);
    }
  };
  roots.forEach(walk);
  return packages;
}

/** The entry's export names, read from the unbundled entry (so re-exports of other packages count too). */
function exportNames() {
  const url = pathToFileURL(join(DIST, ENTRY)).href;
  const script = `const names = Object.keys(await import(${JSON.stringify(url)})); console.log(JSON.stringify(names));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

function render({ text, map, modules }, names) {
  const eager = [...packagesReached(modules, [ENTRY])];
  const lazy = {};
  for (const module of modules.values()) {
    for (const { id } of module.dynamicImports) {
      if (!id) continue;
      const extra = [...packagesReached(modules, [id])].filter((name) => !eager.includes(name));
      if (extra.length > 0) lazy[id] = extra;
    }
  }
  const head = [
    `// Generated by scripts/bundle.mjs with esbuild from the modules in dist/ (${modules.size}): do not edit. Run by ${OUTPUT}.`,
    // A script whose value is the function, and a CommonJS module that exports it.
    '(function (module) { return (module.exports = function (__reactivePackages, __reactiveBundleUrl, __reactiveNodeImport) {',
    "'use strict';",
    `const __reactiveLazyPackages = ${JSON.stringify(lazy)};`,
    ...RUNTIME.trim().split('\n'),
    'const module = { exports: {} };',
  ];
  const script = [
    ...head,
    text.trimEnd(),
    'return module.exports;',
    '}); })(this === globalThis ? {} : module);',
    `//# sourceMappingURL=${MODULES}.map`,
    '',
  ].join('\n');
  // esbuild's map, moved down past the lines put before its text.
  const shifted = { ...map, file: MODULES, mappings: ';'.repeat(head.length) + map.mappings };
  const key = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const lines = [
    `// Generated by scripts/bundle.mjs: do not edit. The package's modules are in ${MODULES}.`,
    // Builtins as CommonJS objects: importing one as an ES module makes Node build
    // a facade of all its exports (for node:fs, about 2 ms of every hook).
    "const { readFileSync: __readFileSync, renameSync: __renameSync, rmSync: __rmSync, writeFileSync: __writeFileSync } = process.getBuiltinModule('node:fs');",
    "const { createRequire: __createRequire } = process.getBuiltinModule('node:module');",
    "const { Script: __Script } = process.getBuiltinModule('node:vm');",
    ...eager.map((name, i) => `import * as __package${i} from ${JSON.stringify(name)};`),
    `const __packages = new Map([${eager.map((name, i) => `[${JSON.stringify(name)}, __package${i}]`).join(', ')}]);`,
    LOADER.replace('@MODULES@', MODULES).replace('@KEY@', key).trim(),
  ];
  const plain = names.filter((name) => name !== 'default');
  if (plain.length > 0) lines.push(`export const { ${plain.join(', ')} } = __entry;`);
  if (names.includes('default')) lines.push('export default __entry.default;');
  return { entry: `${lines.join('\n')}\n`, script, map: `${JSON.stringify(shifted)}\n` };
}

// Compiles the modules' script with V8's code cache, if one was written for
// this very script by this Node on this machine; else writes one when the
// process ends, so that it holds every function the process compiled. The
// first processes that use a cache write it again, with what they compiled
// too (a cache written by a build step alone lacks what hooks run). V8
// checks its version and flags itself, not the source: the key does. A
// process started with Node options (`--name` ones: not `-e` code) has a
// cache of its own, as V8 refuses a cache made under other flags (one file
// would be rewritten by turns). Under
// --enable-source-maps, which maps the stacks of CommonJS files but not of
// vm scripts, the script is required as the CommonJS file it also is.
const LOADER = `
const __modulesPath = \`\${import.meta.dirname}/@MODULES@\`;
const __nodeFlags = [...process.execArgv.filter((arg) => arg.startsWith('--') && !/^--(eval|print)\\b/.test(arg)), process.env.NODE_OPTIONS ?? ''].join(' ').trim();
const __cachePath = \`\${__modulesPath}\${__nodeFlags ? \`.\${__hash(__nodeFlags)}\` : ''}.v8cache\`;
const __cacheKey = Buffer.from(\`reactive-code-cache @KEY@ \${process.version} \${process.arch} \`);
const __entry = (process.sourceMapsEnabled ? __createRequire(import.meta.url)(__modulesPath) : __compileModules())(__packages, import.meta.url, (specifier) => import(specifier));
function __compileModules() {
  const cache = __readCache();
  const script = new __Script(__readFileSync(__modulesPath, 'utf8'), { filename: __modulesPath, cachedData: cache?.data });
  if (!cache || script.cachedDataRejected || cache.writes < 3) __atExit(() => __writeCache(script, script.cachedDataRejected ? 1 : (cache?.writes ?? 0) + 1));
  return script.runInThisContext();
}
function __readCache() {
  try {
    const file = __readFileSync(__cachePath);
    const writes = file[__cacheKey.length] - 48;
    if (!file.subarray(0, __cacheKey.length).equals(__cacheKey) || !(writes >= 1 && writes <= 9)) return undefined;
    return { writes, data: file.subarray(__cacheKey.length + 2) };
  } catch {
    return undefined;
  }
}
// One exit listener for all the bundles a process loads (one each would pass
// Node's limit of 10 and make it warn).
function __atExit(write) {
  const key = Symbol.for('@reactive/bundle-cache-writes');
  if (!globalThis[key]) {
    const writes = (globalThis[key] = []);
    process.once('exit', () => writes.forEach((each) => each()));
  }
  globalThis[key].push(write);
}
// FNV-1a: node:crypto would cost more to load than the whole cache saves.
function __hash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
function __writeCache(script, writes) {
  const temporary = \`\${__cachePath}.\${process.pid}\`;
  try {
    __writeFileSync(temporary, Buffer.concat([__cacheKey, Buffer.from(\`\${writes}\\n\`), script.createCachedData()]));
    __renameSync(temporary, __cachePath);
  } catch {
    // A folder that cannot be written (a read-only charm): no cache, the same code.
    __rmSync(temporary, { force: true });
  }
}
`;

// What the modules' rewritten code calls (see PER_MODULE), and the `require`
// esbuild's output calls for builtins and other packages.
const RUNTIME = `
function require(name) {
  const imported = __reactivePackages.get(name);
  if (imported) return imported;
  const builtin = process.getBuiltinModule(name);
  if (builtin) return builtin;
  throw new Error(\`bundle: package \${name} was required before it was imported\`);
}
async function __reactiveImport(id, load) {
  for (const name of __reactiveLazyPackages[id] ?? []) if (!__reactivePackages.has(name)) __reactivePackages.set(name, await __reactiveNodeImport(name));
  return load();
}
const __reactiveMetas = new Map();
// A module's import.meta, worked out when read: few modules read it.
function __reactiveMeta(id) {
  let meta = __reactiveMetas.get(id);
  if (meta) return meta;
  let url, filename;
  meta = {
    get url() { return (url ??= new URL(id, __reactiveBundleUrl).href); },
    get filename() { return (filename ??= process.getBuiltinModule('node:url').fileURLToPath(this.url)); },
    get dirname() { return process.getBuiltinModule('node:path').dirname(this.filename); },
  };
  __reactiveMetas.set(id, meta);
  return meta;
}
`;

const joined = await joinModules();
const { entry, script, map } = render(joined, exportNames());
writeFileSync(join(DIST, MODULES), script);
writeFileSync(join(DIST, `${MODULES}.map`), map);
writeFileSync(join(DIST, OUTPUT), entry);
rmSync(join(DIST, `${OUTPUT}.map`), { force: true });
process.stdout.write(`${join(DIST, MODULES)}: ${joined.modules.size} modules in one script, loaded by ${OUTPUT}\n`);
