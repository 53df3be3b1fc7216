// The model's clock, as secrets see it: `Simulation.advanceTime` moves it on
// and queues the secret-rotate and secret-expired hooks that causes.
import { JujuSecrets } from '@reactive/hookenv';
import { ModelError } from './errors.js';
import { queueSecretHook } from './juju-changes.js';
import type { ModelState } from './state.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `25h`, `90m`, `1d12h`, `30s` or a number of milliseconds; anything else (or nothing) is one line. */
export function readDuration(duration: string | number): number {
  if (typeof duration === 'number' && Number.isFinite(duration) && duration > 0) return duration;
  const text = String(duration);
  if (/^(\d+[smhd])+$/.test(text)) return [...text.matchAll(/(\d+)([smhd])/g)].reduce((ms, [, n, unit]) => ms + Number(n) * UNIT_MS[unit!]!, 0);
  throw new ModelError(`advance-time: ${JSON.stringify(duration)} is not a duration (for example 90m, 25h, 7d)`);
}

export function advanceSecretsClock(model: ModelState, ms: number): void {
  if (!model.secrets) return;
  for (const event of new JujuSecrets(model.secrets).advanceTime(ms)) queueSecretHook(model, event);
}
