import { builtinModules } from 'node:module';

/** The npm packages a charm's own modules may import: what the built charm carries in its node_modules/. */
export interface Carried {
  /** The charm's dependencies: the layers' and interfaces' `dependencies`, the layer packages, the CLI for external handlers. */
  packages: ReadonlySet<string>;
  /** Each package a layer's package.json lists in `devDependencies` only, with that package.json: never carried. */
  devOnly: ReadonlyMap<string, string>;
}

/**
 * Why a bare import of a charm module would fail on the unit, or undefined:
 * a package the built charm does not carry (in the Harness and the simulator
 * it would load anyway, from the node_modules the author installed).
 */
export function importProblem(spec: string, carried: Carried): string | undefined {
  const name = packageName(spec);
  if (!name || carried.packages.has(name) || isBuiltin(spec)) return undefined;
  const devFile = carried.devOnly.get(name);
  const missing = `imports ${JSON.stringify(spec)}, which the built charm does not carry`;
  return devFile
    ? `${missing}: it is a devDependency (${devFile}); move it to "dependencies" there`
    : `${missing}: add ${name} to "dependencies" in the charm layer's package.json`;
}

/** `@scope/name` or `name` of a bare import; undefined for a relative or absolute path or a URL. */
function packageName(spec: string): string | undefined {
  if (/^\.\.?(\/|$)/.test(spec) || spec.startsWith('/') || (/^[a-z]+:/.test(spec) && !spec.startsWith('node:'))) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!) || builtinModules.includes(spec);
}
