import { clearFlag, setFlag } from '@reactive/flags';
import { hookName, secretLabel } from '@reactive/hookenv';

/** The event of each secret hook, as its flags name it. */
const EVENTS: Record<string, string> = {
  'secret-changed': 'changed',
  'secret-rotate': 'rotate',
  'secret-expired': 'expired',
  'secret-remove': 'remove',
};

/**
 * The flags of a secret hook: `secret.<event>` always, and
 * `secret.<event>.<label>` when the secret has a label (the label the charm
 * gave it with secret-add or secret-get --label).
 */
export function secretFlags(event: string, label?: string): string[] {
  return label ? [`secret.${event}`, `secret.${event}.${label}`] : [`secret.${event}`];
}

/** At the start of a secret hook: its flags. */
export function setSecretFlags(): void {
  for (const flag of thisHookFlags()) setFlag(flag);
}

/** At the end of a successful secret hook: its flags last only for the hook that set them. */
export function clearSecretFlags(): void {
  for (const flag of thisHookFlags()) clearFlag(flag);
}

function thisHookFlags(): string[] {
  const event = EVENTS[hookName()];
  return event ? secretFlags(event, secretLabel()) : [];
}
