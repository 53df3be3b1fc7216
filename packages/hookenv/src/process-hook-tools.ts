import { batchArguments, LOG_CALL_BYTES, splitLogMessage } from './log-arguments.js';
import { defaultToolRunner, type ToolResult, type ToolRunner } from './tool-runner.js';
import {
  flattenKeys,
  HookToolError,
  keyValueArgs,
  type HookTools,
  type LogLevel,
  type NetworkInfo,
  type RelationGetOptions,
  type RelationSetOptions,
  type RelationSettings,
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
    return (await this.json('config-get', ['--all', '--format=json'])) ?? {};
  }

  async relationIds(endpoint: string): Promise<string[]> {
    return (await this.json('relation-ids', ['--format=json', endpoint])) ?? [];
  }

  async relationList(relationId: string): Promise<string[]> {
    return (await this.json('relation-list', ['--format=json', '-r', relationId])) ?? [];
  }

  relationListSync(relationId: string): string[] {
    const args = ['--format=json', '-r', relationId];
    const result = this.runner.runSync('relation-list', args);
    if (result.code !== 0) throw this.failure('relation-list', args, result);
    return parseJSON<string[]>('relation-list', args, result.stdout) ?? [];
  }

  async relationRemoteApp(relationId: string): Promise<string | null> {
    return (await this.json('relation-list', ['--format=json', '-r', relationId, '--app'])) || null;
  }

  async relationGet(opts: RelationGetOptions): Promise<unknown> {
    const args = relationGetArgs(opts);
    return this.relationGetResult(args, await this.runner.run('relation-get', args));
  }

  relationGetSync(opts: RelationGetOptions): unknown {
    const args = relationGetArgs(opts);
    return this.relationGetResult(args, this.runner.runSync('relation-get', args));
  }

  private relationGetResult(args: string[], result: ToolResult): unknown {
    if (result.startError) throw this.failure('relation-get', args, result);
    if (result.code === 2) return null;
    if (result.code !== 0) throw this.failure('relation-get', args, result);
    return parseJSONOrNull(result.stdout);
  }

  async relationSet(opts: RelationSetOptions, settings: RelationSettings): Promise<void> {
    const args = ['-r', opts.relationId];
    if (opts.app) args.push('--app');
    args.push('--file', '-');
    await this.call('relation-set', args, JSON.stringify(settings));
  }

  async statusSet(state: StatusState, message = '', opts: { application?: boolean } = {}): Promise<void> {
    await this.call('status-set', [...(opts.application ? ['--application'] : []), state, message]);
  }

  async statusGet(opts: { application?: boolean } = {}): Promise<Status> {
    const args = ['--format=json', '--include-data', ...(opts.application ? ['--application'] : [])];
    const raw = (await this.json<Record<string, unknown>>('status-get', args)) ?? {};
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
      // An argument starting with "-" would otherwise be parsed as an option.
      const args = ['-l', level, ...(batch.some((piece) => piece.startsWith('-')) ? ['--'] : []), ...batch];
      const result = await this.runner.run('juju-log', args);
      if (result.errorCode === 'E2BIG' && batch.length > 1) await this.logArguments(batch, level, budget / 2);
      else if (result.code !== 0) throw this.failure('juju-log', args, result);
    }
  }

  async isLeader(): Promise<boolean> {
    return (await this.json('is-leader', ['--format=json'])) === true;
  }

  async leaderGet(key?: string): Promise<unknown> {
    return this.json('leader-get', ['--format=json', key ?? '-']);
  }

  async leaderSet(settings: Record<string, string | null>): Promise<void> {
    await this.call('leader-set', keyValueArgs(settings));
  }

  async applicationVersionSet(version: string): Promise<void> {
    await this.call('application-version-set', [version]);
  }

  async openPort(port: string): Promise<void> {
    await this.call('open-port', [port]);
  }

  async closePort(port: string): Promise<void> {
    await this.call('close-port', [port]);
  }

  async openedPorts(): Promise<string[]> {
    return (await this.json('opened-ports', ['--format=json'])) ?? [];
  }

  async actionGet(key?: string): Promise<unknown> {
    return this.json('action-get', ['--format=json', ...(key === undefined ? [] : [key])]);
  }

  async actionSet(values: Record<string, unknown>): Promise<void> {
    await this.call('action-set', keyValueArgs(flattenKeys(values)));
  }

  async actionFail(message?: string): Promise<void> {
    await this.call('action-fail', message === undefined ? [] : [message]);
  }

  async actionLog(message: string): Promise<void> {
    await this.call('action-log', [message]);
  }

  async unitGet(attribute: 'private-address' | 'public-address'): Promise<string> {
    return String((await this.json('unit-get', ['--format=json', attribute])) ?? '');
  }

  async networkGet(binding: string): Promise<NetworkInfo> {
    return (await this.json('network-get', ['--format=json', binding])) ?? {};
  }

  async goalState(): Promise<Record<string, unknown>> {
    return (await this.json('goal-state', ['--format=json'])) ?? {};
  }

  async addMetric(metrics: Record<string, string | number>): Promise<void> {
    await this.call('add-metric', keyValueArgs(metrics));
  }

  /** Runs a tool that prints JSON and returns the parsed value. */
  private async json<T>(tool: string, args: string[]): Promise<T | null> {
    return parseJSON<T>(tool, args, await this.call(tool, args));
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

function parseJSON<T>(tool: string, args: string[], stdout: string): T | null {
  if (stdout.trim() === '') return null;
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new HookToolError(tool, args, 0, '', `printed output that is not JSON: ${preview(stdout)}`);
  }
}

function relationGetArgs(opts: RelationGetOptions): string[] {
  const args = ['--format=json', '-r', opts.relationId];
  if (opts.app) args.push('--app');
  args.push(opts.key ?? '-');
  if (opts.unit) args.push(opts.unit);
  return args;
}

function parseJSONOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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

function preview(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
}
