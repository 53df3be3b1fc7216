import { isFlagSet } from '@reactive/flags';
import { hookName } from '@reactive/hookenv';

/**
 * What one decorator asks of a handler, described for people: its kind
 * (`when`, `whenNot`, `hook`, ...), the flags or hook patterns it reads, and
 * why it does not hold at the moment it is asked (called only after its test
 * failed, so a passing hook builds no text).
 */
export interface Condition {
  readonly kind: string;
  readonly flags?: readonly string[];
  readonly patterns?: readonly string[];
  readonly files?: readonly string[];
  explain(): string;
}

/** A condition's kind and what it reads, as the flight record's catalogue of handlers keeps it. */
export interface ConditionSummary {
  kind: string;
  flags?: string[];
  patterns?: string[];
  files?: string[];
}

export function summarise(condition: Condition): ConditionSummary {
  const summary: ConditionSummary = { kind: condition.kind };
  if (condition.flags) summary.flags = [...condition.flags];
  if (condition.patterns) summary.patterns = [...condition.patterns];
  if (condition.files) summary.files = [...condition.files];
  return summary;
}

/** Whether a flag condition of `kind` holds for `flags`, given which flags are set (as its decorator tests it). */
export function flagsHold(kind: string, flags: readonly string[], isSet: (flag: string) => boolean): boolean {
  switch (kind) {
    case 'when':
    case 'whenAll':
      return flags.every(isSet);
    case 'whenAny':
      return flags.some(isSet);
    case 'whenNot':
    case 'whenNone':
      return !flags.some(isSet);
    case 'whenNotAll':
      return !flags.every(isSet);
    default:
      return true;
  }
}

/** Why a flag condition of `kind` does not hold for `flags`, given which flags are set. */
export function explainFlags(kind: string, flags: readonly string[], isSet: (flag: string) => boolean): string {
  switch (kind) {
    case 'when':
    case 'whenAll':
      return `flag ${flags.find((flag) => !isSet(flag)) ?? flags[0]} is not set`;
    case 'whenAny':
      return flags.length === 1 ? `flag ${flags[0]} is not set` : `none of flags ${flags.join(', ')} is set`;
    case 'whenNot':
    case 'whenNone':
      return `flag ${flags.find(isSet) ?? flags[0]} is set`;
    case 'whenNotAll':
      return flags.length === 1 ? `flag ${flags[0]} is set` : `flags ${flags.join(', ')} are all set`;
    default:
      return `${kind} does not hold`;
  }
}

/**
 * The condition of a flag decorator. (Its handler is tested only in the other
 * phase, where dispatch indexes it, so a failure is about flags.)
 */
export function flagCondition(kind: string, flags: readonly string[]): Condition {
  return { kind, flags, explain: () => explainFlags(kind, flags, isFlagSet) };
}

/** The condition of `hook(...patterns)` (tested only in the hooks phase). */
export function hookCondition(patterns: readonly string[]): Condition {
  return { kind: 'hook', patterns, explain: () => `hook ${hookName()} does not match ${patterns.join(', ')}` };
}

/** A condition described by its kind and a fixed reason (file changes, only-once, restricted hooks, external tests). */
export function fixedCondition(kind: string, reason: string, extra: Partial<Pick<Condition, 'files' | 'patterns'>> = {}): Condition {
  return { kind, ...extra, explain: () => reason };
}
