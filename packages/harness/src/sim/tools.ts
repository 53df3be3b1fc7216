import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { jujuLogLevel, jujuRelationKey, NOT_LEADER, relationGetBag, unitSettingsNotFound, type LogLevel } from '@reactive/hookenv';
import type { CharmInfo } from './charm.js';
import { localEnd, remoteAppOf, relationKey, unitApp, type Bag, type ModelState, type RelationRecord } from './state.js';
import { HOOK_COMMAND_NAMES, helpText, JUJU_HOOK_COMMANDS } from './hook-commands.js';
import { JUJU_TOOLS } from './juju-tools.js';
import { hasCommand } from './juju-version.js';
import { flagValue, HelpRequested, keyValues, parseArgs, ToolFailure, UsageError, type FlagSpec, type ParsedArgs } from './tool-args.js';
import { parseStringMap, toYAML } from './yaml.js';

/** What a hook tool printed and how it exited (the agent protocol's answer). */
export interface ToolResponse {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running action (the action tools refuse outside one). */
export interface ActionState {
  name: string;
  params: Record<string, unknown>;
  results: Record<string, string>;
  failed?: string;
  logs: string[];
}

/**
 * Everything the hook tools of one running hook see and change. `view` is a
 * copy of the model taken when the hook started: the hook reads the rest of
 * the model as it was then, and its writes go to the copy, so it reads them
 * back at once; the simulator applies them to the model if the hook exits 0.
 */
export interface ToolContext {
  id: string;
  view: ModelState;
  unit: string;
  app: string;
  hook: string;
  charm: CharmInfo;
  /** Every option of the charm: the operator's value, else the default (null when none). */
  config: Record<string, unknown>;
  leader: boolean;
  relation?: RelationRecord;
  remoteUnit?: string;
  remoteApp?: string;
  departing?: string;
  action?: ActionState;
  log(level: LogLevel, message: string): void;
  reboot?: 'now' | 'after-hook';
  metrics: Array<Record<string, string>>;
  /** The storage instance a storage hook is about (`data/0`). */
  storage?: string;
  /** What the hook's writes are merged against (hooks of other units commit beside it): the model's secrets and the application's version as it began. */
  start?: { secrets?: ModelState['secrets']; version: string };
}

/** Every hook command of Juju 3.6, each put on PATH (those not in TOOLS answer that they are not simulated). */
export const HOOK_TOOLS = HOOK_COMMAND_NAMES;

type Format = 'json' | 'yaml' | 'smart';
type Handler = (ctx: ToolContext, parsed: ParsedArgs, stdin: string | null) => unknown;

/** A simulated hook command: its flags, and what it does. */
export interface ToolDef {
  spec: FlagSpec;
  /** Tools that print take --format (and -o/--output, not supported). */
  prints?: boolean;
  run: Handler;
}

const FORMAT = { format: 'value' } as const;
const STATES = new Set(['maintenance', 'blocked', 'waiting', 'active']);
const METRICS_HOOKS = new Set(['collect-metrics']);

/** Runs one hook tool against `ctx`: Juju's command line in, Juju's output and exit code out. */
export function runTool(ctx: ToolContext, tool: string, args: string[], stdin: string | null): ToolResponse {
  if (!Object.hasOwn(JUJU_HOOK_COMMANDS, tool)) return { code: 1, stdout: '', stderr: `ERROR unknown hook tool "${tool}"\n` };
  // What the model's Juju lacks is not on the hook's PATH: the shell's answer, for a call through the socket too.
  if (!hasCommand(ctx.view, tool)) return { code: 127, stdout: '', stderr: `${tool}: command not found\n` };
  const def = Object.hasOwn(TOOLS, tool) ? TOOLS[tool] : undefined;
  if (!def) return asksHelp(args) ? help(tool, { flags: {} }) : { code: 1, stdout: '', stderr: `ERROR ${tool} is not simulated\n` };
  if (METRICS_HOOKS.has(ctx.hook) && tool !== 'add-metric' && tool !== 'juju-log') {
    return { code: 1, stdout: '', stderr: `ERROR ${tool} is not allowed in the ${ctx.hook} hook\n` };
  }
  try {
    const parsed = parseArgs(args, def.spec);
    const format = def.prints ? formatOf(parsed) : 'smart';
    const value = def.run(ctx, parsed, stdin);
    return { code: 0, stdout: def.prints ? render(value, format) : '', stderr: '' };
  } catch (error) {
    if (error instanceof HelpRequested) return help(tool, def.spec);
    if (error instanceof UsageError) return { code: 2, stdout: '', stderr: `ERROR ${error.message}\n` };
    if (error instanceof ToolFailure) return { code: error.code, stdout: '', stderr: `ERROR ${error.message}\n` };
    return { code: 1, stdout: '', stderr: `ERROR ${(error as Error).message}\n` };
  }
}

/** Whether `-h` or `--help` comes before the end of the flags. */
function asksHelp(args: string[]): boolean {
  const flags = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return flags.includes('-h') || flags.includes('--help');
}

/** --help: the command's usage, summary and options on stdout, exit 0 (juju/cmd). */
function help(tool: string, spec: FlagSpec): ToolResponse {
  const short = Object.fromEntries(Object.entries(spec.aliases ?? {}).map(([alias, name]) => [name, alias]));
  const options = Object.entries(spec.flags)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, kind]) => `${short[name] ? `-${short[name]}, ` : ''}--${name}  (= ${kind === 'bool' ? 'false' : '""'})`);
  return { code: 0, stdout: helpText(tool, options), stderr: '' };
}

function formatOf(parsed: ParsedArgs): Format {
  const format = flagValue(parsed, 'format') ?? 'smart';
  if (format !== 'json' && format !== 'yaml' && format !== 'smart') {
    throw new UsageError(`invalid value "${format}" for option --format: unknown format "${format}"`);
  }
  return format;
}

/** Formats a value as Juju's json, yaml and smart formatters do. */
export function render(value: unknown, format: Format): string {
  let text: string;
  if (format === 'json') text = JSON.stringify(value ?? null);
  else if (value === null || value === undefined) text = '';
  else if (format === 'yaml') text = toYAML(value);
  else if (typeof value === 'boolean') text = value ? 'True' : 'False';
  else if (typeof value === 'string' || typeof value === 'number') text = String(value);
  else if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) text = value.map(String).join('\n');
  else text = toYAML(value);
  return text.length > 0 && !text.endsWith('\n') ? `${text}\n` : text;
}

/** A copy with keys sorted, as Go prints maps. */
function sorted<T>(bag: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(bag).sort()) Object.defineProperty(out, key, { value: bag[key], enumerable: true, writable: true, configurable: true });
  return out;
}

function noArgs(parsed: ParsedArgs, max = 0): void {
  if (parsed.positional.length > max) throw new UsageError(`unrecognized args: ${JSON.stringify(parsed.positional.slice(max))}`);
}

function requireLeader(ctx: ToolContext, refusal: string): void {
  if (!ctx.leader) throw new ToolFailure(refusal);
}

function requireAction(ctx: ToolContext): ActionState {
  if (!ctx.action) throw new ToolFailure('not running an action');
  return ctx.action;
}

/** The relation of `-r` (or of the hook), among the unit's relations. */
function relationOf(ctx: ToolContext, parsed: ParsedArgs): RelationRecord {
  const text = flagValue(parsed, 'relation');
  if (text === undefined) {
    if (ctx.relation) return ctx.relation;
    throw new UsageError('no relation id specified');
  }
  const match = /^(?:([A-Za-z0-9][\w.-]*):)?(\d+)$/.exec(text);
  if (!match) throw new UsageError(`invalid value "${text}" for option -r: invalid relation id`);
  const number = Number(match[2]);
  const mine = ctx.view.units[ctx.unit]?.relations[number];
  const relation = mine ? ctx.view.relations.find((r) => r.id === number) : undefined;
  if (!relation || (match[1] !== undefined && localEnd(relation, ctx.app)?.endpoint !== match[1])) {
    throw new UsageError(`invalid value "${text}" for option -r: relation not found`);
  }
  return relation;
}

/** The remote units `ctx.unit` sees in `relation` now. */
function members(ctx: ToolContext, relation: RelationRecord): string[] {
  return [...(ctx.view.units[ctx.unit]?.relations[relation.id]?.joined ?? [])].sort();
}

/** The databag relation-get reads, or a failure as Juju refuses it (exit 1: an error while the command runs). */
function readableBag(ctx: ToolContext, relation: RelationRecord, target: string, app: boolean): Bag {
  const remoteApp = remoteAppOf(relation, ctx.app);
  const access = relationGetBag({ unit: ctx.unit, leader: ctx.leader, remoteApp, target, app });
  if ('refused' in access) throw new ToolFailure(access.refused);
  if (access.bag === 'own-app' || access.bag === 'remote-app') return relation.apps[unitApp(target)] ?? {};
  if (access.bag === 'own-unit') return relation.units[target] ?? {};
  const inScope = !relation.dying && unitApp(target) === remoteApp && relation.units[target] !== undefined && ctx.view.units[target] !== undefined;
  if (inScope || members(ctx, relation).includes(target) || target === ctx.departing || target === ctx.remoteUnit) {
    const bag = relation.units[target];
    if (bag) return bag;
  }
  throw new ToolFailure(unitSettingsNotFound(target, jujuRelationKey(relation.ends)));
}

function applySettings(bag: Bag, settings: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(settings)) {
    if (key === '') throw new UsageError('empty key in settings');
    if (value === null || value === undefined || value === '') delete bag[key];
    else
      Object.defineProperty(bag, key, {
        value: typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
}

function relationSettingsFile(ctx: ToolContext, path: string, stdin: string | null): Record<string, string> {
  let text: string;
  if (path === '-') {
    text = stdin ?? '';
  } else {
    try {
      text = readFileSync(isAbsolute(path) ? path : join(ctx.charm.dir, path), 'utf8');
    } catch (error) {
      throw new ToolFailure(`cannot read settings file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  try {
    return parseStringMap(text, path === '-' ? 'stdin' : path);
  } catch (error) {
    const message = (error as Error).message;
    throw new ToolFailure(message.startsWith('expected') ? message : `cannot parse settings: ${message}`);
  }
}

/** `80`, `80/tcp`, `8000-8100/udp`, `icmp` → the canonical `80/tcp` form. */
function parsePort(text: string | undefined): string {
  if (text === undefined) throw new UsageError('no port or range specified');
  if (text === 'icmp') return 'icmp';
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/i.exec(text);
  if (!match) throw new UsageError(`expected <port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp; got "${text}"`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  for (const port of [from, to]) if (port < 1 || port > 65535) throw new UsageError(`port must be in the range [1, 65535]; got "${port}"`);
  if (to < from) throw new UsageError(`invalid port range "${text}"`);
  const protocol = (match[3] ?? 'tcp').toLowerCase();
  return `${from === to ? from : `${from}-${to}`}/${protocol}`;
}

function portOrder(a: string, b: string): number {
  const key = (p: string): [string, number] => (p === 'icmp' ? ['icmp', 0] : [p.split('/')[1]!, Number(p.split(/[-/]/)[0])]);
  const [pa, na] = key(a);
  const [pb, nb] = key(b);
  return pa === pb ? na - nb : pa < pb ? -1 : 1;
}

function networkInfo(address: string): Record<string, unknown> {
  return {
    'bind-addresses': [
      {
        'mac-address': '',
        'interface-name': 'eth0',
        addresses: [{ hostname: '', value: address, cidr: `${address.split('.').slice(0, 3).join('.')}.0/24`, address }],
      },
    ],
    'egress-subnets': [`${address}/32`],
    'ingress-addresses': [address],
  };
}

const TOOLS: Record<string, ToolDef> = {
  'config-get': {
    spec: { flags: { ...FORMAT, all: 'bool' }, aliases: { a: 'all' } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const key = parsed.positional[0];
      if (key !== undefined) return ctx.config[key] ?? null;
      const all = parsed.flags.has('all');
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(ctx.config)) if (all || (value !== null && value !== undefined)) out[name] = value;
      return sorted(out);
    },
  },

  'relation-ids': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const name = parsed.positional[0] ?? (ctx.relation ? localEnd(ctx.relation, ctx.app)?.endpoint : undefined);
      if (name === undefined) throw new UsageError('no endpoint name specified');
      const mine = ctx.view.units[ctx.unit]?.relations ?? {};
      return ctx.view.relations
        .filter((r) => mine[r.id] !== undefined && localEnd(r, ctx.app)?.endpoint === name)
        .sort((a, b) => a.id - b.id)
        .map((r) => relationKey(r, ctx.app));
    },
  },

  'relation-list': {
    spec: { flags: { ...FORMAT, relation: 'value', app: 'bool' }, aliases: { r: 'relation' } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed);
      const relation = relationOf(ctx, parsed);
      if (parsed.flags.has('app')) return remoteAppOf(relation, ctx.app);
      return members(ctx, relation);
    },
  },

  'relation-get': {
    spec: { flags: { ...FORMAT, relation: 'value', app: 'bool' }, aliases: { r: 'relation' } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 2);
      const relation = relationOf(ctx, parsed);
      const app = parsed.flags.has('app');
      const [rawKey, given] = parsed.positional;
      const key = rawKey === undefined || rawKey === '-' ? undefined : rawKey;
      const contextual = ctx.relation?.id === relation.id ? (app ? ctx.remoteApp : ctx.remoteUnit) : undefined;
      const target = given ?? contextual;
      if (!target) throw new UsageError(app ? 'no application specified' : 'no unit id specified');
      const bag = readableBag(ctx, relation, target, app);
      if (key === undefined) return sorted(bag);
      return Object.hasOwn(bag, key) ? bag[key] : null;
    },
  },

  'relation-set': {
    spec: { flags: { ...FORMAT, relation: 'value', app: 'bool', file: 'value' }, aliases: { r: 'relation' } },
    run(ctx, parsed, stdin) {
      const relation = relationOf(ctx, parsed);
      const file = flagValue(parsed, 'file');
      const settings: Record<string, string> = file === undefined ? {} : relationSettingsFile(ctx, file, stdin);
      Object.assign(settings, keyValues(parsed.positional));
      if (file === undefined && parsed.positional.length === 0) throw new UsageError('no settings specified');
      if (parsed.flags.has('app')) {
        requireLeader(ctx, NOT_LEADER['relation-set --app']);
        applySettings((relation.apps[ctx.app] ??= {}), settings);
      } else {
        applySettings((relation.units[ctx.unit] ??= {}), settings);
      }
      return undefined;
    },
  },

  'status-set': {
    spec: { flags: { application: 'bool' } },
    run(ctx, parsed) {
      const [state, message = '', ...rest] = parsed.positional;
      if (state === undefined) throw new UsageError('invalid args, require <status> [message]');
      if (rest.length > 0) throw new UsageError(`unrecognized args: ${JSON.stringify(rest)}`);
      if (!STATES.has(state)) throw new UsageError(`invalid status "${state}", expected one of [maintenance blocked waiting active]`);
      if (parsed.flags.has('application')) {
        requireLeader(ctx, NOT_LEADER['status-set --application']);
        ctx.view.applications[ctx.app]!.status = { status: state, message };
      } else {
        ctx.view.units[ctx.unit]!.status = { status: state, message };
      }
      return undefined;
    },
  },

  'status-get': {
    spec: { flags: { ...FORMAT, 'include-data': 'bool', application: 'bool' } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed);
      const withData = parsed.flags.has('include-data');
      if (parsed.flags.has('application')) {
        requireLeader(ctx, NOT_LEADER['status-get --application']);
        const app = ctx.view.applications[ctx.app]!;
        if (!withData) return app.status.status;
        const units: Record<string, unknown> = {};
        for (const name of app.units) {
          const unit = ctx.view.units[name];
          if (unit) units[name] = { status: unit.status.status, message: unit.status.message, 'status-data': {} };
        }
        return { 'application-status': { status: app.status.status, message: app.status.message, 'status-data': {}, units } };
      }
      const status = ctx.view.units[ctx.unit]!.status;
      return withData ? { status: status.status, message: status.message, 'status-data': {} } : status.status;
    },
  },

  'juju-log': {
    spec: { flags: { 'log-level': 'value', debug: 'bool', format: 'value' }, aliases: { l: 'log-level' } },
    run(ctx, parsed) {
      if (parsed.positional.length === 0) throw new UsageError('no message specified');
      const { level, warning } = jujuLogLevel(parsed.flags.has('debug') ? 'DEBUG' : flagValue(parsed, 'log-level'));
      if (warning) ctx.log('WARNING', warning);
      ctx.log(level, parsed.positional.join(' '));
      return undefined;
    },
  },

  'is-leader': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed);
      return ctx.leader;
    },
  },

  'leader-get': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const settings = ctx.view.applications[ctx.app]!.leaderSettings;
      const key = parsed.positional[0];
      if (key === undefined || key === '-') return sorted(settings);
      return Object.hasOwn(settings, key) ? settings[key] : null;
    },
  },

  'leader-set': {
    spec: { flags: {} },
    run(ctx, parsed) {
      const settings = keyValues(parsed.positional);
      requireLeader(ctx, NOT_LEADER['leader-set']);
      applySettings(ctx.view.applications[ctx.app]!.leaderSettings, settings);
      return undefined;
    },
  },

  'action-get': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const action = requireAction(ctx);
      const key = parsed.positional[0];
      if (key === undefined) return action.params;
      return (
        key
          .split('.')
          .reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), action.params) ?? null
      );
    },
  },

  'action-set': {
    spec: { flags: {} },
    run(ctx, parsed) {
      const action = requireAction(ctx);
      Object.assign(action.results, keyValues(parsed.positional));
      return undefined;
    },
  },

  'action-fail': {
    spec: { flags: {} },
    run(ctx, parsed) {
      requireAction(ctx).failed = parsed.positional.join(' ') || 'action failed without reason given, check action for errors';
      return undefined;
    },
  },

  'action-log': {
    spec: { flags: {} },
    run(ctx, parsed) {
      if (parsed.positional.length === 0) throw new UsageError('no message specified');
      requireAction(ctx).logs.push(parsed.positional.join(' '));
      return undefined;
    },
  },

  'application-version-set': {
    spec: { flags: {} },
    run(ctx, parsed) {
      if (parsed.positional.length !== 1) throw new UsageError('application-version-set takes exactly one argument: the version');
      ctx.view.applications[ctx.app]!.version = parsed.positional[0]!;
      return undefined;
    },
  },

  'open-port': {
    spec: { flags: { endpoints: 'value' } },
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const port = parsePort(parsed.positional[0]);
      const unit = ctx.view.units[ctx.unit]!;
      if (!unit.ports.includes(port)) unit.ports = [...unit.ports, port].sort(portOrder);
      return undefined;
    },
  },

  'close-port': {
    spec: { flags: { endpoints: 'value' } },
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const port = parsePort(parsed.positional[0]);
      const unit = ctx.view.units[ctx.unit]!;
      unit.ports = unit.ports.filter((p) => p !== port);
      return undefined;
    },
  },

  'opened-ports': {
    spec: { flags: { ...FORMAT, endpoints: 'bool' } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed);
      return [...ctx.view.units[ctx.unit]!.ports];
    },
  },

  'unit-get': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      const setting = parsed.positional[0];
      if (setting !== 'private-address' && setting !== 'public-address')
        throw new UsageError(setting === undefined ? 'no setting specified' : `unknown setting "${setting}"`);
      return ctx.view.units[ctx.unit]!.address;
    },
  },

  'network-get': {
    spec: {
      flags: { ...FORMAT, relation: 'value', 'primary-address': 'bool', 'bind-address': 'bool', 'ingress-address': 'bool', 'egress-subnets': 'bool' },
      aliases: { r: 'relation' },
    },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed, 1);
      let binding: string | undefined = parsed.positional[0];
      if (binding === undefined) {
        if (!parsed.flags.has('relation')) throw new UsageError('no arguments specified');
        binding = localEnd(relationOf(ctx, parsed), ctx.app)?.endpoint;
      } else if (parsed.flags.has('relation')) {
        relationOf(ctx, parsed);
      }
      const known = [...ctx.charm.endpoints.map((e) => e.name), ...ctx.charm.extraBindings];
      if (!binding || !known.includes(binding)) throw new ToolFailure(`no network config found for binding "${binding}"`);
      const address = ctx.view.units[ctx.unit]!.address;
      if (parsed.flags.has('primary-address')) return address;
      const info = networkInfo(address);
      const picks = (['bind-address', 'ingress-address', 'egress-subnets'] as const).filter((flag) => parsed.flags.has(flag));
      if (picks.length === 0) return info;
      const pick = (flag: (typeof picks)[number]): unknown =>
        flag === 'bind-address' ? address : flag === 'ingress-address' ? address : info['egress-subnets'];
      if (picks.length === 1) return pick(picks[0]!);
      return Object.fromEntries(picks.map((flag) => [flag, pick(flag)]));
    },
  },

  'goal-state': {
    spec: { flags: { ...FORMAT } },
    prints: true,
    run(ctx, parsed) {
      noArgs(parsed);
      const view = ctx.view;
      const goal = (unit: string): Record<string, string> => ({
        status: view.units[unit]?.dying ? 'dying' : 'active',
        since: view.units[unit]?.since ?? view.created,
      });
      const units: Record<string, unknown> = {};
      for (const name of view.applications[ctx.app]!.units) units[name] = goal(name);
      const relations: Record<string, Record<string, unknown>> = {};
      for (const relation of view.relations) {
        const end = localEnd(relation, ctx.app);
        if (!end || relation.dying) continue;
        const remote = remoteAppOf(relation, ctx.app);
        const entry = (relations[end.endpoint] ??= {});
        if (remote !== ctx.app) entry[remote] = { status: 'joined', since: view.created };
        for (const name of view.applications[remote]?.units ?? []) if (name !== ctx.unit) entry[name] = goal(name);
      }
      return { units, relations };
    },
  },

  'add-metric': {
    spec: { flags: { labels: 'value' } },
    run(ctx, parsed) {
      if (!METRICS_HOOKS.has(ctx.hook)) throw new ToolFailure('cannot record metric: metrics disabled (only the collect-metrics hook may add metrics)');
      ctx.metrics.push(keyValues(parsed.positional));
      return undefined;
    },
  },

  'juju-reboot': {
    spec: { flags: { now: 'bool' } },
    run(ctx, parsed) {
      noArgs(parsed);
      if (ctx.action) throw new ToolFailure('juju-reboot is not supported when running an action');
      ctx.reboot = parsed.flags.has('now') ? 'now' : 'after-hook';
      return undefined;
    },
  },

  ...JUJU_TOOLS,
};
