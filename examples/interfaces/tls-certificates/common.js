// The request and response of `tls-certificates`, shared by both roles.
import { BaseRequest, BaseResponse, field } from '@reactive/patterns';

export class CertificateResponse extends BaseResponse {
  static certificate = field('The signed certificate (PEM)');
  static ca = field('The certificate of the authority that signed it (PEM)');
}

export class CertificateRequest extends BaseRequest {
  static RESPONSE_CLASS = CertificateResponse;
  static common_name = field("The certificate's common name");
  static sans = field('Subject alternative names');
}
