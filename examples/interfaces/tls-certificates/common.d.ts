// The types of common.js, for charms in TypeScript (see examples/README.md).
import { BaseRequest, BaseResponse, type Field } from '@reactive/patterns';

/** A signed certificate: the answer to a {@link CertificateRequest}. */
export declare class CertificateResponse extends BaseResponse {
  static certificate: Field;
  static ca: Field;
  /** The signed certificate (PEM). */
  certificate: string;
  /** The certificate of the authority that signed it (PEM). */
  ca: string;
}

/** A request for a certificate. */
export declare class CertificateRequest extends BaseRequest {
  static RESPONSE_CLASS: typeof CertificateResponse;
  static common_name: Field;
  static sans: Field;
  /** The certificate's common name. */
  common_name: string;
  /** Subject alternative names. */
  sans: string[];
  response: CertificateResponse | null;
}
