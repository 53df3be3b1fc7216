// The hook commands of Juju 3.x beyond relations, config and status (secrets,
// storage, resources, credential-get, server-side state, relation-model-get),
// their command lines read as jujuc reads them: each becomes a call of the
// HookTools method of the same name. The simulator answers the call from its
// model, the Harness from its MemoryHookTools, so both take the same command
// lines and print the same answers.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ToolRefusal } from '@reactive/hookenv';
import { flagValue, keyValues, UsageError, type FlagSpec, type ParsedArgs } from './tool-args.js';
import { parseYAMLText } from './yaml.js';

/** The HookTools methods these commands call. */
export type JujuMethod =
  | 'secretAdd'
  | 'secretGet'
  | 'secretSet'
  | 'secretGrant'
  | 'secretRevoke'
  | 'secretRemove'
  | 'secretIds'
  | 'secretInfoGet'
  | 'storageGet'
  | 'storageList'
  | 'storageAdd'
  | 'resourceGet'
  | 'credentialGet'
  | 'stateGet'
  | 'stateSet'
  | 'stateDelete'
  | 'relationModelGet';

/** One command line, read: the method to call with its arguments, and what of its answer the command prints. */
export interface JujuCall {
  method: JujuMethod;
  args: unknown[];
  /** What is printed of the method's answer (default: the answer; none for commands that print nothing). */
  show?: (value: unknown) => unknown;
}

/** What a command line is read against: the hook's relation (`-r`'s default), and where relative file names start. */
export interface CallContext {
  relationId?: string;
  cwd: string;
  stdin: string | null;
}

export interface JujuCommand {
  spec: FlagSpec;
  /** How the answer is printed: `--format` (smart by default, as jujuc's), a line of text, or nothing. */
  prints: 'format' | 'line' | 'nothing';
  read(parsed: ParsedArgs, ctx: CallContext): JujuCall;
}

const FORMAT = { format: 'value' } as const;
const SECRET_SETTINGS = { label: 'value', description: 'value', expire: 'value', rotate: 'value', owner: 'value', file: 'value' } as const;
/** jujuc's server-side state limits (core/quota). */
const STATE_KEY_LIMIT = 256;
const STATE_VALUE_LIMIT = 64 * 1024;

function atMost(parsed: ParsedArgs, count: number): void {
  if (parsed.positional.length > count) throw new UsageError(`unrecognized args: ${JSON.stringify(parsed.positional.slice(count))}`);
}

function secretId(parsed: ParsedArgs): string {
  const id = parsed.positional[0];
  if (id === undefined) throw new UsageError('missing secret URI');
  return id;
}

/** `--label`, `--description`, `--expire`, `--rotate`, `--owner` as given. */
function secretSettings(parsed: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['label', 'description', 'expire', 'rotate', 'owner']) {
    const value = flagValue(parsed, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readText(path: string, ctx: CallContext): string {
  if (path === '-') return ctx.stdin ?? '';
  try {
    return readFileSync(isAbsolute(path) ? path : resolve(ctx.cwd, path), 'utf8');
  } catch (error) {
    throw new ToolRefusal(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 1);
  }
}

/** A YAML map of strings (secret and state files), each scalar kept as text, as Juju reads it into map[string]string. */
function readStringMap(path: string, ctx: CallContext): Record<string, string> {
  let data: unknown;
  try {
    data = parseYAMLText(readText(path, ctx), path);
  } catch (error) {
    throw new ToolRefusal((error as Error).message, 1);
  }
  if (data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ToolRefusal(`${path}: expected a map of keys to values`, 1);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object') throw new ToolRefusal(`${path}: the value of ${JSON.stringify(key)} is not a string`, 1);
    Object.defineProperty(out, key, { value: value === null ? '' : String(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `key=value`, `key#base64=value` and `key#file=path` arguments, then `--file`'s map over them (jujuc's order). */
function secretContent(args: string[], parsed: ParsedArgs, ctx: CallContext): Record<string, string> {
  const content: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(args))) {
    const fromFile = key.endsWith('#file');
    const name = fromFile ? key.slice(0, -'#file'.length) : key;
    Object.defineProperty(content, name, { value: fromFile ? readText(value, ctx) : value, enumerable: true, writable: true, configurable: true });
  }
  const file = flagValue(parsed, 'file');
  return file === undefined ? content : Object.assign(content, readStringMap(file, ctx));
}

function relationFlag(parsed: ParsedArgs, ctx: CallContext): string | undefined {
  return flagValue(parsed, 'relation') ?? ctx.relationId;
}

/** Juju prints secret ids bare; the memory tools answer URIs. */
function bareId(id: string): string {
  return id.startsWith('secret:') ? id.slice('secret:'.length) : id;
}

function checkStateSize(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (Buffer.byteLength(key) > STATE_KEY_LIMIT) throw new ToolRefusal(`max allowed key length (${STATE_KEY_LIMIT}) exceeded`, 1);
    if (Buffer.byteLength(value) > STATE_VALUE_LIMIT) throw new ToolRefusal(`max allowed value length (${STATE_VALUE_LIMIT}) exceeded`, 1);
  }
}

/** `name` or `name=count` (a positive integer). */
function storageCounts(args: string[]): Record<string, number> {
  if (args.length === 0) throw new UsageError('storage add requires a storage directive');
  const counts: Record<string, number> = {};
  for (const arg of args) {
    const [name = '', count = '1', ...rest] = arg.split('=');
    if (name === '' || rest.length > 0 || !/^[1-9]\d*$/.test(count)) throw new UsageError(`cannot parse storage directive ${JSON.stringify(arg)}`);
    counts[name] = (counts[name] ?? 0) + Number(count);
  }
  return counts;
}

export const JUJU_COMMANDS: Readonly<Record<string, JujuCommand>> = {
  'secret-add': {
    spec: { flags: SECRET_SETTINGS },
    prints: 'line',
    read(parsed, ctx) {
      if (parsed.positional.length === 0 && flagValue(parsed, 'file') === undefined) throw new UsageError('missing secret value or filename');
      return { method: 'secretAdd', args: [secretContent(parsed.positional, parsed, ctx), secretSettings(parsed)] };
    },
  },
  'secret-get': {
    spec: { flags: { ...FORMAT, label: 'value', peek: 'bool', refresh: 'bool' } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 2);
      const [id, key] = parsed.positional;
      const label = flagValue(parsed, 'label');
      const ref = { ...(id !== undefined ? { id } : {}), ...(label !== undefined ? { label } : {}) };
      const opts = { ...(parsed.flags.has('peek') ? { peek: true } : {}), ...(parsed.flags.has('refresh') ? { refresh: true } : {}) };
      return { method: 'secretGet', args: [ref, opts], ...(key === undefined ? {} : { show: (content) => secretKey(content as Record<string, string>, key) }) };
    },
  },
  'secret-set': {
    spec: { flags: SECRET_SETTINGS },
    prints: 'nothing',
    read(parsed, ctx) {
      const id = secretId(parsed);
      const given = parsed.positional.length > 1 || flagValue(parsed, 'file') !== undefined;
      const content = given ? secretContent(parsed.positional.slice(1), parsed, ctx) : undefined;
      return { method: 'secretSet', args: [id, content, secretSettings(parsed)] };
    },
  },
  'secret-grant': {
    spec: { flags: { relation: 'value', unit: 'value' }, aliases: { r: 'relation' } },
    prints: 'nothing',
    read(parsed, ctx) {
      atMost(parsed, 1);
      const id = secretId(parsed);
      const relationId = relationFlag(parsed, ctx);
      if (relationId === undefined) throw new UsageError('missing relation');
      const unit = flagValue(parsed, 'unit');
      return { method: 'secretGrant', args: [id, relationId, unit === undefined ? {} : { unit }] };
    },
  },
  'secret-revoke': {
    spec: { flags: { relation: 'value', app: 'value', unit: 'value' }, aliases: { r: 'relation', application: 'app' } },
    prints: 'nothing',
    read(parsed, ctx) {
      atMost(parsed, 1);
      const opts: Record<string, string> = {};
      const relationId = relationFlag(parsed, ctx);
      if (relationId !== undefined && flagValue(parsed, 'app') === undefined) opts.relationId = relationId;
      for (const name of ['app', 'unit']) if (flagValue(parsed, name) !== undefined) opts[name] = flagValue(parsed, name)!;
      return { method: 'secretRevoke', args: [secretId(parsed), opts] };
    },
  },
  'secret-remove': {
    spec: { flags: { revision: 'value' } },
    prints: 'nothing',
    read(parsed) {
      atMost(parsed, 1);
      const revision = flagValue(parsed, 'revision');
      if (revision !== undefined && !/^\d+$/.test(revision)) throw new UsageError(`invalid value "${revision}" for option --revision: invalid syntax`);
      return { method: 'secretRemove', args: [secretId(parsed), revision === undefined ? {} : { revision: Number(revision) }] };
    },
  },
  'secret-ids': {
    spec: { flags: { ...FORMAT } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 0);
      return { method: 'secretIds', args: [], show: (ids) => (ids as string[]).map(bareId) };
    },
  },
  'secret-info-get': {
    spec: { flags: { ...FORMAT, label: 'value' } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 1);
      const id = parsed.positional[0];
      const label = flagValue(parsed, 'label');
      const ref = { ...(id !== undefined ? { id } : {}), ...(label !== undefined ? { label } : {}) };
      return {
        method: 'secretInfoGet',
        args: [ref],
        show: (info) => Object.fromEntries(Object.entries(info as Record<string, unknown>).map(([key, value]) => [bareId(key), value])),
      };
    },
  },
  'storage-get': {
    spec: { flags: { ...FORMAT, s: 'value' } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 1);
      const id = flagValue(parsed, 's');
      const key = parsed.positional[0];
      return { method: 'storageGet', args: [{ ...(id !== undefined ? { id } : {}), ...(key !== undefined ? { key } : {}) }] };
    },
  },
  'storage-list': {
    spec: { flags: { ...FORMAT } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 1);
      return { method: 'storageList', args: parsed.positional.slice(0, 1) };
    },
  },
  'storage-add': {
    spec: { flags: {} },
    prints: 'nothing',
    read: (parsed) => ({ method: 'storageAdd', args: [storageCounts(parsed.positional)] }),
  },
  'resource-get': {
    spec: { flags: {} },
    prints: 'line',
    read(parsed) {
      const name = parsed.positional[0];
      if (name === undefined) throw new UsageError('missing required resource name');
      atMost(parsed, 1);
      return { method: 'resourceGet', args: [name] };
    },
  },
  'credential-get': {
    spec: { flags: { ...FORMAT } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 0);
      return { method: 'credentialGet', args: [] };
    },
  },
  'state-get': {
    spec: { flags: { ...FORMAT, strict: 'bool' } },
    prints: 'format',
    read(parsed) {
      atMost(parsed, 1);
      const given = parsed.positional[0];
      const key = given === '-' ? undefined : given;
      const strict = parsed.flags.has('strict');
      return {
        method: 'stateGet',
        args: key === undefined ? [] : [key],
        show: (value) => {
          if (strict && key !== undefined && value === null) throw new ToolRefusal(`${JSON.stringify(key)} not found`, 1);
          return value;
        },
      };
    },
  },
  'state-set': {
    spec: { flags: { file: 'value' } },
    prints: 'nothing',
    read(parsed, ctx) {
      const file = flagValue(parsed, 'file');
      const values = { ...(file === undefined ? {} : readStringMap(file, ctx)), ...keyValues(parsed.positional) };
      checkStateSize(values);
      return { method: 'stateSet', args: [values] };
    },
  },
  'state-delete': {
    spec: { flags: {} },
    prints: 'nothing',
    read(parsed) {
      atMost(parsed, 1);
      const key = parsed.positional[0];
      if (key === undefined) throw new UsageError('no key specified');
      return { method: 'stateDelete', args: [key] };
    },
  },
  'relation-model-get': {
    spec: { flags: { ...FORMAT, relation: 'value' }, aliases: { r: 'relation' } },
    prints: 'format',
    read(parsed, ctx) {
      atMost(parsed, 0);
      const relationId = relationFlag(parsed, ctx);
      if (relationId === undefined) throw new UsageError('no relation id specified');
      return { method: 'relationModelGet', args: [relationId] };
    },
  },
};

/** `secret-get ID KEY`: one value; `KEY#base64` gives it base64-encoded. */
function secretKey(content: Record<string, string>, given: string): string {
  const encoded = given.endsWith('#base64');
  const key = encoded ? given.slice(0, -'#base64'.length) : given;
  if (!Object.hasOwn(content, key)) throw new ToolRefusal(`secret key ${JSON.stringify(key)} not found`, 1);
  return encoded ? Buffer.from(content[key]!, 'utf8').toString('base64') : content[key]!;
}

/** What answers the calls: a HookTools-like object with the methods of {@link JujuMethod}. */
export type JujuBackend = Record<JujuMethod, (...args: never[]) => unknown>;

/** Runs `call` on `backend` and gives what the command prints of the answer (a promise when the backend answers with one). */
export function answer(backend: JujuBackend, call: JujuCall): unknown {
  const value = (backend[call.method] as (...args: unknown[]) => unknown)(...call.args);
  const show = call.show ?? ((v: unknown) => v);
  return value instanceof Promise ? value.then(show) : show(value);
}
