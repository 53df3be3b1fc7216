import { Endpoint, type Relation } from '@reactive/endpoints';
import { toggleFlag } from '@reactive/flags';
import type { BaseRequest, RequestClass } from './base-request.js';
import type { BaseResponse } from './base-response.js';
import { fieldsOf } from './field.js';

const generated = new WeakSet<Function>();

/**
 * The requesting side: loads the requests this unit published at the start of
 * every hook, and keeps `endpoint.<name>.has_responses` and `.all_responses`.
 * For every field `f` of the request class it offers `responseByF(value, relation?)`.
 */
export class RequesterEndpoint extends Endpoint {
  static REQUEST_CLASS: RequestClass | null = null;

  constructor(endpointName: string, relationIds: string[] = []) {
    super(endpointName, relationIds);
    const cls = (this.constructor as typeof RequesterEndpoint).REQUEST_CLASS;
    if (!cls) throw new TypeError('REQUEST_CLASS must be defined by subclass');
    generateLookups(this.constructor, cls);
    cls.load(this.relations);
  }

  get requestClass(): RequestClass {
    return (this.constructor as typeof RequesterEndpoint).REQUEST_CLASS!;
  }

  /** The requests this unit made, sorted by id. */
  get requests(): BaseRequest[] {
    return this.requestClass.getAll();
  }

  /** The responses received so far, in request order. */
  get responses(): BaseResponse[] {
    return this.requests.flatMap((request) => (request.response ? [request.response] : []));
  }

  /** The response to the request whose fields equal `fields`, or null. */
  responseByField(fields: Record<string, unknown>, relation?: Relation): BaseResponse | null {
    return this.requestClass.find(fields, relation)?.response ?? null;
  }

  override manageBuiltInFlags(): void {
    const requests = this.requests;
    const responses = this.responses;
    toggleFlag(this.expandName('has_responses'), responses.length > 0);
    toggleFlag(this.expandName('all_responses'), responses.length === requests.length);
  }
}

/** `responseByCn(value, relation?)` for field `cn`, `responseByRequestId` for `request_id`. */
function generateLookups(endpointClass: Function, requestClass: Function): void {
  if (generated.has(endpointClass)) return;
  generated.add(endpointClass);
  for (const name of fieldsOf(requestClass).keys()) {
    const method = `responseBy${camel(name)}`;
    if (method in endpointClass.prototype) continue;
    Object.defineProperty(endpointClass.prototype, method, {
      value(this: RequesterEndpoint, value: unknown, relation?: Relation) {
        return this.responseByField({ [name]: value }, relation);
      },
      configurable: true,
      writable: true,
    });
  }
}

function camel(name: string): string {
  return name.replace(/(^|[_-])([a-z0-9])/g, (_m, _sep, ch: string) => ch.toUpperCase());
}
