// `reactive sim run UNIT ACTION [KEY=VALUE...]`: runs an action of the unit's
// charm (as last built: `reactive sim` alone builds the charm layers again) as
// `juju run` does, prints its results (YAML, as Juju prints them) and its
// output, then runs the hooks its writes queued.
import type { ActionResult } from '@reactive/harness';
import { report } from '../listing.js';
import type { Input, Outcome } from '../registry.js';
import { loadModel, modelErrors, settle } from './sim-session.js';

export async function runActionCommand([unit, action, ...pairs]: string[], input: Input): Promise<Outcome> {
  const { sim, simulation } = await loadModel(input);
  return modelErrors(sim, async () => {
    const params = sim.parseActionArgs(pairs);
    const result = await simulation.runAction(unit!, action!, params);
    for (const line of result.log) input.progress?.(`${unit} ${action}: ${line}`);
    const after = await settle(sim, simulation, input, { rebuild: false });
    const failed = result.status === 'failed' ? `action ${action} on ${unit} failed: ${result.message}` : undefined;
    const error = failed ?? after.error;
    return { output: report(await resultText(result), { ...result, hooks: after.output }), ...(error ? { exitCode: 1, error } : {}) };
  });
}

/** The results as Juju prints them (YAML, a dotted key nested), then the action's output. */
async function resultText(result: ActionResult): Promise<string> {
  const { stringify } = await import('yaml');
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.results).sort(([a], [b]) => a.localeCompare(b))) {
    const path = key.split('.');
    let bag = nested;
    for (const part of path.slice(0, -1)) bag = (bag[part] ??= {}) as Record<string, unknown>;
    bag[path.at(-1)!] = value;
  }
  const results = Object.keys(nested).length ? stringify(nested) : '';
  const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
  return `${results}${results && output ? '\n' : ''}${output}`;
}
