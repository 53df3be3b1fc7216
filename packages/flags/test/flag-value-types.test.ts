import { describe, expect, it } from 'vitest';
import { typecheck } from '../../../test-fixtures/typecheck.mjs';

describe("setFlag's value type", () => {
  it('accepts what JSON holds (interfaces, optional fields, unknown) and refuses functions, Dates, Maps, BigInts', () => {
    const handler = `import { setFlag } from '@reactive/flags';
interface Connection { host: string; port: number; tags?: string[] }
const connection: Connection = { host: 'db', port: 5432 };
setFlag('a');
setFlag('a', connection);
setFlag('a', { nested: [1, 'x', { yes: true, none: null }] });
setFlag('a', JSON.parse('1') as unknown);
setFlag('a', { restart: () => 1 });
setFlag('a', new Date());
setFlag('a', new Map<string, string>());
setFlag('a', { big: 10n });
`;
    expect(typecheck({ 'reactive/charm.ts': handler }).errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([
      'reactive/charm.ts:8 TS2322',
      'reactive/charm.ts:9 TS2345',
      'reactive/charm.ts:10 TS2345',
      'reactive/charm.ts:11 TS2322',
    ]);
  });
});
