// What Juju accepts in a secret's content and settings (core/secrets:
// createsecret.go, rotate.go; the jujuc secret-add/secret-set commands).
// Each refusal is Juju's text, and a command-line error (exit 2): Juju
// checks all of this in the command's Init.
import { goQuote, ToolRefusal } from './tool-refusal.js';

/** How often the owner is asked to rotate a secret (`--rotate`). */
export const SECRET_ROTATE_POLICIES = ['never', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;

export type SecretRotatePolicy = (typeof SECRET_ROTATE_POLICIES)[number];

/** The most a value may take base64-encoded, and the whole content: 1 MB ("vault accepts slightly less" than 1 MiB). */
export const SECRET_SIZE_LIMIT = 1000 * 1000;

const KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;
const BASE64_SUFFIX = '#base64';

/**
 * The content as Juju stores it, decoded: keys of three or more lower-case
 * letters, digits and single dashes, starting with a letter (`key "Password"
 * not valid`); each value at most {@link SECRET_SIZE_LIMIT} bytes once
 * base64-encoded, and all of them together as much. A key ending in `#base64`
 * gives its value already encoded.
 */
export function checkSecretContent(content: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  let total = 0;
  for (const [given, value] of Object.entries(content)) {
    const encoded = given.endsWith(BASE64_SUFFIX);
    const key = encoded ? given.slice(0, -BASE64_SUFFIX.length) : given;
    if (!KEY.test(key)) throw new ToolRefusal(`key ${goQuote(key)} not valid`, 2);
    const size = encoded ? value.length : base64Length(value);
    if (size > SECRET_SIZE_LIMIT) throw new ToolRefusal(`base64 encoded secret content for key ${goQuote(key)} too large: ${size} bytes`, 2);
    total += size;
    Object.defineProperty(out, key, {
      value: encoded ? Buffer.from(value, 'base64').toString('utf8') : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (total > SECRET_SIZE_LIMIT) throw new ToolRefusal(`base64 encoded secret content too large: ${total} bytes`, 2);
  return out;
}

function base64Length(value: string): number {
  return Math.ceil(Buffer.byteLength(value, 'utf8') / 3) * 4;
}

/** `--rotate POLICY`: one of {@link SECRET_ROTATE_POLICIES}, else `rotate policy "X" not valid`. */
export function checkRotatePolicy(policy: string): SecretRotatePolicy {
  const known = SECRET_ROTATE_POLICIES.find((name) => name === policy);
  if (!known) throw new ToolRefusal(`rotate policy ${goQuote(policy)} not valid`, 2);
  return known;
}

/** `--owner`: `application` or `unit`, else `secret owner "X" not valid`. */
export function checkSecretOwner(owner: string): 'application' | 'unit' {
  if (owner !== 'application' && owner !== 'unit') throw new ToolRefusal(`secret owner ${goQuote(owner)} not valid`, 2);
  return owner;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RFC3339_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const DURATION = /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `--expire SPEC` as Juju reads it: an RFC 3339 time, the same without a
 * zone (UTC), or a Go duration from `now` (`24h`, `1h30m`, `90s`). The
 * time, in milliseconds since the epoch.
 */
export function parseExpire(spec: string, now: number): number {
  const time = RFC3339.test(spec) ? Date.parse(spec) : RFC3339_NO_ZONE.test(spec) ? Date.parse(`${spec}Z`) : NaN;
  if (!Number.isNaN(time)) return time;
  if (!DURATION.test(spec) && spec !== '0') throw new ToolRefusal(`expire time or duration ${goQuote(spec)} not valid`, 2);
  const sign = spec.startsWith('-') ? -1 : 1;
  let ms = 0;
  for (const [, amount, unit] of spec.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(amount) * UNIT_MS[unit!]!;
  if (sign * ms <= 0) throw new ToolRefusal(`negative expire duration ${goQuote(spec)} not valid`, 2);
  return now + ms;
}

/** When a secret rotated (or created) at `from` is next due to rotate under `policy`; none for `never`. */
export function nextRotateTime(policy: SecretRotatePolicy, from: number): number | undefined {
  const date = new Date(from);
  if (policy === 'never') return undefined;
  if (policy === 'hourly') return from + 3_600_000;
  if (policy === 'daily') date.setUTCDate(date.getUTCDate() + 1);
  if (policy === 'weekly') date.setUTCDate(date.getUTCDate() + 7);
  if (policy === 'monthly') date.setUTCMonth(date.getUTCMonth() + 1);
  if (policy === 'quarterly') date.setUTCMonth(date.getUTCMonth() + 3);
  if (policy === 'yearly') date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.getTime();
}
