export { BaseRequest, type RequestClass, type RequestSource } from './base-request.js';
export { BaseResponse, type ResponseClass } from './base-response.js';
export { Field, field, fieldsOf } from './field.js';
export { RequesterEndpoint } from './requester-endpoint.js';
export { ResponderEndpoint } from './responder-endpoint.js';
