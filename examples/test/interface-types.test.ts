// A TypeScript charm sees the example interfaces' classes: type-only imports
// from an interface installed as an npm package, or from its folder.
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typecheck } from '../../test-fixtures/typecheck.mjs';

const INTERFACES = join(import.meta.dirname, '..', 'interfaces');

const handlers = (httpFolder: string): string => `import { when } from '@reactive/bus';
import { Endpoint, endpointFromFlag, endpointFromName } from '@reactive/endpoints';
import type { PgsqlRequires } from '@reactive/interface-pgsql/requires.js';
import type { TlsRequires } from 'reactive-interface-tls-certificates/requires.js';
import type { HttpProvides } from '${httpFolder}/provides.js';

when('db.connected')(function requestDatabase() {
  Endpoint.fromName<PgsqlRequires>('db')?.requestDatabase('my-app');
});
when('db.database.available')(function render(db: PgsqlRequires) {
  const text: string | null = db.connectionString();
  void text;
});
when('endpoint.certificates.has_responses')(function serve() {
  const certificate: string | undefined = endpointFromFlag<TlsRequires>('endpoint.certificates.has_responses')?.responses[0]?.certificate;
  void certificate;
});
when('website.available')(function publish(website: HttpProvides) {
  website.configure(8080, 'web-0.local');
});
Endpoint.fromName<PgsqlRequires>('db')?.requestDatabase(42);
Endpoint.fromName<PgsqlRequires>('db')?.requestDatabse('my-app');
endpointFromName<TlsRequires>('certificates')?.requestCertificate();
`;

describe('interface types', () => {
  it("give a charm the interface's methods before the build, and refuse calls that do not match them", () => {
    const packages = {
      '@reactive/interface-pgsql': join(INTERFACES, 'pgsql'),
      'reactive-interface-tls-certificates': join(INTERFACES, 'tls-certificates'),
    };
    const files = (dir: string) => ({ 'reactive/app.ts': handlers(relative(join(dir, 'reactive'), join(INTERFACES, 'http'))) });
    const { errors } = typecheck(files, { packages });
    expect(errors.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([
      'reactive/app.ts:21 TS2345',
      'reactive/app.ts:22 TS2551',
      'reactive/app.ts:23 TS2554',
    ]);
  });
});
