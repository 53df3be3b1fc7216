import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HookToolError, ProcessHookTools } from '@reactive/hookenv';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let fake: FakeHookTools;
const tools = new ProcessHookTools();
const savedPath = process.env.PATH;
const URI = 'secret:cu5mh2dv1iq6efd4o1g0';

beforeEach(() => {
  fake = new FakeHookTools(tempDir());
  process.env.PATH = fake.path();
});
afterEach(() => {
  process.env.PATH = savedPath;
});

/**
 * A fake `tool` that keeps what its `--file=` argument held (content, the
 * file's and its folder's modes, the path) in `dir/<tool>.file.*`, then
 * prints `stdout` and `stderr` and exits with `code`.
 */
function fileReadingTool(tool: string, { stdout = '', stderr = '', code = 0 }: { stdout?: string; stderr?: string; code?: number }): (part: string) => string {
  const dir = fake.dir as string;
  const script = [
    '#!/bin/sh',
    `d='${dir}'`,
    `printf '%s\\n' "$@" > "$d/${tool}.args"`,
    'for a in "$@"; do case "$a" in --file=*) f="${a#--file=}";; esac; done',
    `cat "$f" > "$d/${tool}.file.content"; stat -c %a "$f" > "$d/${tool}.file.mode"; stat -c %a "$(dirname "$f")" > "$d/${tool}.file.dirmode"; printf '%s' "$f" > "$d/${tool}.file.path"`,
    `printf '%s' '${stdout}'`,
    `printf '%s' '${stderr}' >&2`,
    `exit ${code}`,
  ].join('\n');
  writeFileSync(join(dir, tool), script);
  chmodSync(join(dir, tool), 0o755);
  return (part) => readFileSync(join(dir, `${tool}.${part}`), 'utf8').trim();
}

describe('ProcessHookTools: the hook commands of Juju 3.6 and 4.0', () => {
  it('secret-add: the content in a 0600 file (--file), never on the command line; the file removed after', async () => {
    const kept = fileReadingTool('secret-add', { stdout: `${URI}\n` });
    const uri = await tools.secretAdd({ password: 's3cret pass' }, { label: 'db', description: 'the db', expire: '24h', rotate: 'monthly', owner: 'unit' });
    expect(uri).toBe(URI);
    expect(kept('args').split('\n')).toEqual([
      '--label=db',
      '--description=the db',
      '--expire=24h',
      '--rotate=monthly',
      '--owner=unit',
      `--file=${kept('file.path')}`,
    ]);
    expect(JSON.parse(kept('file.content'))).toEqual({ password: 's3cret pass' });
    expect(kept('file.mode')).toBe('600');
    expect(kept('file.dirmode')).toBe('700');
    expect(existsSync(kept('file.path'))).toBe(false);
  });

  it("secret-add and secret-set failing: the error names the command and Juju's text, not the content, and the file is gone", async () => {
    const kept = fileReadingTool('secret-add', { stderr: 'ERROR key "Password" not valid', code: 2 });
    const error = await tools.secretAdd({ Password: 'hunter2-very-secret' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect((error as HookToolError).message).toBe(`secret-add --file=${kept('file.path')}: exited 2: ERROR key "Password" not valid`);
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(String((error as Error).stack)).not.toContain('hunter2');
    expect(existsSync(kept('file.path'))).toBe(false);

    const set = fileReadingTool('secret-set', { stderr: 'ERROR permission denied', code: 1 });
    const failed = (await tools.secretSet(URI, { password: 'hunter2-very-secret' }, { label: '-odd' }).catch((e: unknown) => e)) as HookToolError;
    expect(failed.message).toBe(`secret-set --label=-odd --file=${set('file.path')} ${URI}: exited 1: ERROR permission denied`);
    expect(JSON.stringify(failed)).not.toContain('hunter2');
    expect(existsSync(set('file.path'))).toBe(false);
  });

  it('secret-set without content passes settings only', async () => {
    fake.add('secret-set');
    await tools.secretSet(URI, undefined, { rotate: 'never' });
    expect(fake.calls()).toEqual([{ tool: 'secret-set', args: ['--rotate=never', URI] }]);
  });

  it('secret-get, -grant, -revoke, -remove, -ids and -info-get: command lines and JSON read', async () => {
    fake.add('secret-get', { stdout: '{"password":"s3cret"}\n' });
    fake.add('secret-grant').add('secret-revoke').add('secret-remove');
    fake.add('secret-ids', { stdout: '["cu5mh2dv1iq6efd4o1g0"]\n' });
    fake.add('secret-info-get', { stdout: '{"cu5mh2dv1iq6efd4o1g0":{"revision":2,"label":"db","owner":"application","rotation":"hourly"}}\n' });
    expect(await tools.secretGet({ id: URI, label: 'creds' }, { refresh: true })).toEqual({ password: 's3cret' });
    await tools.secretGet({ label: 'creds' }, { peek: true });
    await tools.secretGrant(URI, 'db:3', { unit: 'app/1' });
    await tools.secretRevoke(URI, { relationId: 'db:3' });
    await tools.secretRevoke(URI, { app: 'app' });
    await tools.secretRemove(URI, { revision: 1 });
    expect(await tools.secretIds()).toEqual([URI]);
    expect(await tools.secretInfoGet({ label: 'db' })).toEqual({ [URI]: { revision: 2, label: 'db', owner: 'application', rotation: 'hourly' } });
    expect(fake.calls()).toEqual([
      { tool: 'secret-get', args: ['--format=json', '--label=creds', '--refresh', URI] },
      { tool: 'secret-get', args: ['--format=json', '--label=creds', '--peek'] },
      { tool: 'secret-grant', args: ['--relation=db:3', '--unit=app/1', URI] },
      { tool: 'secret-revoke', args: ['--relation=db:3', URI] },
      { tool: 'secret-revoke', args: ['--app=app', URI] },
      { tool: 'secret-remove', args: ['--revision=1', URI] },
      { tool: 'secret-ids', args: ['--format=json'] },
      { tool: 'secret-info-get', args: ['--format=json', '--label=db'] },
    ]);
  });

  it("secret-get refused: the HookToolError carries Juju's text and exit code", async () => {
    fake.add('secret-get', { exitCode: 1, stderr: 'ERROR permission denied\n' });
    const error = (await tools.secretGet({ id: URI }).catch((e: unknown) => e)) as HookToolError;
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`secret-get --format=json ${URI}: exited 1: ERROR permission denied`);
  });

  it('storage-get, storage-list, storage-add', async () => {
    fake.add('storage-get', { stdout: '{"kind":"filesystem","location":"/srv/data"}\n' });
    fake.add('storage-list', { stdout: '["data/0","logs/1"]\n' });
    fake.add('storage-add');
    expect(await tools.storageGet()).toEqual({ kind: 'filesystem', location: '/srv/data' });
    await tools.storageGet({ id: 'data/0', key: 'location' });
    expect(await tools.storageList()).toEqual(['data/0', 'logs/1']);
    await tools.storageList('data');
    await tools.storageAdd({ data: 2, logs: 1 });
    expect(fake.calls().map((c) => [c.tool, ...c.args])).toEqual([
      ['storage-get', '--format=json'],
      ['storage-get', '--format=json', '-s=data/0', 'location'],
      ['storage-list', '--format=json'],
      ['storage-list', '--format=json', 'data'],
      ['storage-add', 'data=2', 'logs=1'],
    ]);
  });

  it('resource-get, credential-get, state-*, relation-model-get, juju-reboot', async () => {
    fake.add('resource-get', { stdout: '/var/lib/juju/agents/unit-app-0/resources/software/software.zip' });
    fake.add('credential-get', { stdout: '{"type":"lxd","name":"localhost"}\n' });
    fake.add('state-get', { stdout: '{"a":"1"}\n' });
    fake.add('state-set', { captureStdin: true });
    fake.add('state-delete').add('juju-reboot');
    fake.add('relation-model-get', { stdout: '{"uuid":"5e1c2a3b-0000-4000-8000-000000000001"}\n' });
    expect(await tools.resourceGet('software')).toBe('/var/lib/juju/agents/unit-app-0/resources/software/software.zip');
    expect(await tools.credentialGet()).toEqual({ type: 'lxd', name: 'localhost' });
    expect(await tools.stateGet()).toEqual({ a: '1' });
    await tools.stateSet({ a: '1', 'b c': 'x=y\nz' });
    expect(JSON.parse(fake.stdin('state-set')!)).toEqual({ a: '1', 'b c': 'x=y\nz' });
    await tools.stateDelete('-a');
    expect(await tools.relationModelGet('db:3')).toEqual({ uuid: '5e1c2a3b-0000-4000-8000-000000000001' });
    await tools.jujuReboot({ now: true });
    expect(fake.calls().map((c) => [c.tool, ...c.args])).toEqual([
      ['resource-get', 'software'],
      ['credential-get', '--format=json'],
      ['state-get', '--format=json'],
      ['state-set', '--file', '-'],
      ['state-delete', '--', '-a'],
      ['relation-model-get', '--format=json', '-r', 'db:3'],
      ['juju-reboot', '--now'],
    ]);
  });
});
