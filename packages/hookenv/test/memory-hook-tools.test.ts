import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';

describe('MemoryHookTools', () => {
  it('models relations with remote units, app data and the local bags', async () => {
    const tools = new MemoryHookTools({ unit: 'web/0', leader: true });
    const rid = tools.addRelation('db', 'pg', { units: { 'pg/0': { host: 'a' }, 'pg/1': {} }, appData: { version: '15' } });
    expect(rid).toBe('db:0');
    expect(await tools.relationIds('db')).toEqual(['db:0']);
    expect(await tools.relationIds('cache')).toEqual([]);
    expect(await tools.relationList(rid)).toEqual(['pg/0', 'pg/1']);
    expect(await tools.relationRemoteApp(rid)).toBe('pg');
    expect(await tools.relationGet({ relationId: rid, unit: 'pg/0' })).toEqual({ host: 'a' });
    expect(await tools.relationGet({ relationId: rid, unit: 'pg/0', key: 'host' })).toBe('a');
    expect(await tools.relationGet({ relationId: rid, unit: 'pg', app: true })).toEqual({ version: '15' });
    // An error while relation-get runs exits 1 (juju/cmd), which the tools raise; charm-helpers returns None only for exit 2.
    await expect(tools.relationGet({ relationId: rid, unit: 'pg/7' })).rejects.toMatchObject({
      exitCode: 1,
      detail: 'exited 1: cannot read settings for unit "pg/7" in relation "db:0": unit "pg/7": settings not found',
    });
    expect(await tools.relationGet({ relationId: 'db:9', unit: 'pg/0' })).toBeNull();

    await tools.relationSet({ relationId: rid }, { database: 'app', gone: null });
    await tools.relationSet({ relationId: rid, app: true }, { shared: 'yes' });
    expect(tools.relation(rid).localUnitData).toEqual({ database: 'app' });
    expect(await tools.relationGet({ relationId: rid, unit: 'web/0' })).toEqual({ database: 'app' });
    expect(await tools.relationGet({ relationId: rid, unit: 'web', app: true })).toEqual({ shared: 'yes' });
    await tools.relationSet({ relationId: rid }, { database: '' });
    expect(tools.relation(rid).localUnitData).toEqual({});
  });

  it('enforces leadership for app data, app status and leader-set', async () => {
    const tools = new MemoryHookTools({ unit: 'web/1', leader: false });
    const rid = tools.addRelation('db', 'pg');
    await expect(tools.relationSet({ relationId: rid, app: true }, { a: '1' })).rejects.toThrow('cannot write relation settings');
    await expect(tools.statusSet('active', '', { application: true })).rejects.toThrow('this unit is not the leader');
    await expect(tools.statusGet({ application: true })).rejects.toThrow('finding application status: this unit is not the leader');
    await expect(tools.leaderSet({ a: '1' })).rejects.toThrow('cannot write leadership settings: cannot write settings: not the leader');
    await expect(tools.relationGet({ relationId: rid, unit: 'web', app: true })).rejects.toMatchObject({ exitCode: 1, detail: 'exited 1: permission denied' });
  });

  it('keeps keys such as __proto__ as data', async () => {
    const tools = new MemoryHookTools();
    const rid = tools.addRelation('db', 'pg');
    await tools.relationSet({ relationId: rid }, JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    const bag = tools.relation(rid).localUnitData;
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(bag, '__proto__')?.value).toBe('x');
    expect(bag.constructor).toBe('y');
  });

  it("records the command line the real tools get: '--' before free text starting with '-'", async () => {
    const tools = new MemoryHookTools();
    await tools.statusSet('active', '-h0 is the db host');
    await tools.jujuLog('-v is not an option');
    await tools.actionFail('-x marks the spot');
    await tools.applicationVersionSet('1.0');
    expect(tools.status).toEqual({ status: 'active', message: '-h0 is the db host' });
    expect(tools.calls).toEqual([
      { tool: 'status-set', args: ['--', 'active', '-h0 is the db host'] },
      { tool: 'juju-log', args: ['-l', 'INFO', '--', '-v is not an option'] },
      { tool: 'action-fail', args: ['--', '-x marks the spot'] },
      { tool: 'application-version-set', args: ['1.0'] },
    ]);
  });

  it('records status, logs, ports, actions and every call', async () => {
    const tools = new MemoryHookTools({ config: { port: 80 } });
    expect(await tools.configGet()).toEqual({ port: 80 });
    await tools.statusSet('maintenance', 'installing');
    await tools.jujuLog('hello', 'DEBUG');
    await tools.openPort('80/tcp');
    tools.actionParams = { target: { name: 'db' } };
    expect(await tools.actionGet('target.name')).toBe('db');
    await tools.actionSet({ result: { size: 3 } });
    expect(tools.status).toEqual({ status: 'maintenance', message: 'installing' });
    expect(tools.logs).toEqual([{ level: 'DEBUG', message: 'hello' }]);
    expect(await tools.openedPorts()).toEqual(['80/tcp']);
    expect(tools.actionResults).toEqual({ 'result.size': 3 });
    expect(tools.callCounts()).toEqual({
      'config-get': 1,
      'status-set': 1,
      'juju-log': 1,
      'open-port': 1,
      'opened-ports': 1,
      'action-get': 1,
      'action-set': 1,
    });
  });
});
