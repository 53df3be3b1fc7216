import { basename, dirname, extname, posix } from 'node:path';
import type { Message, Plugin } from 'esbuild';
import type { OutFile, Tree } from './compose.js';
import { importProblem, type Carried } from './carried.js';
import { BuildError } from './errors.js';

/** A TypeScript source's ending -> its compiled module's, and the module format it compiles to. */
const COMPILED: Record<string, { ext: string; format: 'esm' | 'cjs' }> = {
  '.ts': { ext: '.js', format: 'esm' },
  '.mts': { ext: '.mjs', format: 'esm' },
  '.cts': { ext: '.cjs', format: 'cjs' },
};
/** A compiled module's ending -> its TypeScript source's. */
const COMPILED_FROM: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };
/** Node's line of the oldest Node a charm runs on; esbuild lowers nothing newer than it. */
const TARGET = 'node22';

/** Whether `rel` is TypeScript to compile (declarations are for the type-checker only). */
export function isTypeScriptSource(rel: string): boolean {
  return extname(rel) in COMPILED && !/\.d\.[cm]?ts$/.test(rel);
}

/** Whether `rel` is a TypeScript declaration file, which the built charm leaves out. */
export function isTypeDeclaration(rel: string): boolean {
  return /\.d\.[cm]?ts$/.test(rel);
}

/** The path a TypeScript source compiles to: `reactive/x.ts` -> `reactive/x.js`. */
export function compiledPath(rel: string): string {
  const ext = extname(rel);
  return rel.slice(0, -ext.length) + COMPILED[ext]!.ext;
}

export interface CompileOptions {
  /** The npm packages the built charm carries: a bare import of any other package is refused. */
  carried: Carried;
  /** Give each map the folder of its source as `sourceRoot` (see BuildOptions.mapsToLayers). */
  mapsToLayers?: boolean;
  log: (line: string) => void;
}

/**
 * Compiles the TypeScript of a composed charm in place: each `.ts`/`.mts`/
 * `.cts` file becomes the `.js`/`.mjs`/`.cjs` beside it, with a source map
 * (`x.js.map`, whose source is `x.ts`) so that handler ids and stack frames
 * name the TypeScript file and line; declarations (`.d.ts`) are dropped. One
 * module per source, as written: modules keep one instance each, relative
 * imports of TypeScript files (`./util.js`, `./util.ts` or `./util`) are
 * pointed at the compiled file, and a bare import must name a package the
 * built charm carries. Types are not checked here (`tsc --noEmit` does that).
 */
export async function compileTypeScript(tree: Tree, opts: CompileOptions): Promise<void> {
  for (const rel of [...tree.keys()]) if (isTypeDeclaration(rel) && !rel.startsWith('node_modules/')) tree.delete(rel);
  const sources = [...tree].filter(([rel]) => isTypeScriptSource(rel) && !rel.startsWith('node_modules/'));
  if (sources.length === 0) return;
  const byPath = new Map<string, string>();
  for (const [rel, file] of sources) {
    if (!file.source) throw new BuildError(`${rel}: a generated TypeScript file cannot be compiled`);
    const out = compiledPath(rel);
    const other = tree.get(out);
    if (other) throw new BuildError(`${file.source} and ${other.source ?? out} would both be ${out} in the built charm: remove one`);
    byPath.set(file.source, rel);
  }
  const { build } = await import('esbuild');
  const compiled: [string, OutFile, { path: string; text: string }[]][] = [];
  for (const [ending, { ext, format }] of Object.entries(COMPILED)) {
    const group = sources.filter(([rel]) => extname(rel) === ending);
    if (group.length === 0) continue;
    const result = await build({
      entryPoints: group.map(([rel, file]) => ({ in: file.source!, out: rel.slice(0, -extname(rel).length) })),
      outdir: '/',
      absWorkingDir: '/',
      outExtension: { '.js': ext },
      bundle: true,
      write: false,
      format,
      platform: 'node',
      target: TARGET,
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [importsAsWritten(byPath, tree, opts.carried)],
    }).catch((error: { errors?: Message[] }) => {
      throw compileError(error);
    });
    for (const [rel, file] of group) compiled.push([rel, file, result.outputFiles]);
  }
  for (const [rel, file, outputs] of compiled) addCompiled(tree, rel, file, outputs, opts.mapsToLayers ?? false);
  opts.log(`compiled ${sources.length} TypeScript file${sources.length === 1 ? '' : 's'}`);
}

/** Replaces the source in the tree with its compiled module and map. */
function addCompiled(tree: Tree, rel: string, file: OutFile, outputs: { path: string; text: string }[], mapsToLayers: boolean): void {
  const out = compiledPath(rel);
  const code = outputs.find((o) => o.path === `/${out}`)!;
  const map = JSON.parse(outputs.find((o) => o.path === `/${out}.map`)!.text) as { sources: string[]; sourceRoot?: string };
  map.sources = [basename(rel)];
  if (mapsToLayers) map.sourceRoot = `${dirname(file.source!)}/`;
  tree.delete(rel);
  tree.set(out, { content: code.text, mode: file.mode & ~0o111, owner: file.owner, kind: 'dynamic' });
  tree.set(`${out}.map`, { content: JSON.stringify(map), mode: 0o644, owner: file.owner, kind: 'dynamic' });
}

/**
 * Leaves every import to Node, as written, but for the relative imports of
 * TypeScript sources, which are pointed at their compiled files; refuses a
 * package the charm does not depend on, and a relative import of a file the
 * built charm does not carry.
 */
function importsAsWritten(byPath: ReadonlyMap<string, string>, tree: Tree, carried: Carried): Plugin {
  return {
    name: 'reactive-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (/^\.\.?(\/|$)/.test(args.path)) {
          const path = relativeImport(tree, byPath.get(args.importer)!, args.path);
          return path === undefined ? { errors: [{ text: missingImport(byPath.get(args.importer)!, args.path) }] } : { path, external: true };
        }
        const problem = importProblem(args.path, carried);
        return problem ? { errors: [{ text: problem }] } : { path: args.path, external: true };
      });
    },
  };
}

/** Endings tried for a relative import without one, as TypeScript resolves them. */
const TRIED = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];

/**
 * A relative import as the built charm resolves it (the layers composed, so a
 * module may import a lower layer's): a TypeScript source's compiled module,
 * else the file as written; an error when the built charm has no such file.
 */
function relativeImport(tree: Tree, from: string, spec: string): string | undefined {
  const target = posix.join(posix.dirname(from), spec);
  const ext = posix.extname(target);
  const candidates = [target];
  if (ext in COMPILED_FROM) candidates.push(target.slice(0, -ext.length) + COMPILED_FROM[ext]);
  if (!(ext in COMPILED_FROM) && !(ext in COMPILED)) candidates.push(...TRIED.map((ending) => target + ending));
  const found = candidates.find((candidate) => tree.has(candidate));
  if (found === undefined) return undefined;
  if (!isTypeScriptSource(found)) return found === target ? spec : relativeSpec(from, found);
  return relativeSpec(from, compiledPath(found));
}

function missingImport(from: string, spec: string): string {
  const outside = posix.join(posix.dirname(from), spec).startsWith('../');
  return `cannot find ${JSON.stringify(spec)} in the built charm${outside ? ': it is outside the charm (a module of another layer is imported from its place in the built charm, such as hooks/relations/NAME/; only a type-only import may reach into another folder)' : ''}`;
}

function relativeSpec(from: string, to: string): string {
  const spec = posix.relative(posix.dirname(from), to);
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/** esbuild's first error as one line: `file:line:column: message` (and how many more). */
export function compileError(error: { errors?: Message[]; message?: string }): BuildError {
  const [first, ...rest] = error.errors ?? [];
  if (!first) return new BuildError(`TypeScript compile failed: ${error.message ?? String(error)}`);
  const where = first.location ? `/${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more error${rest.length === 1 ? '' : 's'})` : '';
  return new BuildError(`${where}${first.text}${more}`);
}
