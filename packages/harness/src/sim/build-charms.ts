import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isCharmLayer } from '@reactive/layer-basic';
import { packagesDir } from '../packages-dir.js';
import type { ModelSpec } from './spec.js';

export interface BuildCharmsOptions {
  layerPath?: string[];
  interfacePath?: string[];
  /** Each build's progress and warnings, one line each (prefixed with the application in buildCharmLayers). */
  log?: (line: string) => void;
}

/**
 * Builds the model's charm layers (folders with a layer.yaml and no
 * .build.manifest) into `<stateDir>/charms/<app>`, and returns the model with
 * those charms. Their packages are not copied: `node_modules` links to the
 * ones this package uses. Built charms are used as they are.
 */
export async function buildCharmLayers(spec: ModelSpec, stateDir: string, opts: BuildCharmsOptions = {}): Promise<ModelSpec> {
  const applications: ModelSpec['applications'] = {};
  for (const [name, app] of Object.entries(spec.applications)) {
    if (!isCharmLayer(app.charm)) {
      applications[name] = app;
      continue;
    }
    mkdirSync(join(stateDir, 'charms'), { recursive: true });
    const log = opts.log && ((line: string) => opts.log!(`${name}: ${line}`));
    log?.(`building the charm layer ${app.charmSpelled ?? app.charm}`);
    applications[name] = { ...app, charm: await buildRunnableCharm(app.charm, join(stateDir, 'charms', name), { ...opts, ...(log ? { log } : {}) }) };
  }
  return { ...spec, applications };
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
  symlinkSync(packagesDir(), join(output, 'node_modules'));
  return output;
}
