// A web server: asks the CA for a certificate, serves once it has one, and
// tells http clients where it listens.
import { when, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { setFlag } from '@reactive/flags';
import { config, localUnit, statusSet } from '@reactive/hookenv';
import type { HttpProvides } from '../../interfaces/http/provides.js';
import type { TlsRequires } from '../../interfaces/tls-certificates/requires.js';

const hostname = (): string => `${localUnit().replace('/', '-')}.local`;

when('endpoint.certificates.joined')(
  whenNot('web.certificate.requested')(function requestCertificate() {
    Endpoint.fromName<TlsRequires>('certificates')!.requestCertificate(hostname(), [hostname(), 'localhost']);
    setFlag('web.certificate.requested');
  }),
);

whenNot('endpoint.certificates.has_responses')(async function waitForCertificate() {
  await statusSet('waiting', 'Waiting for a certificate');
});

when('endpoint.certificates.has_responses')(async function serve() {
  const [response] = Endpoint.fromName<TlsRequires>('certificates')!.responses;
  const serial = response?.certificate.split('\n')[1]?.slice(0, 8);
  await statusSet('active', `Serving https on port ${config().get('port')} (${serial}…)`);
});

when('website.available')(function publish(website: HttpProvides) {
  website.configure(config().get('port'), hostname());
});
