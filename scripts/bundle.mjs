#!/usr/bin/env node
// Bundles a package's compiled ES modules (dist/index.js and every module it
// reaches by relative import) into one file, dist/bundle.js, which the
// package's `exports` point at.
//
// Why: a hook is a fresh Node process, and Node 20's ES module loader pays
// about a millisecond per module file (resolution, reading, linking); the
// framework is some sixty modules. One file per package keeps packages
// separate (each still imports the others by name, so every process has one
// instance of each) and loads in a third of the time.
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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, SourceMap } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const DIST = join(process.cwd(), 'dist');
const ENTRY = 'index.js';
const OUTPUT = 'bundle.js';
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
  const lines = [
    `// Generated by scripts/bundle.mjs from the modules in dist/ (${modules.size}): do not edit.`,
    "import { createRequire as __createRequire } from 'node:module';",
    ...eager.map((name, i) => `import * as __package${i} from ${JSON.stringify(name)};`),
    'const __nodeRequire = __createRequire(import.meta.url);',
    `const __packages = new Map([${eager.map((name, i) => `[${JSON.stringify(name)}, __package${i}]`).join(', ')}]);`,
    `const __lazyPackages = ${JSON.stringify(lazy)};`,
    'const __functions = {',
    ...[...modules.values()].map(({ id, body }) => `${JSON.stringify(id)}: function (exports, module, __meta) {\n${body}},`),
    '};',
    'const __modules = new Map();',
    RUNTIME,
    `const __entry = __require(${JSON.stringify(ENTRY)});`,
  ];
  const plain = names.filter((name) => name !== 'default');
  if (plain.length > 0) lines.push(`export const { ${plain.join(', ')} } = __entry;`);
  if (names.includes('default')) lines.push('export default __entry.default;');
  lines.push(`//# sourceMappingURL=${OUTPUT}.map`);
  const text = `${lines.join('\n')}\n`;
  return { text, map: sourceMap(text, modules) };
}

/**
 * The bundle's source map (version 3): each line of a module's body mapped to
 * the line of the package's source it came from, so that stack traces can
 * name src/*.ts instead of dist/bundle.js (@reactive/bus maps the stack of a
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
  return `${JSON.stringify({ version: 3, file: OUTPUT, sources, names: [], mappings: mappings.join(';') })}\n`;
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
  const url = new URL(id, import.meta.url);
  const filename = __nodeRequire('node:url').fileURLToPath(url);
  const meta = { url: url.href, filename, dirname: __nodeRequire('node:path').dirname(filename) };
  run.call(module.exports, module.exports, module, meta);
  return module.exports;
}
async function __import(specifier) {
  if (!(specifier in __functions)) return import(specifier);
  for (const name of __lazyPackages[specifier] ?? []) if (!__packages.has(name)) __packages.set(name, await import(name));
  return __require(specifier);
}
`;

const modules = collect();
const { text, map } = render(modules, exportNames());
writeFileSync(join(DIST, OUTPUT), text);
writeFileSync(join(DIST, `${OUTPUT}.map`), map);
process.stdout.write(`${join(DIST, OUTPUT)}: ${modules.size} modules in one file\n`);
