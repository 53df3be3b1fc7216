import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUnitState, UnitState, unitState } from '@reactive/hookenv';
import { anyFileChanged, anyHook, dataChanged, expandHookPattern, isDataChanged, markInvoked, wasInvoked } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

beforeEach(() => {
  setUnitState(UnitState.open(join(tempDir(), 'state.lmdb')));
});
afterEach(async () => {
  await unitState().close();
  setUnitState(undefined);
});

describe('dataChanged', () => {
  it('is true the first time and when the data changes, recording the hash', () => {
    expect(dataChanged('db', { a: 1 })).toBe(true);
    expect(dataChanged('db', { a: 1 })).toBe(false);
    expect(dataChanged('db', { a: 2 })).toBe(true);
  });

  it('isDataChanged records nothing', () => {
    expect(isDataChanged('x', [1])).toBe(true);
    expect(isDataChanged('x', [1])).toBe(true);
    dataChanged('x', [1]);
    expect(isDataChanged('x', [1])).toBe(false);
  });

  // Hashes printed by Python: hashlib.md5(json.dumps(data, sort_keys=True).encode()).hexdigest()
  it.each([
    [{ a: 1 }, '42b7b4f2921788ea14dac5566e6f06d0', 'f9d86028c6e0d64e225186f96acb69338b2c59764df79162107f5c4bb34d1310'],
    [{ b: [1, 2], a: 'é' }, '7160e6d138d033d1df85e875208a68b2', '7d1f522b641be35c268b61f8a47f027d9ca80c1da1ce989ab8d0c3b88481a8cb'],
    ['x', '3fbf839fa0e778a20326ddc34f5cd588', 'ba2df4903a2c14e86dc3bcca58911b44ac1d2514b7227bf6eb08cfb978f55a1b'],
    [null, '37a6259cc0c1dae299a7866489dff0bd', '74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b'],
    [[1, 2.5, { z: null }], 'c53ecfc6e20b1be8995c1fd026fa9a29', 'c879d0e3a044d8f427ac82b6f3aef9679e71542c4828814c33e8a5fc2624fba7'],
  ])('hashes %j as the Python library does', (data, md5, sha256) => {
    dataChanged('md5', data);
    dataChanged('sha', data, 'sha256');
    expect(unitState().get('reactive.data_changed.md5')).toBe(md5);
    expect(unitState().get('reactive.data_changed.sha')).toBe(sha256);
  });

  it('keeps hashes written by the Python library valid', () => {
    unitState().set('reactive.data_changed.from-python', '42b7b4f2921788ea14dac5566e6f06d0');
    expect(dataChanged('from-python', { a: 1 })).toBe(false);
  });
});

describe('anyFileChanged', () => {
  it('sees new, changed and deleted files, each once; a file that never existed is no change', () => {
    const dir = tempDir();
    const file = join(dir, 'app.conf');
    expect(anyFileChanged([file])).toBe(false);
    writeFileSync(file, 'a');
    expect(anyFileChanged([file])).toBe(true);
    expect(anyFileChanged([file])).toBe(false);
    writeFileSync(file, 'b');
    expect(anyFileChanged([() => file])).toBe(true);
    rmSync(file);
    expect(anyFileChanged([file])).toBe(true);
    expect(anyFileChanged([file])).toBe(false);
    expect(unitState().get(`reactive.files_changed.${file}`)).toBeNull();
  });

  it('records every file even after the first change', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'a');
    writeFileSync(join(dir, 'b'), 'b');
    expect(anyFileChanged([join(dir, 'a'), join(dir, 'b')], 'sha256')).toBe(true);
    expect(anyFileChanged([join(dir, 'b')], 'sha256')).toBe(false);
  });
});

describe('markInvoked / wasInvoked', () => {
  it('remember an id', () => {
    expect(wasInvoked('h')).toBe(false);
    markInvoked('h');
    expect(wasInvoked('h')).toBe(true);
    expect(unitState().get('reactive.invoked.h')).toBe(true);
  });
});

describe('hook patterns', () => {
  const metadata = `
name: web
requires:
  db: {interface: mysql}
  db2: {interface: mysql}
  cache: {interface: redis}
provides:
  website: {interface: http}
peers:
  cluster: {interface: web-peers}
`;

  it('expand {role:interface} and {a,b}', () => {
    process.env.JUJU_CHARM_DIR = makeCharm({ 'metadata.yaml': metadata });
    expect(expandHookPattern('{requires:mysql}-relation-{joined,changed}').sort()).toEqual([
      'db-relation-changed',
      'db-relation-joined',
      'db2-relation-changed',
      'db2-relation-joined',
    ]);
    expect(expandHookPattern('{peers:web-peers}-relation-departed')).toEqual(['cluster-relation-departed']);
    expect(expandHookPattern('{install}')).toEqual(['install']);
    expect(expandHookPattern('{interface:mysql}-relation-joined')).toEqual([]);
    expect(expandHookPattern('{peer:web-peers}-relation-joined')).toEqual([]);
    expect(expandHookPattern('{requires:nothing}-relation-joined')).toEqual([]);
  });

  it('anyHook matches the current hook', () => {
    process.env.JUJU_CHARM_DIR = makeCharm({ 'metadata.yaml': metadata });
    process.env.JUJU_HOOK_NAME = 'db2-relation-changed';
    expect(anyHook('{requires:mysql}-relation-{joined,changed}')).toBe(true);
    expect(anyHook('install', '{provides:http}-relation-changed')).toBe(false);
    delete process.env.JUJU_HOOK_NAME;
  });

  it('a malformed metadata.yaml names the file and the problem', () => {
    const dir = makeCharm({ 'metadata.yaml': 'requires: [unclosed' });
    process.env.JUJU_CHARM_DIR = dir;
    expect(() => expandHookPattern('{requires:mysql}-relation-joined')).toThrow(
      `${dir}/metadata.yaml:1:20: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });
});
