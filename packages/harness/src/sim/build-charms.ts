import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCharmLayer } from '@reactive/layer-basic';
import { packagesDir } from '../packages-dir.js';
import { isExecutable } from './charm.js';
import type { ModelSpec } from './spec.js';

export interface BuildCharmsOptions {
  /** Where the layers a charm layer includes are found (as `reactive build`'s LAYER_PATH). */
  layerPath?: string[];
  /** Where the interface layers are found (as INTERFACE_PATH). */
  interfacePath?: string[];
  /** Each build's progress and warnings, one line each (prefixed with the application in buildCharmLayers). */
  log?: (line: string) => void;
}

/**
 * Whether the simulator builds `dir` before running it: a charm layer (a
 * layer.yaml) that has nothing a built charm has. A build writes
 * .build.manifest and the hooks (an executable `dispatch` or `hooks/install`);
 * a charm with any of them, prebuilt or unpacked from a .charm without its
 * manifest, runs as it is.
 */
export function needsBuild(dir: string): boolean {
  return isCharmLayer(dir) && !isExecutable(join(dir, 'dispatch')) && !isExecutable(join(dir, 'hooks', 'install'));
}

/**
 * Builds the model's charm layers (see {@link needsBuild}) into `<stateDir>/charms/<app>`, and returns the model with
 * those charms (each application's `source` is its layer). Their packages are
 * not copied: `node_modules` links to the ones this package uses. Built charms
 * are used as they are. Nothing is written into the layers.
 */
export async function buildCharmLayers(spec: ModelSpec, stateDir: string, opts: BuildCharmsOptions = {}): Promise<ModelSpec> {
  const applications: ModelSpec['applications'] = {};
  for (const [name, app] of Object.entries(spec.applications)) {
    if (!needsBuild(app.charm)) {
      applications[name] = app;
      continue;
    }
    const charm = await buildApplicationCharm(name, app.charm, join(stateDir, 'charms', name), opts, app.charmSpelled);
    applications[name] = { ...app, charm, source: app.charm };
  }
  return { ...spec, applications };
}

/** Builds application `name`'s charm layer `source` into `output`, saying so first (`<name>: ` before each line of the build's log). */
export async function buildApplicationCharm(name: string, source: string, output: string, opts: BuildCharmsOptions, spelled = source): Promise<string> {
  const log = opts.log && ((line: string) => opts.log!(`${name}: ${line}`));
  log?.(`building the charm layer ${spelled}`);
  mkdirSync(dirname(output), { recursive: true });
  return buildRunnableCharm(source, output, { ...opts, ...(log ? { log } : {}) });
}

/**
 * Builds the charm layer `source` into `output`, to run in this process: its
 * `node_modules` links to the packages this one uses (the charm and its
 * runner share one copy of each). Returns `output`.
 */
export async function buildRunnableCharm(source: string, output: string, opts: BuildCharmsOptions = {}): Promise<string> {
  const { build } = await import('@reactive/build');
  await build({
    source,
    output,
    force: true,
    vendor: false,
    mapsToLayers: true,
    ...(opts.layerPath ? { layerPath: opts.layerPath } : {}),
    ...(opts.interfacePath ? { interfacePath: opts.interfacePath } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  rmSync(join(output, 'node_modules'), { force: true });
  symlinkSync(packagesDir(), join(output, 'node_modules'));
  return output;
}
