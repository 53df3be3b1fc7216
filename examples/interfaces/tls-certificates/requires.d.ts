// The types of requires.js, for charms in TypeScript (see examples/README.md).
import { RequesterEndpoint } from '@reactive/patterns';
import type { CertificateRequest, CertificateResponse } from './common.js';

/**
 * The requiring side of `tls-certificates`: a unit asks for certificates.
 * Flags: `endpoint.<name>.has_responses`, `endpoint.<name>.all_responses`.
 */
export declare class TlsRequires extends RequesterEndpoint {
  get requests(): CertificateRequest[];
  get responses(): CertificateResponse[];
  /** Asks for a certificate on the first relation (updating an earlier request with the same common name). */
  requestCertificate(commonName: string, sans?: string[]): CertificateRequest;
}
