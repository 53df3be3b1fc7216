// The providing side: a certificate authority answers requests.
//   flags: endpoint.<name>.has_requests, endpoint.<name>.new_requests
import { ResponderEndpoint } from '@reactive/patterns';
import { CertificateRequest } from './common.js';

// Its own subclass, so a charm using both roles keeps two request caches.
class ReceivedCertificateRequest extends CertificateRequest {}

export class TlsProvides extends ResponderEndpoint {
  static REQUEST_CLASS = ReceivedCertificateRequest;
}
