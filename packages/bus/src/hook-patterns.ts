import { hookName } from '@reactive/hookenv';
import { handlerCharmDir } from './handler-charm-dir.js';
import { relationNames } from './metadata.js';

const ROLE_PATTERN = /\{([^{}:]+):([^{}]+)\}/;
const CHOICE_PATTERN = /\{([^{}:]*)\}/;

/**
 * Expands a hook pattern: each `{ROLE:INTERFACE}` (ROLE is provides, requires
 * or peers) becomes every relation name using that interface in that role, then
 * each `{a,b}` becomes each alternative. A pattern with no match expands to nothing.
 */
export function expandHookPattern(pattern: string): string[] {
  const role = ROLE_PATTERN.exec(pattern);
  if (role) {
    const names = ['provides', 'requires', 'peers'].includes(role[1]!) ? relationNames(role[1]!, role[2]!, handlerCharmDir()) : [];
    return names.flatMap((name) => expandHookPattern(pattern.replace(role[0], name)));
  }
  const choice = CHOICE_PATTERN.exec(pattern);
  if (choice) return choice[1]!.split(',').flatMap((part) => expandHookPattern(pattern.replace(choice[0], part)));
  return [pattern];
}

/** Whether the current hook matches any of the patterns. */
export function anyHook(...patterns: string[]): boolean {
  const current = hookName();
  return patterns.some((pattern) => expandHookPattern(pattern).includes(current));
}
