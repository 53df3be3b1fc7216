// A toy certificate authority: answers every new certificate request.
import { createHash } from 'node:crypto';
import { when, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { applicationName, statusSet } from '@reactive/hookenv';

const pem = (label, text) => `-----BEGIN ${label}-----\n${createHash('sha256').update(text).digest('base64')}\n-----END ${label}-----`;

when('endpoint.certificates.new_requests')(async function sign() {
  const certificates = Endpoint.fromName('certificates');
  for (const request of certificates.newRequests) {
    request.respond({
      certificate: pem('CERTIFICATE', `${request.common_name}|${(request.sans ?? []).join(',')}`),
      ca: pem('CERTIFICATE', applicationName()),
    });
  }
  await statusSet('active', `Signed ${certificates.allRequests.length} certificate(s)`);
});

whenNot('endpoint.certificates.has_requests')(async function idle() {
  await statusSet('active', 'Ready to sign');
});
