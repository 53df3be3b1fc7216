// Resources in the simulator: a charm's resources (metadata.yaml
// `resources:`), the files the model file gives for them
// (`resources: {name: ./path}` under an application), and resource-get.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { resourceNotFound, ToolRefusal } from '@reactive/hookenv';
import { ModelError } from './errors.js';
import type { ToolContext } from './tools.js';
import { readYAMLFile } from './yaml.js';

/** The names of the resources the charm in `dir` declares. */
export function charmResources(dir: string): string[] {
  const metadata = readYAMLFile(join(dir, 'metadata.yaml'));
  const section = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>).resources : undefined;
  return section !== null && typeof section === 'object' && !Array.isArray(section) ? Object.keys(section) : [];
}

/**
 * The model file's `resources:` of application `app` (absolute paths),
 * checked: a name the charm does not declare or a file that is not there is
 * one line naming both.
 */
export function checkResources(app: string, given: Record<string, string>, declared: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, path] of Object.entries(given)) {
    if (!declared.includes(name)) {
      throw new ModelError(
        `application "${app}": unknown resource "${name}" (${declared.length ? `the charm's resources: ${declared.join(', ')}` : 'the charm has no resources'})`,
      );
    }
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new ModelError(`application "${app}": resource "${name}": no file at ${path}`);
    out[name] = path;
  }
  return out;
}

/** resource-get in the simulator: the file the model gives, else Juju's refusal (as for a resource never uploaded). */
export function resourceBackend(ctx: ToolContext) {
  return {
    resourceGet: (name: string) => {
      const path = ctx.view.applications[ctx.app]?.resources?.[name];
      if (path === undefined) throw new ToolRefusal(resourceNotFound(name), 1);
      return path;
    },
  };
}
