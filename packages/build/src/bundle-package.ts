import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, posix, relative, sep } from 'node:path';
import { isMap, type YamlMap } from './merge.js';

/** The file a bundled package's modules are put in, at the package's root. */
export const BUNDLE_FILE = 'reactive-bundle.cjs';

/** A vendored package as one file: what to write instead of its modules. */
export interface BundledPackage {
  /** Relative path -> content: the bundle, and a one-line stub at each entry point. */
  files: Map<string, string>;
  /** The modules the bundle holds. */
  modules: string[];
}

/** Files of a bundled package that are not copied: its modules, and JavaScript nothing can load (its `exports` map reaches only the bundle's). */
export const MODULE_FILE = /\.[cm]?js$/;

/** Conditions under which Node loads a package: by require(), and by import. */
const REQUIRE_CONDITIONS = ['node', 'require', 'default'];
const IMPORT_CONDITIONS = ['node', 'import', 'default'];

/** A literal `require('...')` call (the only use of `require` a bundled module may make). */
const LITERAL_REQUIRE = /\brequire\s*\(\s*(?:'([^'\\\n]+)'|"([^"\\\n]+)")\s*\)/g;
/** What a module of a bundled package may not do: look at its own file, or the loader, or load by anything but a literal require. */
const UNBUNDLABLE =
  /\b__dirname\b|\b__filename\b|\bimport\s*\(|\bimport\.meta\b|\bmodule\.(?:parent|children|paths|filename|id|require)\b|^\s*(?:import|export)\s/m;

/**
 * A vendored CommonJS package as one file, if it can be shown to load the
 * same: it has an `exports` map (so nothing outside it reaches its other
 * files), every entry point is the same CommonJS file for require() and for
 * import, and every module it reaches only ever uses `require` as a call
 * with a literal name that resolves to a module of the package, a JSON file
 * of it, another package or a builtin, and never looks at its own file
 * (`__dirname`, `import.meta`, `module.parent`, dynamic `import()`). Anything
 * else leaves the package as it is (undefined). A package of seventy modules
 * (yaml) is then one file the unit reads, not seventy; its other JavaScript
 * files (a command-line tool, test helpers) no entry point reaches.
 */
export function bundlePackage(dir: string, manifest: YamlMap): BundledPackage | undefined {
  if (manifest.type === 'module' || manifest.exports === undefined) return undefined;
  const entries = entryPoints(manifest.exports);
  if (!entries || entries.length === 0) return undefined;
  const modules = new Map<string, { source: string; requires: Map<string, string> }>();
  const queue = entries.map((entry) => posix.normalize(entry));
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (modules.has(id)) continue;
    const found = readModule(dir, id);
    if (!found) return undefined;
    modules.set(id, found);
    for (const target of found.requires.values()) if (target !== '' && !modules.has(target)) queue.push(target);
  }
  const files = new Map<string, string>([[BUNDLE_FILE, render(String(manifest.name), String(manifest.version), modules)]]);
  for (const entry of new Set(entries.map((e) => posix.normalize(e)))) {
    const toBundle = posix.relative(posix.dirname(entry), BUNDLE_FILE);
    files.set(entry, `module.exports = require(${JSON.stringify(toBundle.startsWith('.') ? toBundle : `./${toBundle}`)})(${JSON.stringify(entry)});\n`);
  }
  return { files, modules: [...modules.keys()] };
}

/** The files an `exports` map points at, the same for require() and import; undefined if any differ, or use patterns or arrays. */
function entryPoints(exports: unknown): string[] | undefined {
  const subpaths = isMap(exports) && Object.keys(exports).some((key) => key.startsWith('.')) ? Object.entries(exports) : [['.', exports] as const];
  const entries: string[] = [];
  for (const [subpath, target] of subpaths) {
    if (subpath.includes('*')) return undefined;
    const byRequire = conditionalTarget(target, REQUIRE_CONDITIONS);
    const byImport = conditionalTarget(target, IMPORT_CONDITIONS);
    if (byRequire !== byImport) return undefined;
    if (byRequire === null) continue;
    if (!byRequire?.startsWith('./')) return undefined;
    if (subpath === './package.json' && byRequire === './package.json') continue;
    entries.push(byRequire.slice(2));
  }
  return entries;
}

/** What a conditional export resolves to under `conditions`: a path, null (no match), or undefined (not understood). */
function conditionalTarget(target: unknown, conditions: string[]): string | null | undefined {
  if (typeof target === 'string') return target;
  if (target === null) return null;
  if (!isMap(target)) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!conditions.includes(condition)) continue;
    const found = conditionalTarget(value, conditions);
    if (found !== null) return found;
  }
  return null;
}

/** A module of the package: its source, and each literal require -> the module id it loads ('' for another package or a builtin). */
function readModule(dir: string, id: string): { source: string; requires: Map<string, string> } | undefined {
  if (!['.js', '.cjs', '.json'].includes(extname(id))) return undefined;
  let source: string;
  try {
    source = readFileSync(join(dir, id), 'utf8');
  } catch {
    return undefined;
  }
  if (extname(id) === '.json') return { source, requires: new Map() };
  if (source.startsWith('#!') || UNBUNDLABLE.test(source)) return undefined;
  const literal = [...source.matchAll(LITERAL_REQUIRE)];
  if (literal.length !== (source.match(/\brequire\b/g) ?? []).length) return undefined;
  const requires = new Map<string, string>();
  const resolve = createRequire(join(dir, id));
  for (const match of literal) {
    const specifier = (match[1] ?? match[2])!;
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
      if (specifier === '.' || specifier === '..') return undefined;
      requires.set(specifier, '');
      continue;
    }
    let path: string;
    try {
      path = resolve.resolve(specifier);
    } catch {
      return undefined;
    }
    const rel = relative(dir, path);
    if (rel.startsWith('..')) return undefined;
    requires.set(specifier, rel.split(sep).join('/'));
  }
  return { source, requires };
}

function render(name: string, version: string, modules: Map<string, { source: string; requires: Map<string, string> }>): string {
  const ids = [...modules.keys()];
  const parts = [
    `// Generated by reactive build: the ${ids.length} modules of ${name}@${version} in one file. Its entry points load them from here.`,
    "'use strict';",
    'const modules = {',
  ];
  for (const [id, { source, requires }] of modules) {
    const table = Object.fromEntries([...requires].filter(([, target]) => target !== ''));
    if (extname(id) === '.json') {
      parts.push(`${JSON.stringify(id)}: [{}, function (exports, require, module) { module.exports = ${JSON.stringify(JSON.parse(source))}; }],`);
    } else {
      parts.push(`${JSON.stringify(id)}: [${JSON.stringify(table)}, function (exports, require, module) {\n${source}\n}],`);
    }
  }
  parts.push('};', LOADER);
  return `${parts.join('\n')}\n`;
}

// Runs each module once, on first require, as Node's CommonJS loader would:
// cached before it runs (so cycles see partial exports), `this` its exports.
const LOADER = `const loaded = new Map();
function load(id) {
  const known = loaded.get(id);
  if (known) return known.exports;
  const [table, run] = modules[id];
  const module = { exports: {}, loaded: false };
  loaded.set(id, module);
  const local = (specifier) => (Object.hasOwn(table, specifier) ? load(table[specifier]) : require(specifier));
  run.call(module.exports, module.exports, local, module);
  module.loaded = true;
  return module.exports;
}
module.exports = load;`;
