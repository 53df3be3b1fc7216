import { beforeAll, describe, expect, it } from 'vitest';
import { typecheck } from '../../../test-fixtures/typecheck.mjs';

const prelude = `import { hook, when, whenAll, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
class Db extends Endpoint {
  requestDatabase(name: string): void {
    void name;
  }
}
`;
const PRELUDE_LINES = 7;

const handlers = {
  fillable: `when('a')(function none() {});
when('db.available')(function one(db: Db) { db.requestDatabase('x'); });
whenAll('a', 'b')(function optional(a: Db, b?: Endpoint) { void a; void b; });
when('a', 'b')(function rest(...all: Endpoint[]) { void all; });
when('a')(whenNot('b')(function stacked(db: Db) { void db; }));
hook('db-relation-joined')(function relation(db: Db) { void db; });
when('a')((anything: unknown) => anything);
const flags: string[] = ['a'];
when(...flags)(function spread(a: Db, b: Db) { void a; void b; });
export class Web extends Endpoint {
  @when('endpoint.{endpoint_name}.joined')
  ready(): void {}
}
`,
  'too-many': `when('a')(function tooMany(a: Db, b: Db) { void a; void b; });
hook('db-relation-joined')(function two(a: Db, b: Db) { void a; void b; });
export class Web extends Endpoint {
  @when('endpoint.{endpoint_name}.joined')
  ready(a: Db, b: Db): void { void a; void b; }
}
`,
  'not-an-object': `when('db.available')(function port(port: number) { void port; });\n`,
  'json-values': `import { dataChanged } from '@reactive/bus';
when('db.available')(function publish(db: Db) {
  const data = db.relations[0]!.toPublish;
  data.set('connection', { host: 'db', port: 5432 });
  if (dataChanged('db.connection', { host: 'db' })) data.setdefault('ready', true);
  data.set('when', new Date());
  dataChanged('restart', { callback: () => 1 });
});
`,
  'loose-config': `import { config } from '@reactive/hookenv';
when('config.changed')(function configure() {
  if (config().changed('anything')) void config().get('anything');
  const port: number = config().get('port');
  void port;
});
`,
};

/** Each handler file's errors, `LINE TSxxxx message` with lines counted after the prelude: one program for all. */
let errors: Record<keyof typeof handlers, string[]>;
beforeAll(() => {
  const files = Object.fromEntries(Object.entries(handlers).map(([name, body]) => [`reactive/${name}.ts`, prelude + body]));
  const all = typecheck(files).errors;
  errors = Object.fromEntries(
    Object.keys(handlers).map((name) => {
      const prefix = `reactive/${name}.ts:`;
      const own = all.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
      return [name, own.map((e) => e.replace(/^\d+/, (line) => String(Number(line) - PRELUDE_LINES)))];
    }),
  ) as typeof errors;
});

describe('handler types', () => {
  it('accept handlers the decorators can call: no parameters, one object per flag, optional, rest, stacked', () => {
    expect(errors.fillable).toEqual([]);
  });

  it('refuse a handler requiring more arguments than when() has flags, or hook() passes', () => {
    expect(errors['too-many']).toEqual([
      expect.stringMatching(/^1 TS2345 .*UnfillableHandler<"it requires more parameters than the decorator passes arguments/),
      expect.stringMatching(/^2 TS2345 .*UnfillableHandler<"it requires more parameters/),
      expect.stringMatching(/^4 TS1241 Unable to resolve signature of method decorator/),
    ]);
  });

  it("refuse relation data and dataChanged() values JSON cannot hold, as Python's json.dumps does", () => {
    expect(errors['json-values'].map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['6 TS2345', '7 TS2322']);
  });

  it('leave config() loose in a charm without config.d.ts: any option name, values unknown', () => {
    expect(errors['loose-config'].map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['4 TS2322']);
  });

  it('refuse a parameter that cannot hold the Endpoint when() passes', () => {
    expect(errors['not-an-object']).toEqual([expect.stringMatching(/^1 TS2345 .*UnfillableHandler<"a parameter cannot hold the Endpoint/)]);
  });
});
