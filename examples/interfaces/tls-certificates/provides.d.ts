// The types of provides.js, for charms in TypeScript (see examples/README.md).
import { ResponderEndpoint } from '@reactive/patterns';
import type { CertificateRequest } from './common.js';

/**
 * The providing side of `tls-certificates`: a certificate authority answers requests.
 * Flags: `endpoint.<name>.has_requests`, `endpoint.<name>.new_requests`.
 */
export declare class TlsProvides extends ResponderEndpoint {
  get allRequests(): CertificateRequest[];
  get newRequests(): CertificateRequest[];
}
