import { readFileSync } from 'node:fs';
import { HANDLER_ROOTS } from '@reactive/bus';
import type { Carried } from './carried.js';
import type { Tree } from './compose.js';
import { BuildError } from './errors.js';
import { isTypeScriptSource } from './typescript.js';

const JS_MODULE = /\.[cm]?js$/;
/**
 * A named import of render from @reactive/hookenv: `{ render }`, or
 * `{ log, render as r }`, or with a default import before it. A regex over
 * the source: a namespace import (`hookenv.render`) is not seen.
 */
const IMPORT_FROM_HOOKENV = /\bimport\s+(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]@reactive\/hookenv['"]/g;
const RENDER = /^\s*render(?:\s+as\s+[\w$]+)?\s*$/;

/**
 * Refuses a charm whose modules (those compileTypeScript and
 * checkJavaScriptImports check) import hookenv's render() while the built
 * charm does not carry nunjucks, hookenv's optional peer: the Harness would
 * find it in the author's node_modules (through @reactive/cli), the unit not.
 */
export function checkRenderImports(tree: Tree, carried: Carried): void {
  if (carried.packages.has('nunjucks')) return;
  for (const [rel, file] of tree) {
    if (rel.startsWith('node_modules/') || !(isTypeScriptSource(rel) || (JS_MODULE.test(rel) && inHandlerFolder(rel)))) continue;
    if (importsRender(sourceText(file.content, file.source))) {
      throw new BuildError(
        `${rel}: imports render from @reactive/hookenv, which needs nunjucks: add "nunjucks" to "dependencies" in the charm layer's package.json`,
      );
    }
  }
}

function inHandlerFolder(rel: string): boolean {
  return HANDLER_ROOTS.some((root) => rel.startsWith(`${root}/`)) && !rel.split('/').includes('node_modules');
}

function importsRender(text: string): boolean {
  return [...text.matchAll(IMPORT_FROM_HOOKENV)].some(([, names]) => names!.split(',').some((name) => RENDER.test(name)));
}

function sourceText(content: string | Buffer | undefined, source: string | undefined): string {
  if (content !== undefined) return content.toString();
  return source ? readFileSync(source, 'utf8') : '';
}
