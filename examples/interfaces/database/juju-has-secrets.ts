// Whether the Juju running this hook has secrets: JUJU_VERSION 3.0.3 or later,
// as ops' JujuVersion.has_secrets, which data_interfaces asks.
const FIRST_WITH_SECRETS = [3, 0, 3];

export function jujuHasSecrets(version = process.env.JUJU_VERSION ?? ''): boolean {
  const parts = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version)?.slice(1) ?? [];
  const numbers = [0, 1, 2].map((i) => Number(parts[i] ?? 0));
  for (const [i, first] of FIRST_WITH_SECRETS.entries()) {
    if (numbers[i]! !== first) return numbers[i]! > first;
  }
  return true;
}
