import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { packagesDir } from '../packages-dir.js';
import type { ModelSpec } from './spec.js';

export interface BuildCharmsOptions {
  layerPath?: string[];
  interfacePath?: string[];
  log?: (line: string) => void;
}

/**
 * Builds the model's charm layers (folders with a layer.yaml and no
 * .build.manifest) into `<stateDir>/charms/<app>`, and returns the model with
 * those charms. Their packages are not copied: `node_modules` links to the
 * ones this package uses. Built charms are used as they are.
 */
export async function buildCharmLayers(spec: ModelSpec, stateDir: string, opts: BuildCharmsOptions = {}): Promise<ModelSpec> {
  const { build } = await import('@reactive/layer-basic/build');
  const applications: ModelSpec['applications'] = {};
  for (const [name, app] of Object.entries(spec.applications)) {
    if (!existsSync(join(app.charm, 'layer.yaml')) || existsSync(join(app.charm, '.build.manifest'))) {
      applications[name] = app;
      continue;
    }
    const output = join(stateDir, 'charms', name);
    mkdirSync(join(stateDir, 'charms'), { recursive: true });
    await build({
      source: app.charm,
      output,
      force: true,
      vendor: false,
      ...(opts.layerPath ? { layerPath: opts.layerPath } : {}),
      ...(opts.interfacePath ? { interfacePath: opts.interfacePath } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    symlinkSync(packagesDir(), join(output, 'node_modules'));
    applications[name] = { ...app, charm: output };
  }
  return { ...spec, applications };
}
