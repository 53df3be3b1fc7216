import { type CharmModel, loadCharmModel } from '../charm-model.js';
import { report } from '../listing.js';

/** Kinds whose flags must be set for the handler to run. */
const NEEDS_SET = new Set(['when', 'whenAll']);
const ENDPOINT_FLAG = /^endpoint\.([^.]+)\./;

/**
 * `reactive lint [CHARM_DIR]`: flags read but never set, handlers that can
 * never run, modules that do not load (hook() with when(), ...), and flag
 * names this framework never sets (Python's `{relation_name}`, a config
 * option or endpoint the charm does not have). Exit 1 with one line per
 * finding; nothing and exit 0 when there is none.
 */
export async function lintCommand(dir: string): Promise<{ output: object; exitCode: number }> {
  const model = await loadCharmModel(dir);
  const { configOptionOf } = await import('@reactive/layer-basic');
  const findings = lint(model, configOptionOf);
  return { output: report(findings.map((line) => `${line}\n`).join(''), findings), exitCode: findings.length > 0 ? 1 : 0 };
}

function lint(model: CharmModel, configOptionOf: (flag: string) => string | undefined): string[] {
  const findings = [...model.problems];
  const isSet = (flag: string) => model.setSomewhere.has(flag) || model.frameworkSets(flag);
  for (const handler of model.handlers) {
    const required = new Set<string>();
    const forbidden = new Set<string>();
    for (const condition of handler.conditions) {
      for (const flag of condition.flags ?? []) {
        const naming = namingProblem(model, flag, configOptionOf);
        if (naming) findings.push(`${handler.id}: flag ${flag}: ${naming}`);
        else if (!isSet(flag) && condition.kind !== 'whenNot' && condition.kind !== 'whenNone' && condition.kind !== 'whenNotAll') {
          findings.push(`${handler.id}: reads flag ${flag}, which nothing sets${NEEDS_SET.has(condition.kind) ? ': the handler can never run' : ''}`);
        }
        if (NEEDS_SET.has(condition.kind)) required.add(flag);
        if (condition.kind === 'whenNot' || condition.kind === 'whenNone') forbidden.add(flag);
      }
    }
    for (const flag of required) if (forbidden.has(flag)) findings.push(`${handler.id}: needs flag ${flag} both set and not set: the handler can never run`);
  }
  return [...new Set(findings)];
}

/** Why a flag name cannot match anything this framework sets, or undefined. */
function namingProblem(model: CharmModel, flag: string, configOptionOf: (flag: string) => string | undefined): string | undefined {
  if (flag.includes('{relation_name}')) return "{relation_name} is the Python RelationBase's placeholder; an Endpoint's handlers use {endpoint_name}";
  const option = configOptionOf(flag);
  if (option !== undefined && !model.configOptions.includes(option)) {
    const near = model.configOptions.find((o) => o.replace(/[-_]/g, '') === option.replace(/[-_]/g, ''));
    return `config.yaml has no option ${option}${near ? ` (it has ${near})` : ''}`;
  }
  const endpoint = ENDPOINT_FLAG.exec(flag)?.[1];
  if (endpoint !== undefined && !endpoint.includes('{') && !model.endpoints.includes(endpoint)) return `metadata.yaml has no endpoint ${endpoint}`;
  return undefined;
}
