import type { ConditionSummary } from '@reactive/bus';
import { type CharmModel, type HandlerModel, loadCharmModel } from '../charm-model.js';
import { UsageError } from '../errors.js';
import { report } from '../listing.js';

/** An edge of the graph: a flag read by a handler (with the decorator's kind) or set/cleared by one. */
interface Edge {
  from: string;
  to: string;
  label: string;
  /** A negative read (whenNot, whenNotAll) or a clear. */
  negative: boolean;
}

/**
 * `reactive graph [CHARM_DIR] [--format dot|mermaid]`: the charm's handlers
 * and the flags they read and set, from discovery alone (no hook runs); sets
 * and clears are found by scanning the handlers' sources for literal names.
 */
export async function graphCommand(dir: string, options: Record<string, string | undefined>): Promise<object> {
  const format = options.format ?? 'dot';
  if (format !== 'dot' && format !== 'mermaid') throw new UsageError(`--format: expected dot or mermaid, got ${format}`);
  const model = await loadCharmModel(dir);
  const edges = graphEdges(model.handlers);
  const text = format === 'dot' ? dot(model, edges) : mermaid(model, edges);
  return report(text, { handlers: model.handlers, problems: model.problems });
}

const NEGATIVE_READS = new Set(['whenNot', 'whenNone', 'whenNotAll']);

function graphEdges(handlers: HandlerModel[]): Edge[] {
  const edges: Edge[] = [];
  for (const handler of handlers) {
    for (const condition of handler.conditions) {
      for (const flag of condition.flags ?? [])
        edges.push({ from: flag, to: handler.id, label: kindLabel(condition), negative: NEGATIVE_READS.has(condition.kind) });
    }
    for (const flag of handler.sets) edges.push({ from: handler.id, to: flag, label: 'set', negative: false });
    for (const flag of handler.clears.filter((f) => !handler.sets.includes(f))) edges.push({ from: handler.id, to: flag, label: 'clear', negative: true });
  }
  return edges;
}

function kindLabel(condition: ConditionSummary): string {
  return condition.kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function flagsOf(edges: Edge[], handlers: HandlerModel[]): string[] {
  const ids = new Set(handlers.map((h) => h.id));
  return [...new Set(edges.flatMap((e) => [e.from, e.to]).filter((node) => !ids.has(node)))].sort();
}

function dot(model: CharmModel, edges: Edge[]): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = ['digraph reactive {', '  rankdir=LR;', '  node [fontname="sans-serif", fontsize=10];'];
  for (const handler of model.handlers) {
    const hooks = handler.conditions.filter((c) => c.kind === 'hook').flatMap((c) => c.patterns ?? []);
    const label = hooks.length > 0 ? `${handler.id}\\nhook ${hooks.join(', ')}` : handler.id;
    lines.push(`  ${q(handler.id)} [shape=box, label="${label.replaceAll('"', '\\"')}"];`);
  }
  for (const flag of flagsOf(edges, model.handlers)) lines.push(`  ${q(flag)} [shape=ellipse];`);
  for (const edge of edges) lines.push(`  ${q(edge.from)} -> ${q(edge.to)} [label=${q(edge.label)}${edge.negative ? ', style=dashed' : ''}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaid(model: CharmModel, edges: Edge[]): string {
  const ids = new Map<string, string>();
  const node = (name: string, prefix: string) => {
    if (!ids.has(name)) ids.set(name, `${prefix}${ids.size}`);
    return ids.get(name)!;
  };
  const text = (value: string) => value.replaceAll('"', '#quot;');
  const lines = ['flowchart LR'];
  for (const handler of model.handlers) lines.push(`  ${node(handler.id, 'h')}["${text(handler.id)}"]`);
  for (const flag of flagsOf(edges, model.handlers)) lines.push(`  ${node(flag, 'f')}(["${text(flag)}"])`);
  for (const edge of edges) lines.push(`  ${ids.get(edge.from)} ${edge.negative ? '-.->' : '-->'}|${edge.label}| ${ids.get(edge.to)}`);
  return `${lines.join('\n')}\n`;
}
