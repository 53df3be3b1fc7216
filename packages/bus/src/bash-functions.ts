import type { ConditionSummary } from './condition.js';

/** A function of a bash handler file, with what its `charms.reactive.sh` decorators ask. */
export interface BashFunction {
  name: string;
  /** The line of the function's definition (1-based). */
  line: number;
  conditions: ConditionSummary[];
}

const DECORATOR = /^\s*@(when|when_all|when_any|when_not|when_none|when_not_all|hook|when_file_changed|only_once)\b\s*(.*)$/;
const DEFINITION = /^\s*(?:function\s+([^\s();{}|&<>]+)|([^\s();{}|&<>=#]+)\s*\(\))/;
const KINDS: Record<string, string> = {
  when: 'when',
  when_all: 'whenAll',
  when_any: 'whenAny',
  when_not: 'whenNot',
  when_none: 'whenNone',
  when_not_all: 'whenNotAll',
};

/**
 * The decorated functions of a bash handler's source, read as
 * charms.reactive.sh reads them: decorators on the lines before a function
 * definition (`function name() {`, `name() {`, `function name {`), blank
 * lines and comments between allowed. What the script decides at run time is
 * not seen; a file that does not source charms.reactive.sh has no functions.
 */
export function bashFunctions(source: string): BashFunction[] {
  if (!source.includes('charms.reactive.sh')) return [];
  const functions: BashFunction[] = [];
  let pending: ConditionSummary[] = [];
  source.split('\n').forEach((text, index) => {
    const decorator = DECORATOR.exec(text);
    const definition = DEFINITION.exec(text);
    if (decorator) pending.push(condition(decorator[1]!, words(decorator[2]!)));
    else if (definition && pending.length > 0) {
      const name = definition[1] ?? definition[2]!;
      // Decorators on two definitions of one name add up to one handler.
      const same = functions.find((f) => f.name === name);
      if (same) same.conditions.push(...pending);
      else functions.push({ name, line: index + 1, conditions: pending });
      pending = [];
    } else if (text.trim() !== '' && !text.trim().startsWith('#')) pending = [];
  });
  return functions;
}

function condition(decorator: string, args: string[]): ConditionSummary {
  if (decorator === 'hook') return { kind: 'hook', patterns: args };
  if (decorator === 'when_file_changed') return { kind: 'whenFileChanged', files: args };
  if (decorator === 'only_once') return { kind: 'onlyOnce' };
  return { kind: KINDS[decorator]!, flags: args };
}

/** The words of a decorator's arguments, with shell quotes removed (`'a b' "c" d`). */
function words(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}
