import { describe, expect, it } from 'vitest';
import { JSONUnitDataView, KeyList, ReadOnlyDataError, RelatedUnit, UnitDataView } from '@reactive/endpoints';

describe('UnitDataView', () => {
  it('reads null for a missing key, a default with get, and refuses writes unless writeable', () => {
    const view = new UnitDataView({ a: '1' });
    expect(view.get('a')).toBe('1');
    expect(view.get('b')).toBeNull();
    expect(view.get('b', 'd')).toBe('d');
    expect(view.writeable).toBe(false);
    expect(() => view.set('a', '2')).toThrow(ReadOnlyDataError);
    expect(() => view.update({ a: '2' })).toThrow('Remote unit data cannot be modified');
    expect(view.modified).toBe(false);
  });

  it('tracks modification; setdefault writes only when absent; delete of a missing key throws', () => {
    const view = new UnitDataView({ key: 'value' }, true);
    expect(view.setdefault('key', 'other')).toBe('value');
    expect(view.modified).toBe(false);
    view.update({ a: 'x' });
    expect(view.modified).toBe(true);
    view.delete('a');
    expect(() => view.delete('a')).toThrow("KeyError: 'a'");
    expect(view.toJSON()).toEqual({ key: 'value' });
  });

  it('refuses a raw value that is not a string or null with a TypeError naming the key, and writes nothing (relation data is text)', () => {
    const view = new UnitDataView({ key: 'value' }, true);
    // As plain JavaScript calls them: TypeScript does not compile these.
    const untyped = view as unknown as { set(k: string, v: unknown): void; update(m: object): void; setdefault(k: string, v: unknown): unknown };
    expect(() => untyped.set('flag', true)).toThrow(
      new TypeError('relation data value of "flag" must be a string or null, not boolean (true): convert it yourself, or write it as JSON with toPublish'),
    );
    expect(() => untyped.set('port', 1.0)).toThrow('relation data value of "port" must be a string or null, not number (1)');
    expect(() => untyped.set('host', undefined)).toThrow('relation data value of "host" must be a string or null, not undefined');
    expect(() => untyped.set('o', { a: 1 })).toThrow('relation data value of "o" must be a string or null, not object');
    expect(() => untyped.update({ a: 'x', b: 2 })).toThrow('relation data value of "b" must be a string or null, not number (2)');
    expect(() => untyped.setdefault('n', 5)).toThrow('relation data value of "n" must be a string or null, not number (5)');
    expect(view.modified).toBe(false);
    expect(view.toJSON()).toEqual({ key: 'value' });
    view.set('key', null);
    expect(view.toJSON()).toEqual({ key: null });
  });

  it('keeps remote keys such as __proto__ and constructor as data', () => {
    const view = new UnitDataView(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x"}'));
    expect(view.keys()).toEqual(['__proto__', 'constructor']);
    expect(view.get('__proto__')).toBe('[object Object]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const json = new JSONUnitDataView(JSON.parse('{"__proto__": "{\\"polluted\\": true}"}'));
    expect(Object.getPrototypeOf(json.toJSON())).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(json.toJSON(), '__proto__')?.value).toEqual({ polluted: true });
  });
});

describe('JSONUnitDataView', () => {
  it.each([
    ['true', true],
    ['1', 1],
    ['[1, 2]', [1, 2]],
    ['"s"', 's'],
    ['yes', 'yes'],
    ['10.0.0.1', '10.0.0.1'],
    ['', ''],
    ['{"a": NaN}', { a: Number.NaN }],
    ['{not json', '{not json'],
  ])('decodes %j as Python does', (raw, decoded) => {
    expect(new JSONUnitDataView({ k: raw }).get('k')).toEqual(decoded);
  });

  it('encodes as Python json.dumps(value, sort_keys=True)', () => {
    const view = new JSONUnitDataView({}, true);
    view.set('key', { new: 'complex' });
    view.set('host', 'a');
    view.set('none', null);
    view.set('nested', { b: [1, 2.5, 'é'], a: { z: true } });
    expect(view.rawData.toJSON()).toEqual({
      key: '{"new": "complex"}',
      host: '"a"',
      none: 'null',
      nested: '{"a": {"z": true}, "b": [1, 2.5, "\\u00e9"]}',
    });
    expect(view.modified).toBe(true);
  });

  it('shares its raw data and modification with the raw view', () => {
    const raw = new UnitDataView({}, true);
    const json = new JSONUnitDataView(raw);
    json.set('a', 1);
    expect(raw.get('a')).toBe('1');
    expect(json.modified).toBe(true);
  });

  it('holds a 5 MB value', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const view = new JSONUnitDataView({ big });
    expect(view.get('big')).toBe(big);
  });
});

describe('KeyList', () => {
  it('looks items up by index (negative too) or by key, first match winning', () => {
    const list = KeyList.keyed(
      [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
        { id: 'a', n: 3 },
      ],
      (item) => item.id,
    );
    expect(list.get(0)?.n).toBe(1);
    expect(list.get(-1)?.n).toBe(3);
    expect(list.get('a')?.n).toBe(1);
    expect(list.get('z')).toBeUndefined();
    expect(list.keyNames()).toEqual(['a', 'b', 'a']);
    expect(list.map((item) => item.n)).toEqual([1, 2, 3]);
    expect(list.deleteKey('a')).toBe(true);
    expect(list.keyNames()).toEqual(['b', 'a']);
  });
});

describe('RelatedUnit', () => {
  it('refuses a unit without a name, and takes the application from the name', () => {
    expect(() => new RelatedUnit(null, '')).toThrow('RelatedUnit: a unit name is required');
    expect(new RelatedUnit(null, 'mysql/0', {}).applicationName).toBe('mysql');
    expect(new RelatedUnit(null, 'no-slash', {}).applicationName).toBe('no-slash');
  });
});

describe('property access on a view', () => {
  // What a JavaScript handler writes when it takes a view for a plain object.
  const asObject = (view: object) => view as Record<string, unknown>;

  it.each([
    ['UnitDataView', () => new UnitDataView({}, true)],
    ['JSONUnitDataView', () => new JSONUnitDataView({}, true)],
  ])('%s: a property write throws with the call to make, and publishes nothing', (_, make) => {
    const view = make();
    expect(() => {
      asObject(view).host = 'x';
    }).toThrow("Relation data is not written as a property (.host = …): call .set('host', value)");
    expect(() => Object.assign(view, { port: 80 })).toThrow("call .set('port', value)");
    expect(view.modified).toBe(false);
    expect(view.keys()).toEqual([]);
  });

  it.each([
    ['UnitDataView', () => new UnitDataView({ host: 'a' })],
    ['JSONUnitDataView', () => new JSONUnitDataView({ host: '"a"' })],
  ])('%s (remote data): a property write throws, saying the data is read-only and where to publish', (_, make) => {
    const view = make();
    expect(() => {
      asObject(view).host = 'x';
    }).toThrow("Remote relation data is read-only (.host = …): publish this unit's data with relation.toPublish.set('host', value)");
    expect(view.get('host')).toBe('a');
  });

  it('a property read or `in` of a key the view holds throws with the call to make; other names are not data', () => {
    const view = new JSONUnitDataView({ host: '"a"', size: '3' });
    expect(() => asObject(view).host).toThrow("Relation data is not read as a property (.host): call .get('host')");
    expect(() => 'host' in view).toThrow("call .has('host')");
    expect(() => delete asObject(view).host).toThrow("call .delete('host')");
    expect(asObject(view).port).toBeUndefined();
    expect('port' in view).toBe(false);
    // The view's own members win over keys of the same name.
    expect(view.size).toBe(2);
    expect(view.get('size')).toBe(3);
  });

  it('can still be resolved by a promise when a remote unit publishes a key named then', async () => {
    const view = new JSONUnitDataView({ then: '1' });
    expect(await Promise.resolve(view)).toBe(view);
  });
});
