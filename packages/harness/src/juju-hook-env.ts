import { ALL_HOOK_COMMANDS, hasHook, hasHookCommand, HookToolError, SECRET_HOOKS, type JujuVersion } from '@reactive/hookenv';

/** The secret a secret hook is about: its URI, the label the charm gave it, the revision (secret-remove, secret-expired). */
export interface SecretHookOptions {
  id: string;
  label?: string;
  revision?: number;
}

/** The storage instance a storage hook is about, `name/N`, where it is (default Juju's `/var/lib/juju/storage/<name>/<N>`) and its kind. */
export interface StorageHookOptions {
  id: string;
  location?: string;
  kind?: 'filesystem' | 'block';
}

/** What a unit hook's environment is made of, beside the relation's. */
export interface JujuHookOptions {
  secret?: SecretHookOptions;
  storage?: StorageHookOptions;
  /** The base a series upgrade goes to (pre-series-upgrade), `ubuntu@24.04`. */
  targetBase?: string;
}

const UBUNTU_SERIES: Record<string, string> = { '18.04': 'bionic', '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };

/**
 * The variables Juju sets for `hook` under `juju`, beside the relation's;
 * throws one line for a hook that Juju does not have, or that lacks (or
 * should not have) its secret or storage.
 */
export function jujuHookEnv(juju: JujuVersion, hook: string, opts: JujuHookOptions): Record<string, string> {
  const refuse = (why: string): never => {
    throw new TypeError(`runHook('${hook}'): ${why}`);
  };
  if (!hasHook(juju, hook)) refuse(`Juju ${juju.name} (JUJU_VERSION ${juju.version}) has no ${hook} hook`);
  const storageName = /^(.+)-storage-(?:attached|detaching)$/.exec(hook)?.[1];
  if (SECRET_HOOKS.includes(hook) !== (opts.secret !== undefined)) {
    refuse(opts.secret ? 'secret is for the secret hooks' : 'a secret hook needs the secret it is about ({ secret: { id, label?, revision? } })');
  }
  if ((storageName !== undefined) !== (opts.storage !== undefined)) {
    refuse(
      opts.storage ? 'storage is for the storage hooks' : `a storage hook needs the storage instance it is about ({ storage: { id: '${storageName}/0' } })`,
    );
  }
  if ((hook === 'pre-series-upgrade') !== (opts.targetBase !== undefined)) {
    refuse(opts.targetBase ? 'targetBase is for pre-series-upgrade' : "pre-series-upgrade needs the base it goes to ({ targetBase: 'ubuntu@24.04' })");
  }
  if (opts.secret) return secretEnv(opts.secret);
  if (opts.storage) return storageEnv(opts.storage, storageName!, refuse);
  if (opts.targetBase) return targetEnv(juju, opts.targetBase, refuse);
  return {};
}

function secretEnv({ id, label, revision }: SecretHookOptions): Record<string, string> {
  // Juju sets the label even when empty, and the revision only when there is one.
  return { JUJU_SECRET_ID: id, JUJU_SECRET_LABEL: label ?? '', ...(revision ? { JUJU_SECRET_REVISION: String(revision) } : {}) };
}

function storageEnv({ id, location, kind }: StorageHookOptions, name: string, refuse: (why: string) => never): Record<string, string> {
  const match = /^(.+)\/(\d+)$/.exec(id);
  if (match?.[1] !== name) refuse(`storage id ${JSON.stringify(id)} is not an instance of ${name} (${name}/N)`);
  return { JUJU_STORAGE_ID: id, JUJU_STORAGE_LOCATION: location ?? `/var/lib/juju/storage/${name}/${match![2]}`, JUJU_STORAGE_KIND: kind ?? 'filesystem' };
}

function targetEnv(juju: JujuVersion, base: string, refuse: (why: string) => never): Record<string, string> {
  const env: Record<string, string> = {};
  if (juju.targetVariables.includes('JUJU_TARGET_BASE')) env.JUJU_TARGET_BASE = base;
  if (juju.targetVariables.includes('JUJU_TARGET_SERIES')) {
    const series = /^ubuntu@(\d\d\.\d\d)$/.exec(base)?.[1];
    env.JUJU_TARGET_SERIES =
      UBUNTU_SERIES[series ?? ''] ?? refuse(`no series known for the base ${JSON.stringify(base)} (${Object.keys(UBUNTU_SERIES).join(', ')})`);
  }
  return env;
}

/**
 * The unit's hook tools as a hook under `juju` reaches them: a method whose
 * command (`leaderGet`: leader-get) that Juju lacks throws a HookToolError
 * saying so, as the command would not be on the hook's PATH.
 */
export function versionedTools<T extends object>(tools: T, juju: JujuVersion): T {
  return new Proxy(tools, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const command = property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      if (ALL_HOOK_COMMANDS.includes(command) && !hasHookCommand(juju, command)) return () => Promise.reject(missingCommand(command, juju));
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** The error of a command a Juju version does not have. */
export function missingCommand(command: string, juju: JujuVersion): HookToolError {
  return new HookToolError(command, [], null, '', `not a hook command of Juju ${juju.name} (JUJU_VERSION ${juju.version})`);
}
