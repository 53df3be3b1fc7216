// The command line of each hook tool: what ProcessHookTools runs and
// MemoryHookTools records.
import type { LogLevel, RelationGetOptions, RelationSetOptions, SecretAddOptions, SecretRef, StatusState } from './hook-tools.js';

/**
 * `flags`, then `operands`, with `--` between them when an operand starts
 * with `-`. Juju's tools (juju/cmd with gnuflag) read flags between
 * arguments, so a status message such as `-h0 is the db host` would be taken
 * for options: `-h` prints the tool's help and exits 0, setting nothing, and
 * another letter is an error. `--` ends the flags of every tool; a lone `-`
 * is an argument already.
 */
export function commandLine(flags: string[], operands: string[]): string[] {
  return operands.some((arg) => arg.startsWith('-') && arg !== '-') ? [...flags, '--', ...operands] : [...flags, ...operands];
}

const FORMAT = '--format=json';

/** The arguments of each tool, by the {@link HookTools} method that runs it. */
export const TOOL_ARGS = {
  configGet: (): string[] => ['--all', FORMAT],
  relationIds: (endpoint: string): string[] => commandLine([FORMAT], [endpoint]),
  relationList: (relationId: string): string[] => [FORMAT, '-r', relationId],
  relationRemoteApp: (relationId: string): string[] => [FORMAT, '-r', relationId, '--app'],
  relationGet: (opts: RelationGetOptions): string[] =>
    commandLine([FORMAT, '-r', opts.relationId, ...(opts.app ? ['--app'] : [])], [opts.key ?? '-', ...(opts.unit ? [opts.unit] : [])]),
  relationSet: (opts: RelationSetOptions): string[] => ['-r', opts.relationId, ...(opts.app ? ['--app'] : []), '--file', '-'],
  statusSet: (state: StatusState, message: string, application?: boolean): string[] => commandLine(application ? ['--application'] : [], [state, message]),
  statusGet: (application?: boolean): string[] => [FORMAT, '--include-data', ...(application ? ['--application'] : [])],
  jujuLog: (level: LogLevel, pieces: string[]): string[] => commandLine(['-l', level], pieces),
  isLeader: (): string[] => [FORMAT],
  leaderGet: (key?: string): string[] => commandLine([FORMAT], [key ?? '-']),
  leaderSet: (settings: Record<string, string | null>): string[] => commandLine([], keyValueArgs(settings)),
  applicationVersionSet: (version: string): string[] => commandLine([], [version]),
  port: (port: string): string[] => commandLine([], [port]),
  openedPorts: (): string[] => [FORMAT],
  actionGet: (key?: string): string[] => commandLine([FORMAT], key === undefined ? [] : [key]),
  actionSet: (values: Record<string, unknown>): string[] => commandLine([], keyValueArgs(flattenKeys(values))),
  actionFail: (message?: string): string[] => commandLine([], message === undefined ? [] : [message]),
  actionLog: (message: string): string[] => commandLine([], [message]),
  unitGet: (attribute: string): string[] => [FORMAT, attribute],
  networkGet: (binding: string): string[] => commandLine([FORMAT], [binding]),
  goalState: (): string[] => [FORMAT],
  addMetric: (metrics: Record<string, string | number>): string[] => commandLine([], keyValueArgs(metrics)),
  secretAdd: (file: string, opts: SecretAddOptions): string[] => [...secretSettings(opts), `--file=${file}`],
  secretGet: (ref: SecretRef, opts: { refresh?: boolean; peek?: boolean }): string[] =>
    commandLine([FORMAT, ...labelFlag(ref), ...(opts.refresh ? ['--refresh'] : []), ...(opts.peek ? ['--peek'] : [])], ref.id === undefined ? [] : [ref.id]),
  secretSet: (id: string, file: string | undefined, opts: SecretAddOptions): string[] =>
    commandLine([...secretSettings(opts), ...(file === undefined ? [] : [`--file=${file}`])], [id]),
  secretGrant: (id: string, relationId: string, unit?: string): string[] =>
    commandLine([`--relation=${relationId}`, ...(unit === undefined ? [] : [`--unit=${unit}`])], [id]),
  secretRevoke: (id: string, opts: { relationId?: string; unit?: string; app?: string }): string[] =>
    commandLine(
      [
        ...(opts.relationId === undefined ? [] : [`--relation=${opts.relationId}`]),
        ...(opts.app === undefined ? [] : [`--app=${opts.app}`]),
        ...(opts.unit === undefined ? [] : [`--unit=${opts.unit}`]),
      ],
      [id],
    ),
  secretRemove: (id: string, revision?: number): string[] => commandLine(revision === undefined ? [] : [`--revision=${revision}`], [id]),
  secretIds: (): string[] => [FORMAT],
  secretInfoGet: (ref: SecretRef): string[] => commandLine([FORMAT, ...labelFlag(ref)], ref.id === undefined ? [] : [ref.id]),
  storageGet: (opts: { id?: string; key?: string }): string[] =>
    commandLine([FORMAT, ...(opts.id === undefined ? [] : [`-s=${opts.id}`])], opts.key === undefined ? [] : [opts.key]),
  storageList: (name?: string): string[] => commandLine([FORMAT], name === undefined ? [] : [name]),
  storageAdd: (counts: Record<string, number>): string[] => commandLine([], keyValueArgs(counts)),
  resourceGet: (name: string): string[] => commandLine([], [name]),
  credentialGet: (): string[] => [FORMAT],
  stateGet: (key?: string): string[] => commandLine([FORMAT], key === undefined ? [] : [key]),
  stateSet: (): string[] => ['--file', '-'],
  stateDelete: (key: string): string[] => commandLine([], [key]),
  relationModelGet: (relationId: string): string[] => [FORMAT, '-r', relationId],
  jujuReboot: (now?: boolean): string[] => (now ? ['--now'] : []),
};

/** A secret's settings as flags, each `--name=value` in one argument so a value starting with `-` stays a value. */
function secretSettings(opts: SecretAddOptions): string[] {
  return (['label', 'description', 'expire', 'rotate', 'owner'] as const).flatMap((name) => (opts[name] === undefined ? [] : [`--${name}=${opts[name]}`]));
}

function labelFlag(ref: SecretRef): string[] {
  return ref.label === undefined ? [] : [`--label=${ref.label}`];
}

/** `k=v` arguments for leader-set, action-set and add-metric; `null` becomes `k=`. */
export function keyValueArgs(values: Record<string, unknown>): string[] {
  return Object.entries(values).map(([key, value]) => `${key}=${value ?? ''}`);
}

/** Flattens `{a: {b: 1}}` to `{'a.b': 1}`, the way `action-set` takes nested results. */
export function flattenKeys(values: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const name = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(flat, flattenKeys(value as Record<string, unknown>, `${name}.`));
    } else {
      flat[name] = value;
    }
  }
  return flat;
}
