// The help of every hook command of any Juju the simulator knows (juju/juju
// worker/uniter/runner/jujuc commands.go: base, storage, leader, resource,
// payload, secret and action commands): the arguments and summary its --help
// prints. Which of them a hook has is the model's Juju's, @reactive/hookenv's
// JUJU_VERSIONS (2.9 has no secret commands, 3.6.11 dropped add-metric, 4.0
// leader-get, leader-set and more): those are on PATH in a simulated hook,
// and the ones tools.ts does not answer exit 1 with `ERROR <name> is not
// simulated`.

export interface HookCommand {
  /** What follows `[options]` in its usage line. */
  args: string;
  /** Juju's one-line summary. */
  purpose: string;
}

export const JUJU_HOOK_COMMANDS: Readonly<Record<string, HookCommand>> = {
  'action-fail': { args: '["<failure message>"]', purpose: 'set action fail status with message' },
  'action-get': { args: '[<key>[.<key>.<key>...]]', purpose: 'get action parameters' },
  'action-log': { args: '<message>', purpose: 'record a progress message for the current action' },
  'action-set': { args: '<key>=<value> [<key>=<value> ...]', purpose: 'set action results' },
  'add-metric': { args: 'key1=value1 [key2=value2 ...]', purpose: 'add metrics' },
  'application-version-set': { args: '<new-version>', purpose: 'specify which version of the application is deployed' },
  'close-port': { args: '<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp', purpose: 'register a request to close a port or port range' },
  'config-get': { args: '[<key>]', purpose: 'print application configuration' },
  'credential-get': { args: '', purpose: 'access cloud credentials' },
  'goal-state': { args: '', purpose: "print the status of the charm's peers and related units" },
  'is-leader': { args: '', purpose: 'print application leadership status' },
  'juju-log': { args: '<message>', purpose: 'write a message to the juju log' },
  'juju-reboot': { args: '', purpose: 'reboot the host machine' },
  'k8s-raw-get': { args: '', purpose: 'get k8s raw spec information' },
  'k8s-raw-set': { args: '--file <core spec file>', purpose: 'set k8s raw spec information' },
  'k8s-spec-get': { args: '', purpose: 'get k8s spec information' },
  'k8s-spec-set': { args: '--file <core spec file> [--k8s-resources <k8s spec file>]', purpose: 'set k8s spec information' },
  'leader-get': { args: '[<key>]', purpose: 'print application leadership settings' },
  'leader-set': { args: '<key>=<value> [...]', purpose: 'write application leadership settings' },
  'network-get': { args: '<binding-name> [--ingress-address] [--bind-address] [--egress-subnets]', purpose: 'get network config' },
  'open-port': { args: '<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp', purpose: 'register a request to open a port or port range' },
  'opened-ports': { args: '', purpose: 'list all ports or port ranges opened by the unit' },
  'payload-register': { args: '<type> <class> <id> [tags...]', purpose: 'register a charm payload with Juju' },
  'payload-status-set': { args: '<class> <id> <status>', purpose: 'update the status of a payload' },
  'payload-unregister': { args: '<class> <id>', purpose: 'stop tracking a payload' },
  'pod-spec-get': { args: '', purpose: 'get k8s spec information (deprecated)' },
  'pod-spec-set': { args: '--file <core spec file> [--k8s-resources <k8s spec file>]', purpose: 'set k8s spec information (deprecated)' },
  'relation-get': { args: '<key> <unit id>', purpose: 'get relation settings' },
  'relation-ids': { args: '<name>', purpose: 'list all relation ids with the given relation name' },
  'relation-list': { args: '', purpose: 'list relation units' },
  'relation-model-get': { args: '', purpose: 'get details about the model hosting a related application' },
  'relation-set': { args: 'key=value [key=value ...]', purpose: 'set relation settings' },
  'resource-get': { args: '<resource name>', purpose: 'get the path to the locally cached resource file' },
  'secret-add': { args: '[key[#base64|#file]=value...]', purpose: 'add a new secret' },
  'secret-get': { args: '<ID> [key[#base64]]', purpose: 'get the content of a secret' },
  'secret-grant': { args: '<ID>', purpose: 'grant access to a secret' },
  'secret-ids': { args: '', purpose: 'print secret ids' },
  'secret-info-get': { args: '<ID>', purpose: "get a secret's metadata info" },
  'secret-remove': { args: '<ID>', purpose: 'remove an existing secret' },
  'secret-revoke': { args: '<ID>', purpose: 'revoke access to a secret' },
  'secret-set': { args: '<ID> [key[#base64]=value...]', purpose: 'update an existing secret' },
  'state-delete': { args: '<key>', purpose: 'delete server-side-state key value pair' },
  'state-get': { args: '[<key>]', purpose: 'print server-side-state value' },
  'state-set': { args: 'key=value [key=value ...]', purpose: 'set server-side-state values' },
  'status-get': { args: '[--include-data] [--application]', purpose: 'print status information' },
  'status-set': { args: '<maintenance | blocked | waiting | active> [message]', purpose: 'set status information' },
  'storage-add': { args: '<charm storage name>[=count] ...', purpose: 'add storage instances' },
  'storage-get': { args: '[<key>]', purpose: 'print information for the storage instance with the specified ID' },
  'storage-list': { args: '[<storage-name>]', purpose: 'list storage attached to the unit' },
  'unit-get': { args: '<setting>', purpose: 'print public-address or private-address' },
};

/** The names of the hook commands, each linked into the simulator's tools folder. */
export const HOOK_COMMAND_NAMES: readonly string[] = Object.keys(JUJU_HOOK_COMMANDS);

/** A command's --help text, in juju/cmd's layout: usage, summary and its options. */
export function helpText(name: string, options: string[]): string {
  const { args, purpose } = JUJU_HOOK_COMMANDS[name]!;
  const usage = `Usage: ${name} [options]${args ? ` ${args}` : ''}`;
  const listed = options.length ? `\nOptions:\n${options.join('\n')}\n` : '';
  return `${usage}\n\nSummary:\n${purpose}\n${listed}`;
}
