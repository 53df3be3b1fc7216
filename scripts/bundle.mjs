#!/usr/bin/env node
// Bundles a package's compiled ES modules (dist/index.js and every module it
// reaches by relative import) into one script, dist/bundle-modules.cjs, loaded
// by dist/bundle.js, the ES module the package's `exports` point at.
//
// Why: a hook is a fresh Node process, and Node 20's ES module loader pays
// about a millisecond per module file (resolution, reading, linking); the
// framework is some sixty modules. One file per package keeps packages
// separate (each still imports the others by name, so every process has one
// instance of each) and loads in a third of the time. What is left is V8
// parsing and compiling the same code in every hook, about half of the
// framework's start-up: so the script is compiled with V8's code cache
// (dist/bundle-modules.cjs.v8cache, written when they end by the first
// processes that load it, so it holds the functions hooks compiled: see
// LOADER), as Node 22's module.enableCompileCache() does for modules and
// v8-compile-cache did for CommonJS.
//
// How: each module is compiled by TypeScript's transpiler into a CommonJS-style
// function (which keeps ES live bindings as property reads), run on first use
// as Node would run the module. Imports of other packages become real ES
// imports: static at the top of the bundle for modules loaded at start-up, and
// awaited before a module loaded later through `import()` runs, so lazily
// loaded dependencies stay lazy. `import.meta` is each module's own.
//
// Usage (in a package folder, after tsc): node ../../scripts/bundle.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, SourceMap } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const DIST = join(process.cwd(), 'dist');
const ENTRY = 'index.js';
const OUTPUT = 'bundle.js';
const MODULES = 'bundle-modules.cjs';
const BUILTINS = new Set(builtinModules);

const isRelative = (specifier) => specifier.startsWith('./') || specifier.startsWith('../');
const isBuiltin = (specifier) => specifier.startsWith('node:') || BUILTINS.has(specifier);

/**
 * One module, compiled: its function body, the modules it imports statically
 * (ids inside dist, or package names) and those it imports with a literal `import()`.
 */
function compile(id) {
  const file = join(DIST, id);
  const source = readFileSync(file, 'utf8');
  const found = { staticImports: [], dynamicImports: [] };
  const note = (list, specifier) => list.push(isRelative(specifier) ? { id: resolveFrom(id, specifier) } : { name: specifier });
  const { outputText: output, sourceMapText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false, sourceMap: true },
    transformers: { before: [rewriteDynamicImportsAndMeta(id, found, note)] },
  });
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  for (const statement of sourceFile.statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier)) note(found.staticImports, specifier.text);
  }
  const body = output
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .replace(/\brequire\("([^"]+)"\)/g, (_, specifier) => `__require(${JSON.stringify(resolveFrom(id, specifier))})`);
  return { id, body, origins: lineOrigins(file, body, sourceMapText), ...found };
}

/**
 * Where each line of a module's body comes from in the package's sources:
 * through the transpiler's map (body -> dist/<id>) and tsc's (dist/<id> ->
 * src/<id>.ts), when tsc wrote one. Line by line: a stack trace needs lines.
 */
function lineOrigins(file, body, sourceMapText) {
  const toDist = new SourceMap(JSON.parse(sourceMapText));
  const toSource = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : undefined;
  return body.split('\n').map((text, line) => {
    const column = text.search(/\S/);
    if (column === -1) return undefined;
    const inDist = toDist.findEntry(line, column);
    if (inDist.generatedLine !== line) return undefined;
    if (!toSource) return { source: relative(DIST, file), line: inDist.originalLine, column: inDist.originalColumn };
    const inSource = toSource.findEntry(inDist.originalLine, inDist.originalColumn);
    if (inSource.generatedLine !== inDist.originalLine || !inSource.originalSource) return undefined;
    return { source: relative(DIST, resolve(dirname(file), inSource.originalSource)), line: inSource.originalLine, column: inSource.originalColumn };
  });
}

/** A relative specifier as a module id (a path inside dist); anything else unchanged. */
function resolveFrom(id, specifier) {
  return isRelative(specifier) ? posix.normalize(posix.join(posix.dirname(id), specifier)) : specifier;
}

/** `import(x)` becomes `__import(x)` (resolved when called, internal ids included); `import.meta` becomes the module's own. */
function rewriteDynamicImportsAndMeta(id, found, note) {
  return (context) => (sourceFile) => {
    const { factory } = context;
    const visit = (node) => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        let [argument] = node.arguments;
        if (ts.isStringLiteral(argument)) {
          note(found.dynamicImports, argument.text);
          argument = factory.createStringLiteral(resolveFrom(id, argument.text));
        } else {
          argument = ts.visitNode(argument, visit);
        }
        return factory.createCallExpression(factory.createIdentifier('__import'), undefined, [argument]);
      }
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) return factory.createIdentifier('__meta');
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit);
  };
}

/** Every module reachable from the entry, by static or dynamic import. */
function collect() {
  const modules = new Map();
  const queue = [ENTRY];
  while (queue.length > 0) {
    const id = queue.shift();
    if (modules.has(id)) continue;
    const module = compile(id);
    modules.set(id, module);
    for (const target of [...module.staticImports, ...module.dynamicImports]) if (target.id) queue.push(target.id);
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

function render(modules, names) {
  const eager = [...packagesReached(modules, [ENTRY])];
  const lazy = {};
  for (const module of modules.values()) {
    for (const { id } of module.dynamicImports) {
      if (!id) continue;
      const extra = [...packagesReached(modules, [id])].filter((name) => !eager.includes(name));
      if (extra.length > 0) lazy[id] = extra;
    }
  }
  const script = [
    `// Generated by scripts/bundle.mjs from the modules in dist/ (${modules.size}): do not edit. Run by ${OUTPUT}.`,
    // A script whose value is the function, and a CommonJS module that exports it.
    '(function (module) { return (module.exports = function (__nodeRequire, __packages, __bundleUrl, __dynamicImport) {',
    `const __lazyPackages = ${JSON.stringify(lazy)};`,
    'const __functions = {',
    ...[...modules.values()].map(({ id, body }) => `${JSON.stringify(id)}: function (exports, module, __meta) {\n${body}},`),
    '};',
    'const __modules = new Map();',
    RUNTIME,
    `return __require(${JSON.stringify(ENTRY)});`,
    '}); })(this === globalThis ? {} : module);',
    `//# sourceMappingURL=${MODULES}.map`,
    '',
  ].join('\n');
  const key = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const lines = [
    `// Generated by scripts/bundle.mjs: do not edit. The package's modules are in ${MODULES}.`,
    "import { readFileSync as __readFileSync, renameSync as __renameSync, rmSync as __rmSync, writeFileSync as __writeFileSync } from 'node:fs';",
    "import { createRequire as __createRequire } from 'node:module';",
    "import { Script as __Script } from 'node:vm';",
    ...eager.map((name, i) => `import * as __package${i} from ${JSON.stringify(name)};`),
    `const __packages = new Map([${eager.map((name, i) => `[${JSON.stringify(name)}, __package${i}]`).join(', ')}]);`,
    LOADER.replace('@MODULES@', MODULES).replace('@KEY@', key).trim(),
  ];
  const plain = names.filter((name) => name !== 'default');
  if (plain.length > 0) lines.push(`export const { ${plain.join(', ')} } = __entry;`);
  if (names.includes('default')) lines.push('export default __entry.default;');
  return { entry: `${lines.join('\n')}\n`, script, map: sourceMap(script, modules) };
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
const __nodeRequire = __createRequire(import.meta.url);
const __entry = (process.sourceMapsEnabled ? __nodeRequire(__modulesPath) : __compileModules())(__nodeRequire, __packages, import.meta.url, (specifier) => import(specifier));
function __compileModules() {
  const cache = __readCache();
  const script = new __Script(__readFileSync(__modulesPath, 'utf8'), { filename: __modulesPath, cachedData: cache?.data });
  if (!cache || script.cachedDataRejected || cache.writes < 3) process.once('exit', () => __writeCache(script, script.cachedDataRejected ? 1 : (cache?.writes ?? 0) + 1));
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

/**
 * The bundle's source map (version 3): each line of a module's body mapped to
 * the line of the package's source it came from, so that stack traces can
 * name src/*.ts instead of dist/bundle-modules.cjs (@reactive/bus maps the stack of a
 * hook's error; NODE_OPTIONS=--enable-source-maps maps them all).
 */
function sourceMap(text, modules) {
  const origins = [];
  const starts = new Map();
  text.split('\n').forEach((line, index) => {
    const id = /^("[^"]+"): function \(exports, module, __meta\) \{$/.exec(line)?.[1];
    if (id) starts.set(index + 1, JSON.parse(id));
  });
  for (const [start, id] of starts) modules.get(id).origins.forEach((origin, i) => (origins[start + i] = origin));
  const sources = [...new Set(origins.filter(Boolean).map((o) => o.source))];
  let previous = { source: 0, line: 0, column: 0 };
  const mappings = [];
  const lineCount = text.split('\n').length;
  for (let line = 0; line < lineCount; line++) {
    const origin = origins[line];
    if (!origin) {
      mappings.push('');
      continue;
    }
    const current = { source: sources.indexOf(origin.source), line: origin.line, column: origin.column };
    mappings.push([0, current.source - previous.source, current.line - previous.line, current.column - previous.column].map(vlq).join(''));
    previous = current;
  }
  return `${JSON.stringify({ version: 3, file: MODULES, sources, names: [], mappings: mappings.join(';') })}\n`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A number in the source map's base64 variable-length quantity. */
function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

// The bundle's loader: modules run once, on first require, as CommonJS would run them.
const RUNTIME = `
function __require(id) {
  const loaded = __modules.get(id);
  if (loaded) return loaded.exports;
  const run = __functions[id];
  if (!run) {
    if (__packages.has(id)) return __packages.get(id);
    if (__nodeRequire('node:module').isBuiltin(id)) return __nodeRequire(id);
    throw new Error(\`bundle: package \${id} was required before it was imported\`);
  }
  const module = { exports: {} };
  __modules.set(id, module);
  const meta = __moduleMeta(id);
  run.call(module.exports, module.exports, module, meta);
  return module.exports;
}
async function __import(specifier) {
  if (!(specifier in __functions)) return __dynamicImport(specifier);
  for (const name of __lazyPackages[specifier] ?? []) if (!__packages.has(name)) __packages.set(name, await __dynamicImport(name));
  return __require(specifier);
}
// A module's import.meta, worked out when read: few modules read it.
function __moduleMeta(id) {
  let url, filename;
  return {
    get url() { return (url ??= new URL(id, __bundleUrl).href); },
    get filename() { return (filename ??= __nodeRequire('node:url').fileURLToPath(this.url)); },
    get dirname() { return __nodeRequire('node:path').dirname(this.filename); },
  };
}
`;

const modules = collect();
const { entry, script, map } = render(modules, exportNames());
writeFileSync(join(DIST, MODULES), script);
writeFileSync(join(DIST, `${MODULES}.map`), map);
writeFileSync(join(DIST, OUTPUT), entry);
rmSync(join(DIST, `${OUTPUT}.map`), { force: true });
process.stdout.write(`${join(DIST, MODULES)}: ${modules.size} modules in one script, loaded by ${OUTPUT}\n`);
