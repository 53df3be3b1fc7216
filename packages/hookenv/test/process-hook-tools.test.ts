import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HookToolError, ProcessHookTools } from '@reactive/hookenv';
import { FakeHookTools } from '../../../test-fixtures/fake-hook-tools.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

let fake: FakeHookTools;
const tools = new ProcessHookTools();
const savedPath = process.env.PATH;

beforeEach(() => {
  fake = new FakeHookTools(tempDir());
  process.env.PATH = fake.path();
});
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('ProcessHookTools', () => {
  it('config-get: --all --format=json, parsed', async () => {
    fake.add('config-get', { stdout: '{"admin-pass":null,"port":8080,"debug":false}\n' });
    expect(await tools.configGet()).toEqual({ 'admin-pass': null, port: 8080, debug: false });
    expect(fake.calls()).toEqual([{ tool: 'config-get', args: ['--all', '--format=json'] }]);
  });

  it('relation-ids and relation-list', async () => {
    fake.add('relation-ids', { stdout: '["db:0","db:3"]\n' });
    fake.add('relation-list', { stdout: '["pg/0","pg/1"]\n' });
    expect(await tools.relationIds('db')).toEqual(['db:0', 'db:3']);
    expect(await tools.relationList('db:3')).toEqual(['pg/0', 'pg/1']);
    expect(fake.calls()).toEqual([
      { tool: 'relation-ids', args: ['--format=json', 'db'] },
      { tool: 'relation-list', args: ['--format=json', '-r', 'db:3'] },
    ]);
  });

  it('relation-list --app gives the remote application', async () => {
    fake.add('relation-list', { stdout: '"pg"\n' });
    expect(await tools.relationRemoteApp('db:3')).toBe('pg');
    expect(fake.calls()[0]!.args).toEqual(['--format=json', '-r', 'db:3', '--app']);
  });

  it('relation-get: whole databag, one key, app bag', async () => {
    fake.add('relation-get', { stdout: '{"host":"10.0.0.5","port":"5432"}\n' });
    expect(await tools.relationGet({ relationId: 'db:1', unit: 'mysql/0' })).toEqual({ host: '10.0.0.5', port: '5432' });
    fake.add('relation-get', { stdout: '"10.0.0.5"\n' });
    expect(await tools.relationGet({ relationId: 'db:1', unit: 'mysql/0', key: 'host' })).toBe('10.0.0.5');
    fake.add('relation-get', { stdout: '{"a":"b"}\n' });
    expect(await tools.relationGet({ relationId: 'db:1', unit: 'mysql', app: true })).toEqual({ a: 'b' });
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['--format=json', '-r', 'db:1', '-', 'mysql/0'],
      ['--format=json', '-r', 'db:1', 'host', 'mysql/0'],
      ['--format=json', '-r', 'db:1', '--app', '-', 'mysql'],
    ]);
  });

  it('relation-get: exit 2 and empty output give null; other failures throw', async () => {
    fake.add('relation-get', { exitCode: 2, stderr: 'ERROR permission denied\n' });
    expect(await tools.relationGet({ relationId: 'db:1', unit: 'mysql/0' })).toBeNull();
    fake.add('relation-get');
    expect(await tools.relationGet({ relationId: 'db:1', unit: 'mysql/0' })).toBeNull();
    expect(tools.relationGetSync({ relationId: 'db:1', unit: 'mysql/0' })).toBeNull();
    fake.add('relation-get', { exitCode: 1, stderr: 'ERROR invalid relation id\n' });
    await expect(tools.relationGet({ relationId: 'db:9', unit: 'mysql/0' })).rejects.toThrow(
      'relation-get --format=json -r db:9 - mysql/0: exited 1: ERROR invalid relation id',
    );
  });

  it('relation-set: --file - with the settings as JSON on stdin', async () => {
    fake.add('relation-set', { captureStdin: true });
    await tools.relationSet({ relationId: 'db:1' }, { host: 'h', gone: null, 'odd key': 'a=b\nc' });
    expect(fake.calls()).toEqual([{ tool: 'relation-set', args: ['-r', 'db:1', '--file', '-'] }]);
    expect(JSON.parse(fake.stdin('relation-set')!)).toEqual({ host: 'h', gone: null, 'odd key': 'a=b\nc' });
    await tools.relationSet({ relationId: 'db:1', app: true }, { x: '1' });
    expect(fake.calls()[1]!.args).toEqual(['-r', 'db:1', '--app', '--file', '-']);
  });

  it('status-set and status-get', async () => {
    fake.add('status-set');
    fake.add('status-get', { stdout: '{"message":"ready","status":"active","status-data":{}}\n' });
    await tools.statusSet('active', 'ready');
    await tools.statusSet('blocked', 'need db', { application: true });
    await tools.statusSet('waiting');
    expect(await tools.statusGet()).toEqual({ status: 'active', message: 'ready', statusData: {} });
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['active', 'ready'],
      ['--application', 'blocked', 'need db'],
      ['waiting', ''],
      ['--format=json', '--include-data'],
    ]);
  });

  it('status-get --application reads application-status', async () => {
    fake.add('status-get', { stdout: '{"application-status":{"message":"m","status":"blocked","status-data":{},"units":{}}}\n' });
    expect(await tools.statusGet({ application: true })).toEqual({ status: 'blocked', message: 'm', statusData: {} });
  });

  it('juju-log passes a level, and protects messages that look like options', async () => {
    fake.add('juju-log');
    await tools.jujuLog('hello world');
    await tools.jujuLog('-v is not an option', 'WARNING');
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['-l', 'INFO', 'hello world'],
      ['-l', 'WARNING', '--', '-v is not an option'],
    ]);
  });

  it("free text starting with '-' reaches status-set, action-fail, action-log and application-version-set as text, not as options", async () => {
    // Juju's tools parse flags between arguments: without "--", "-h0 ..." asks status-set for its help (exit 0, no status set).
    fake.add('status-set', { flags: { application: 'bool' } });
    for (const tool of ['action-fail', 'action-log', 'application-version-set']) fake.add(tool, { flags: {} });
    await tools.statusSet('active', '-h0 is the db host');
    await tools.statusSet('blocked', '--application wins?', { application: true });
    await tools.statusSet('active', 'ready');
    await tools.actionFail('-x marks the spot');
    await tools.actionLog('-- 50% done');
    await tools.applicationVersionSet('-rc1');
    expect(fake.calls().map((c) => [c.tool, ...(c.operands ?? ['(help)'])])).toEqual([
      ['status-set', 'active', '-h0 is the db host'],
      ['status-set', 'blocked', '--application wins?'],
      ['status-set', 'active', 'ready'],
      ['action-fail', '-x marks the spot'],
      ['action-log', '-- 50% done'],
      ['application-version-set', '-rc1'],
    ]);
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['--', 'active', '-h0 is the db host'],
      ['--application', '--', 'blocked', '--application wins?'],
      ['active', 'ready'],
      ['--', '-x marks the spot'],
      ['--', '-- 50% done'],
      ['--', '-rc1'],
    ]);
  });

  it("keys and values starting with '-' reach leader-set, action-set, add-metric, relation-get and leader-get as arguments", async () => {
    fake.add('leader-set', { flags: {} });
    fake.add('action-set', { flags: {} });
    fake.add('add-metric', { flags: { labels: 'value' } });
    fake.add('relation-get', { stdout: 'null\n', flags: { format: 'value', relation: 'value', r: 'value', app: 'bool' } });
    fake.add('leader-get', { stdout: 'null\n', flags: { format: 'value' } });
    await tools.leaderSet({ '-k': '-v', plain: '-1' });
    await tools.actionSet({ '-odd': 1 });
    await tools.addMetric({ '-m': 2 });
    await tools.relationGet({ relationId: 'db:1', unit: 'pg/0', key: '-weird' });
    await tools.relationGet({ relationId: 'db:1', unit: 'pg/0' });
    await tools.leaderGet('-key');
    expect(fake.calls().map((c) => [c.tool, ...(c.operands ?? ['(help)'])])).toEqual([
      ['leader-set', '-k=-v', 'plain=-1'],
      ['action-set', '-odd=1'],
      ['add-metric', '-m=2'],
      ['relation-get', '-weird', 'pg/0'],
      ['relation-get', '-', 'pg/0'],
      ['leader-get', '-key'],
    ]);
    expect(fake.calls()[4]!.args).toEqual(['--format=json', '-r', 'db:1', '-', 'pg/0']);
  });

  it('leadership tools', async () => {
    fake.add('is-leader', { stdout: 'true\n' });
    fake.add('leader-get', { stdout: '{"password":"s3cret"}\n' });
    fake.add('leader-set');
    expect(await tools.isLeader()).toBe(true);
    expect(await tools.leaderGet()).toEqual({ password: 's3cret' });
    await tools.leaderSet({ password: 'x=y', gone: null });
    expect(fake.calls().map((c) => [c.tool, ...c.args])).toEqual([
      ['is-leader', '--format=json'],
      ['leader-get', '--format=json', '-'],
      ['leader-set', 'password=x=y', 'gone='],
    ]);
  });

  it('ports, version, unit-get, network-get, goal-state, metrics', async () => {
    for (const tool of ['open-port', 'close-port', 'application-version-set', 'add-metric']) fake.add(tool);
    fake.add('opened-ports', { stdout: '["80/tcp"]\n' });
    fake.add('unit-get', { stdout: '"10.1.2.3"\n' });
    fake.add('network-get', { stdout: '{"ingress-addresses":["10.1.2.3"]}\n' });
    fake.add('goal-state', { stdout: '{"units":{},"relations":{}}\n' });
    await tools.openPort('80/tcp');
    await tools.closePort('8000-8100/udp');
    await tools.applicationVersionSet('1.2.3');
    await tools.addMetric({ users: 3 });
    expect(await tools.openedPorts()).toEqual(['80/tcp']);
    expect(await tools.unitGet('private-address')).toBe('10.1.2.3');
    expect(await tools.networkGet('db')).toEqual({ 'ingress-addresses': ['10.1.2.3'] });
    expect(await tools.goalState()).toEqual({ units: {}, relations: {} });
    expect(fake.calls().map((c) => [c.tool, ...c.args])).toEqual([
      ['open-port', '80/tcp'],
      ['close-port', '8000-8100/udp'],
      ['application-version-set', '1.2.3'],
      ['add-metric', 'users=3'],
      ['opened-ports', '--format=json'],
      ['unit-get', '--format=json', 'private-address'],
      ['network-get', '--format=json', 'db'],
      ['goal-state', '--format=json'],
    ]);
  });

  it('action tools flatten nested results', async () => {
    for (const tool of ['action-set', 'action-fail', 'action-log']) fake.add(tool);
    fake.add('action-get', { stdout: '{"target":"db","opts":{"fast":true}}\n' });
    expect(await tools.actionGet()).toEqual({ target: 'db', opts: { fast: true } });
    await tools.actionSet({ outcome: 'ok', detail: { files: 3, size: '1G' } });
    await tools.actionFail('disk full');
    await tools.actionLog('50% done');
    expect(fake.calls().map((c) => [c.tool, ...c.args])).toEqual([
      ['action-get', '--format=json'],
      ['action-set', 'outcome=ok', 'detail.files=3', 'detail.size=1G'],
      ['action-fail', 'disk full'],
      ['action-log', '50% done'],
    ]);
  });

  it('juju-log writes a NUL character as \\0: no argument can hold one, and logging data must not fail the hook', async () => {
    fake.add('juju-log');
    await tools.jujuLog('remote said a\0b');
    expect(fake.calls()[0]!.args).toEqual(['-l', 'INFO', 'remote said a\\0b']);
  });

  it('arguments reach the tool verbatim, never through a shell', async () => {
    fake.add('juju-log');
    const nasty = '$(touch /tmp/pwned) `id` ; rm -rf / "quoted" \'single\'';
    await tools.jujuLog(nasty);
    expect(fake.calls()[0]!.args).toEqual(['-l', 'INFO', nasty]);
  });
});

describe('ProcessHookTools failures', () => {
  it('a tool that exits non-zero is an error naming the tool, arguments and stderr', async () => {
    fake.add('status-set', { exitCode: 1, stderr: 'ERROR invalid status "bogus"\n' });
    const error = await tools.statusSet('bogus' as 'active', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect((error as HookToolError).message).toBe('status-set bogus x: exited 1: ERROR invalid status "bogus"');
    expect((error as HookToolError).tool).toBe('status-set');
    expect((error as HookToolError).exitCode).toBe(1);
  });

  it('an error shows a long argument cut short, not whole', async () => {
    fake.add('juju-log', { exitCode: 1, stderr: 'ERROR no unit agent\n' });
    const error = (await tools.jujuLog(`start ${'x'.repeat(50_000)}`).catch((e: unknown) => e)) as HookToolError;
    expect(error.message).toMatch(/^juju-log -l INFO start x+… \(50006 characters\): exited 1: ERROR no unit agent$/);
    expect(error.message.length).toBeLessThan(300);
    expect(error.args.at(-1)).toHaveLength(50_006);
  });

  it('output that is not JSON is an error of one line naming the tool and showing the output, escaped', async () => {
    fake.add('config-get', { stdout: '{"port": 80' });
    await expect(tools.configGet()).rejects.toThrow(/^config-get printed something that is not JSON: "\{\\"port\\": 80"$/);
    fake.add('relation-get', { stdout: `<html>\n<body>\u001b[31m${'x'.repeat(100)}` });
    const error = await tools.relationGet({ relationId: 'db:1', unit: 'pg/0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect((error as HookToolError).message).toBe(`relation-get printed something that is not JSON: "<html>\\n<body>\\u001b[31m${'x'.repeat(62)}…"`);
    expect(() => tools.relationGetSync({ relationId: 'db:1', unit: 'pg/0' })).toThrow('relation-get printed something that is not JSON: "<html>');
  });

  it('every tool that prints JSON refuses output that is not JSON, or JSON of the wrong kind, instead of reading it as no data', async () => {
    const garbage = 'Traceback (most recent call last):';
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['config-get', () => tools.configGet()],
      ['relation-ids', () => tools.relationIds('db')],
      ['relation-list', () => tools.relationList('db:1')],
      ['relation-get', () => tools.relationGet({ relationId: 'db:1', unit: 'pg/0', key: 'host' })],
      ['status-get', () => tools.statusGet()],
      ['is-leader', () => tools.isLeader()],
      ['leader-get', () => tools.leaderGet()],
      ['opened-ports', () => tools.openedPorts()],
      ['action-get', () => tools.actionGet()],
      ['unit-get', () => tools.unitGet('private-address')],
      ['network-get', () => tools.networkGet('db')],
      ['goal-state', () => tools.goalState()],
    ];
    for (const [tool, call] of calls) {
      fake.add(tool, { stdout: `${garbage}\n` });
      await expect(call(), tool).rejects.toThrow(`${tool} printed something that is not JSON: "${garbage}\\n"`);
    }
    fake.add('relation-list', { stdout: '"pg"\n' });
    expect(() => tools.relationListSync('db:1')).toThrow('relation-list printed JSON that is not a list of strings: "\\"pg\\"\\n"');
    const wrongKinds: Array<[string, string, string, () => Promise<unknown>]> = [
      ['config-get', '[]', 'an object', () => tools.configGet()],
      ['relation-ids', '"db:1"', 'a list of strings', () => tools.relationIds('db')],
      ['relation-list', '{"pg/0":1}', 'a list of strings', () => tools.relationList('db:1')],
      ['relation-list', '["pg"]', 'a string', () => tools.relationRemoteApp('db:1')],
      ['relation-get', '["a"]', 'an object', () => tools.relationGet({ relationId: 'db:1', unit: 'pg/0' })],
      ['status-get', '"active"', 'an object', () => tools.statusGet()],
      ['is-leader', '"True"', 'true or false', () => tools.isLeader()],
      ['leader-get', '[1]', 'an object', () => tools.leaderGet()],
      ['opened-ports', '"80/tcp"', 'a list of strings', () => tools.openedPorts()],
      ['unit-get', '{}', 'a string', () => tools.unitGet('private-address')],
      ['network-get', '[]', 'an object', () => tools.networkGet('db')],
      ['goal-state', '1', 'an object', () => tools.goalState()],
    ];
    for (const [tool, stdout, kind, call] of wrongKinds) {
      fake.add(tool, { stdout: `${stdout}\n` });
      await expect(call(), tool).rejects.toThrow(`${tool} printed JSON that is not ${kind}: ${JSON.stringify(`${stdout}\n`)}`);
    }
  });

  it('a missing tool says so', async () => {
    process.env.PATH = tempDir();
    await expect(tools.isLeader()).rejects.toThrow('is-leader --format=json: not found on PATH');
  });
});
