import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A layer's YAML file and its text. */
export interface YAMLSource {
  file: string;
  text: string;
}

/** Where a key path of a merged charm YAML file was written, in the layers' files. */
export interface Locator {
  /** `file:line` of the key in the highest layer's file that has it; the top file when none does. */
  where(path: readonly string[]): string;
  /** The text a scalar value was written as (`80`, `80.0`, `"80"`), in the highest file that has it. */
  literal(path: readonly string[]): string | undefined;
}

/** A Locator over `sources`, highest layer first; each file is parsed once, when first asked. */
export function locator(sources: readonly YAMLSource[], fallback = sources[0]?.file ?? 'config.yaml'): Locator {
  const parsed = new Map<YAMLSource, { doc: Document; lines: LineCounter }>();
  const open = (source: YAMLSource) => {
    let entry = parsed.get(source);
    if (!entry) {
      const lines = new LineCounter();
      entry = { doc: parseDocument(source.text, { version: '1.1', lineCounter: lines }), lines };
      parsed.set(source, entry);
    }
    return entry;
  };
  const find = (path: readonly string[]) => {
    for (const source of sources) {
      const { doc, lines } = open(source);
      const found = pairAt(doc.contents as Node | null, path);
      if (found) return { source, lines, ...found };
    }
    return undefined;
  };
  return {
    where(path) {
      const found = find(path);
      return found ? `${found.source.file}:${found.lines.linePos(found.offset).line}` : fallback;
    },
    literal(path) {
      const value = find(path)?.value;
      return isScalar(value) ? (value as { source?: string }).source : undefined;
    },
  };
}

/** The offset of the last key of `path` in a YAML node, and its value node. */
function pairAt(node: Node | null, path: readonly string[]): { offset: number; value: unknown } | undefined {
  if (!node) return undefined;
  if (path.length === 0) return node.range ? { offset: node.range[0], value: node } : undefined;
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === path[0]);
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  if (path.length === 1) return { offset: pair.key.range[0], value: pair.value };
  return pairAt(pair.value as Node | null, path.slice(1));
}
