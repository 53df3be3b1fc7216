import { posix } from 'node:path';
import type { Message, Plugin } from 'esbuild';
import { HANDLER_ROOTS } from '@reactive/bus';
import { importProblem, type Carried } from './carried.js';
import type { Tree } from './compose.js';
import { compileError } from './typescript.js';

const JS_MODULE = /\.[cm]?js$/;
const PLUGIN = 'reactive-carried-imports';

/**
 * Refuses a bare import, in the JavaScript a unit loads (the modules of the
 * handler folders, which holds the interfaces, and the modules they import by
 * relative path), of a package the built charm does not carry: on the unit it
 * fails as "Cannot find package", while the Harness and the simulator find
 * the author's node_modules. esbuild reads the modules (nothing is written);
 * a module it cannot parse is left to fail where it runs, as it would anyway.
 */
export async function checkJavaScriptImports(tree: Tree, carried: Carried): Promise<void> {
  const relOf = new Map<string, string>();
  for (const [rel, file] of tree) {
    if (file.source && JS_MODULE.test(rel) && HANDLER_ROOTS.some((root) => rel.startsWith(`${root}/`)) && !rel.split('/').includes('node_modules')) {
      relOf.set(file.source, rel);
    }
  }
  if (relOf.size === 0) return;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [...relOf.keys()],
    outdir: '/nowhere',
    absWorkingDir: '/',
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [carriedImports(tree, relOf, carried)],
  }).catch((error: { errors?: Message[] }) => {
    const refused = (error.errors ?? []).filter((message) => message.pluginName === PLUGIN);
    if (refused.length > 0) throw compileError({ errors: refused });
  });
}

/** Follows relative imports of JavaScript the built charm has, and checks every bare import. */
function carriedImports(tree: Tree, relOf: Map<string, string>, carried: Carried): Plugin {
  return {
    name: PLUGIN,
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (/^\.\.?(\/|$)/.test(args.path)) {
          const target = posix.join(posix.dirname(relOf.get(args.importer)!), args.path);
          const source = tree.get(target)?.source;
          if (!source || !JS_MODULE.test(target)) return { path: args.path, external: true };
          relOf.set(source, target);
          return { path: source };
        }
        const problem = importProblem(args.path, carried);
        return problem ? { errors: [{ text: problem }] } : { path: args.path, external: true };
      });
    },
  };
}
