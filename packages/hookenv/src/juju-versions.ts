/**
 * The Juju versions a charm can be run under (the Harness's and the
 * simulator's `juju` setting), each as Juju's own source has it: the
 * `JUJU_VERSION` a hook sees, the hook commands on its PATH, the hooks Juju
 * runs, and the variables that name a series upgrade's target.
 *
 * Read from juju/juju (the hook commands: the command maps of
 * `worker/uniter/runner/jujuc/server.go`, `internal/...` on 4.0; the hooks:
 * `hooks.Kind` of charm/hooks and `internal/charm/hooks`; the variables:
 * `HookVars` of `runner/context/context.go`), with the changes inside a
 * series from the release notes; see the README of @reactive/hookenv.
 */
export type JujuVersionName = '2.9' | '3.6' | '4.0';

export type TargetVariable = 'JUJU_TARGET_SERIES' | 'JUJU_TARGET_BASE';

export interface JujuVersion {
  name: JujuVersionName;
  /** What `JUJU_VERSION` holds in a hook. */
  version: string;
  /** Every hook command (actions' included), sorted. */
  hookCommands: readonly string[];
  /** The hooks that are not about a relation, storage or workload, sorted. */
  unitHooks: readonly string[];
  /** `<endpoint>-<suffix>`, `<storage>-<suffix>`, `<container>-<suffix>`. */
  relationHookSuffixes: readonly string[];
  storageHookSuffixes: readonly string[];
  workloadHookSuffixes: readonly string[];
  /** Set in pre-series-upgrade (none where Juju has no series upgrade). */
  targetVariables: readonly TargetVariable[];
}

const BASE_COMMANDS = [
  'action-fail',
  'action-get',
  'action-log',
  'action-set',
  'application-version-set',
  'close-port',
  'config-get',
  'credential-get',
  'goal-state',
  'is-leader',
  'juju-log',
  'juju-reboot',
  'network-get',
  'open-port',
  'opened-ports',
  'relation-get',
  'relation-ids',
  'relation-list',
  'relation-set',
  'resource-get',
  'state-delete',
  'state-get',
  'state-set',
  'status-get',
  'status-set',
  'storage-add',
  'storage-get',
  'storage-list',
  'unit-get',
];
const LEADER_SETTINGS_COMMANDS = ['leader-get', 'leader-set'];
const PODSPEC_COMMANDS = ['k8s-raw-get', 'k8s-raw-set', 'k8s-spec-get', 'k8s-spec-set', 'pod-spec-get', 'pod-spec-set'];
const PAYLOAD_COMMANDS = ['payload-register', 'payload-status-set', 'payload-unregister'];
const SECRET_COMMANDS = ['secret-add', 'secret-get', 'secret-grant', 'secret-ids', 'secret-info-get', 'secret-remove', 'secret-revoke', 'secret-set'];

const BASE_HOOKS = [
  'config-changed',
  'install',
  'leader-deposed',
  'leader-elected',
  'leader-settings-changed',
  'remove',
  'start',
  'stop',
  'update-status',
  'upgrade-charm',
];
const SERIES_UPGRADE_HOOKS = ['post-series-upgrade', 'pre-series-upgrade'];
/** The secret hooks: every Juju with secrets (3.0.3 on) runs them. */
export const SECRET_HOOKS: readonly string[] = ['secret-changed', 'secret-expired', 'secret-remove', 'secret-rotate'];
const RELATION_SUFFIXES = ['relation-broken', 'relation-changed', 'relation-created', 'relation-departed', 'relation-joined'];
const STORAGE_SUFFIXES = ['storage-attached', 'storage-detaching'];

const sorted = (...lists: string[][]): string[] => lists.flat().sort();

export const JUJU_VERSIONS: Readonly<Record<JujuVersionName, JujuVersion>> = {
  '2.9': {
    name: '2.9',
    version: '2.9.49',
    hookCommands: sorted(BASE_COMMANDS, LEADER_SETTINGS_COMMANDS, PODSPEC_COMMANDS, PAYLOAD_COMMANDS, ['add-metric']),
    unitHooks: sorted(BASE_HOOKS, SERIES_UPGRADE_HOOKS, ['collect-metrics', 'meter-status-changed']),
    relationHookSuffixes: RELATION_SUFFIXES,
    storageHookSuffixes: STORAGE_SUFFIXES,
    workloadHookSuffixes: ['pebble-ready'],
    targetVariables: ['JUJU_TARGET_SERIES'],
  },
  // 3.6.11 dropped add-metric, collect-metrics and meter-status-changed; relation-model-get is there since 3.6.2.
  '3.6': {
    name: '3.6',
    version: '3.6.11',
    hookCommands: sorted(BASE_COMMANDS, LEADER_SETTINGS_COMMANDS, PODSPEC_COMMANDS, PAYLOAD_COMMANDS, SECRET_COMMANDS, ['relation-model-get']),
    unitHooks: sorted(BASE_HOOKS, SERIES_UPGRADE_HOOKS, [...SECRET_HOOKS]),
    relationHookSuffixes: RELATION_SUFFIXES,
    storageHookSuffixes: STORAGE_SUFFIXES,
    workloadHookSuffixes: ['pebble-check-failed', 'pebble-check-recovered', 'pebble-custom-notice', 'pebble-ready'],
    targetVariables: ['JUJU_TARGET_BASE', 'JUJU_TARGET_SERIES'],
  },
  '4.0': {
    name: '4.0',
    version: '4.0.15',
    hookCommands: sorted(BASE_COMMANDS, SECRET_COMMANDS, ['relation-model-get']),
    unitHooks: sorted(BASE_HOOKS, [...SECRET_HOOKS]),
    relationHookSuffixes: RELATION_SUFFIXES,
    storageHookSuffixes: STORAGE_SUFFIXES,
    workloadHookSuffixes: ['pebble-check-failed', 'pebble-check-recovered', 'pebble-custom-notice', 'pebble-ready'],
    targetVariables: [],
  },
};

/** The version the Harness and the simulator run charms under unless told otherwise. */
export const DEFAULT_JUJU_VERSION: JujuVersionName = '3.6';

/** The entry of {@link JUJU_VERSIONS} for `name`; an unknown name throws one line naming the known ones. */
export function jujuVersion(name: string): JujuVersion {
  if (Object.hasOwn(JUJU_VERSIONS, name)) return JUJU_VERSIONS[name as JujuVersionName];
  throw new Error(`unknown Juju version ${JSON.stringify(name)}: the known ones are ${Object.keys(JUJU_VERSIONS).join(', ')}`);
}

/** Whether `version` runs a hook of this name (`db-relation-joined`, `data-storage-attached` too). */
export function hasHook(version: JujuVersion, hook: string): boolean {
  if (version.unitHooks.includes(hook)) return true;
  const suffixes = [...version.relationHookSuffixes, ...version.storageHookSuffixes, ...version.workloadHookSuffixes];
  return suffixes.some((suffix) => hook.endsWith(`-${suffix}`) && hook.length > suffix.length + 1);
}

/** Whether `version` puts this hook command on a hook's PATH. */
export function hasHookCommand(version: JujuVersion, command: string): boolean {
  return version.hookCommands.includes(command);
}

/** Every hook command of any version in the table. */
export const ALL_HOOK_COMMANDS: readonly string[] = [...new Set(Object.values(JUJU_VERSIONS).flatMap((v) => v.hookCommands))].sort();

/** The major version of the Juju running this hook (`JUJU_VERSION`), undefined when unset or unreadable. */
export function runningJujuMajor(): number | undefined {
  const match = /^(\d+)\./.exec(process.env.JUJU_VERSION ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Whether the running Juju has leader settings (leader-get, leader-set): every one before 4.0. */
export function jujuHasLeaderSettings(): boolean {
  return (runningJujuMajor() ?? 3) < 4;
}

/** Whether the running Juju can upgrade a machine's series (pre- and post-series-upgrade): every one before 4.0. */
export function jujuHasSeriesUpgrades(): boolean {
  return (runningJujuMajor() ?? 3) < 4;
}
