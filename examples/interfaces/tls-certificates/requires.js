// The requiring side: a unit asks for certificates.
//   flags: endpoint.<name>.has_responses, endpoint.<name>.all_responses
import { RequesterEndpoint } from '@reactive/patterns';
import { CertificateRequest } from './common.js';

export class TlsRequires extends RequesterEndpoint {
  static REQUEST_CLASS = CertificateRequest;

  /** Asks for a certificate on the first relation (updating an earlier request with the same common name). */
  requestCertificate(commonName, sans = []) {
    return CertificateRequest.createOrUpdate(['common_name'], this.relations[0], { common_name: commonName, sans });
  }
}
