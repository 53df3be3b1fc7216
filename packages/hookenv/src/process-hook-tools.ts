import { batchArguments, LOG_CALL_BYTES, splitLogMessage } from './log-arguments.js';
import { withSecretFile } from './secret-file.js';
import { secretUri } from './secret-uri.js';
import { TOOL_ARGS } from './tool-commands.js';
import { readToolJSON, type OutputKind } from './tool-output.js';
import { defaultToolRunner, type ToolResult, type ToolRunner } from './tool-runner.js';
import {
  HookToolError,
  type HookTools,
  type LogLevel,
  type NetworkInfo,
  type RelationGetOptions,
  type RelationSetOptions,
  type RelationSettings,
  type SecretAddOptions,
  type SecretInfo,
  type SecretRef,
  type SecretSetOptions,
  type Status,
  type StatusState,
} from './hook-tools.js';

/**
 * The production backend: runs Juju's hook tool executables found on PATH,
 * always with an argument array (never a shell), and parses their JSON output.
 */
export class ProcessHookTools implements HookTools {
  private readonly runner: ToolRunner;

  /** `runner` defaults to processes, or the simulator's socket when REACTIVE_AGENT_SOCKET is set. */
  constructor(runner: ToolRunner = defaultToolRunner()) {
    this.runner = runner;
  }

  async configGet(): Promise<Record<string, unknown>> {
    return (await this.json('config-get', TOOL_ARGS.configGet(), 'object')) ?? {};
  }

  async relationIds(endpoint: string): Promise<string[]> {
    return (await this.json('relation-ids', TOOL_ARGS.relationIds(endpoint), 'strings')) ?? [];
  }

  async relationList(relationId: string): Promise<string[]> {
    return (await this.json('relation-list', TOOL_ARGS.relationList(relationId), 'strings')) ?? [];
  }

  relationListSync(relationId: string): string[] {
    const args = TOOL_ARGS.relationList(relationId);
    const result = this.runner.runSync('relation-list', args);
    if (result.code !== 0) throw this.failure('relation-list', args, result);
    return readToolJSON<string[]>('relation-list', args, result.stdout, 'strings') ?? [];
  }

  async relationRemoteApp(relationId: string): Promise<string | null> {
    return (await this.json<string>('relation-list', TOOL_ARGS.relationRemoteApp(relationId), 'string')) || null;
  }

  async relationGet(opts: RelationGetOptions): Promise<unknown> {
    const args = TOOL_ARGS.relationGet(opts);
    return this.relationGetResult(opts, args, await this.runner.run('relation-get', args));
  }

  relationGetSync(opts: RelationGetOptions): unknown {
    const args = TOOL_ARGS.relationGet(opts);
    return this.relationGetResult(opts, args, this.runner.runSync('relation-get', args));
  }

  private relationGetResult(opts: RelationGetOptions, args: string[], result: ToolResult): unknown {
    if (result.startError) throw this.failure('relation-get', args, result);
    if (result.code === 2) return null;
    if (result.code !== 0) throw this.failure('relation-get', args, result);
    return readToolJSON('relation-get', args, result.stdout, opts.key === undefined ? 'object' : 'any');
  }

  async relationSet(opts: RelationSetOptions, settings: RelationSettings): Promise<void> {
    await this.call('relation-set', TOOL_ARGS.relationSet(opts), JSON.stringify(settings));
  }

  async statusSet(state: StatusState, message = '', opts: { application?: boolean } = {}): Promise<void> {
    await this.call('status-set', TOOL_ARGS.statusSet(state, message, opts.application));
  }

  async statusGet(opts: { application?: boolean } = {}): Promise<Status> {
    const raw = (await this.json<Record<string, unknown>>('status-get', TOOL_ARGS.statusGet(opts.application), 'object')) ?? {};
    const app = raw['application-status'];
    return parseStatus(opts.application && app && typeof app === 'object' ? (app as Record<string, unknown>) : raw);
  }

  /**
   * A message longer than one argument may be goes as several arguments, cut at
   * spaces, which juju-log joins back with a space; as few calls as the
   * system's argument limit allows. NUL characters, which no argument can
   * hold, are written as `\0` (a log line quoting a remote unit's data must not
   * fail the hook).
   */
  async jujuLog(message: string, level: LogLevel = 'INFO'): Promise<void> {
    const text = message.includes('\0') ? message.replaceAll('\0', '\\0') : message;
    await this.logArguments(splitLogMessage(text), level, LOG_CALL_BYTES);
  }

  private async logArguments(pieces: string[], level: LogLevel, budget: number): Promise<void> {
    for (const batch of batchArguments(pieces, budget)) {
      const args = TOOL_ARGS.jujuLog(level, batch);
      const result = await this.runner.run('juju-log', args);
      if (result.errorCode === 'E2BIG' && batch.length > 1) await this.logArguments(batch, level, budget / 2);
      else if (result.code !== 0) throw this.failure('juju-log', args, result);
    }
  }

  async isLeader(): Promise<boolean> {
    return (await this.json('is-leader', TOOL_ARGS.isLeader(), 'boolean')) === true;
  }

  async leaderGet(key?: string): Promise<unknown> {
    return this.json('leader-get', TOOL_ARGS.leaderGet(key), key === undefined ? 'object' : 'any');
  }

  async leaderSet(settings: Record<string, string | null>): Promise<void> {
    await this.call('leader-set', TOOL_ARGS.leaderSet(settings));
  }

  async applicationVersionSet(version: string): Promise<void> {
    await this.call('application-version-set', TOOL_ARGS.applicationVersionSet(version));
  }

  async openPort(port: string): Promise<void> {
    await this.call('open-port', TOOL_ARGS.port(port));
  }

  async closePort(port: string): Promise<void> {
    await this.call('close-port', TOOL_ARGS.port(port));
  }

  async openedPorts(): Promise<string[]> {
    return (await this.json('opened-ports', TOOL_ARGS.openedPorts(), 'strings')) ?? [];
  }

  async actionGet(key?: string): Promise<unknown> {
    return this.json('action-get', TOOL_ARGS.actionGet(key), 'any');
  }

  async actionSet(values: Record<string, unknown>): Promise<void> {
    await this.call('action-set', TOOL_ARGS.actionSet(values));
  }

  async actionFail(message?: string): Promise<void> {
    await this.call('action-fail', TOOL_ARGS.actionFail(message));
  }

  async actionLog(message: string): Promise<void> {
    await this.call('action-log', TOOL_ARGS.actionLog(message));
  }

  async unitGet(attribute: 'private-address' | 'public-address'): Promise<string> {
    return (await this.json<string>('unit-get', TOOL_ARGS.unitGet(attribute), 'string')) ?? '';
  }

  async networkGet(binding: string): Promise<NetworkInfo> {
    return (await this.json('network-get', TOOL_ARGS.networkGet(binding), 'object')) ?? {};
  }

  async goalState(): Promise<Record<string, unknown>> {
    return (await this.json('goal-state', TOOL_ARGS.goalState(), 'object')) ?? {};
  }

  async addMetric(metrics: Record<string, string | number>): Promise<void> {
    await this.call('add-metric', TOOL_ARGS.addMetric(metrics));
  }

  async secretAdd(content: Record<string, string>, opts: SecretAddOptions = {}): Promise<string> {
    return (await withSecretFile(content, (file) => this.call('secret-add', TOOL_ARGS.secretAdd(file, opts)))).trim();
  }

  async secretGet(ref: SecretRef, opts: { refresh?: boolean; peek?: boolean } = {}): Promise<Record<string, string>> {
    return (await this.json('secret-get', TOOL_ARGS.secretGet(ref, opts), 'object')) ?? {};
  }

  async secretSet(id: string, content?: Record<string, string>, opts: SecretSetOptions = {}): Promise<void> {
    if (content === undefined) await this.call('secret-set', TOOL_ARGS.secretSet(id, undefined, opts));
    else await withSecretFile(content, (file) => this.call('secret-set', TOOL_ARGS.secretSet(id, file, opts)));
  }

  async secretGrant(id: string, relationId: string, opts: { unit?: string } = {}): Promise<void> {
    await this.call('secret-grant', TOOL_ARGS.secretGrant(id, relationId, opts.unit));
  }

  async secretRevoke(id: string, opts: { relationId?: string; unit?: string; app?: string } = {}): Promise<void> {
    await this.call('secret-revoke', TOOL_ARGS.secretRevoke(id, opts));
  }

  async secretRemove(id: string, opts: { revision?: number } = {}): Promise<void> {
    await this.call('secret-remove', TOOL_ARGS.secretRemove(id, opts.revision));
  }

  async secretIds(): Promise<string[]> {
    return ((await this.json<string[]>('secret-ids', TOOL_ARGS.secretIds(), 'strings')) ?? []).map(canonicalSecretId);
  }

  async secretInfoGet(ref: SecretRef): Promise<Record<string, SecretInfo>> {
    const raw = (await this.json<Record<string, SecretInfo>>('secret-info-get', TOOL_ARGS.secretInfoGet(ref), 'object')) ?? {};
    return Object.fromEntries(Object.entries(raw).map(([id, info]) => [canonicalSecretId(id), info]));
  }

  async storageGet(opts: { id?: string; key?: string } = {}): Promise<unknown> {
    return this.json('storage-get', TOOL_ARGS.storageGet(opts), opts.key === undefined ? 'object' : 'any');
  }

  async storageList(name?: string): Promise<string[]> {
    return (await this.json('storage-list', TOOL_ARGS.storageList(name), 'strings')) ?? [];
  }

  async storageAdd(counts: Record<string, number>): Promise<void> {
    await this.call('storage-add', TOOL_ARGS.storageAdd(counts));
  }

  /** Juju prints the path alone, without a line break. */
  async resourceGet(name: string): Promise<string> {
    return (await this.call('resource-get', TOOL_ARGS.resourceGet(name))).replace(/\n$/, '');
  }

  async credentialGet(): Promise<Record<string, unknown>> {
    return (await this.json('credential-get', TOOL_ARGS.credentialGet(), 'object')) ?? {};
  }

  async stateGet(key?: string): Promise<unknown> {
    return this.json('state-get', TOOL_ARGS.stateGet(key), key === undefined ? 'object' : 'any');
  }

  async stateSet(values: Record<string, string>): Promise<void> {
    await this.call('state-set', TOOL_ARGS.stateSet(), JSON.stringify(values));
  }

  async stateDelete(key: string): Promise<void> {
    await this.call('state-delete', TOOL_ARGS.stateDelete(key));
  }

  async relationModelGet(relationId: string): Promise<{ uuid: string }> {
    return (await this.json<{ uuid: string }>('relation-model-get', TOOL_ARGS.relationModelGet(relationId), 'object')) ?? { uuid: '' };
  }

  async jujuReboot(opts: { now?: boolean } = {}): Promise<void> {
    await this.call('juju-reboot', TOOL_ARGS.jujuReboot(opts.now));
  }

  /** Runs a tool that prints JSON of `kind` and returns the parsed value. */
  private async json<T>(tool: string, args: string[], kind: OutputKind): Promise<T | null> {
    return readToolJSON<T>(tool, args, await this.call(tool, args), kind);
  }

  /** Runs a tool and returns its stdout; a non-zero exit is an error. */
  private async call(tool: string, args: string[], input?: string): Promise<string> {
    const result = await this.runner.run(tool, args, input);
    if (result.code !== 0) throw this.failure(tool, args, result);
    return result.stdout;
  }

  private failure(tool: string, args: string[], result: ToolResult): HookToolError {
    return new HookToolError(tool, args, result.code, result.stderr, result.startError);
  }
}

/** A secret's id as a URI: Juju's secret-ids and secret-info-get print the bare id. */
function canonicalSecretId(id: string): string {
  return id.startsWith('secret:') ? id : secretUri(id);
}

function parseStatus(raw: Record<string, unknown>): Status {
  const status: Status = {
    status: String(raw.status ?? raw['status-code'] ?? ''),
    message: String(raw.message ?? ''),
  };
  const data = raw['status-data'];
  if (data && typeof data === 'object') status.statusData = data as Record<string, unknown>;
  return status;
}
