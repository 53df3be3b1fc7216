import { Endpoint } from '@reactive/endpoints';
import { toggleFlag } from '@reactive/flags';
import type { BaseRequest, RequestClass } from './base-request.js';

/**
 * The responding side: loads the requests the remote units published at the
 * start of every hook, and keeps `endpoint.<name>.has_requests` and
 * `.new_requests` (requests not answered yet).
 */
export class ResponderEndpoint extends Endpoint {
  static REQUEST_CLASS: RequestClass | null = null;

  constructor(endpointName: string, relationIds: string[] = []) {
    super(endpointName, relationIds);
    const cls = (this.constructor as typeof ResponderEndpoint).REQUEST_CLASS;
    if (!cls) throw new TypeError('REQUEST_CLASS must be defined by subclass');
    cls.load(this.allJoinedUnits);
  }

  get requestClass(): RequestClass {
    return (this.constructor as typeof ResponderEndpoint).REQUEST_CLASS!;
  }

  /** Every request received, sorted by id. */
  get allRequests(): BaseRequest[] {
    return this.requestClass.getAll();
  }

  /** The requests not answered yet. */
  get newRequests(): BaseRequest[] {
    return this.allRequests.filter((request) => !request.response);
  }

  override manageBuiltInFlags(): void {
    toggleFlag(this.expandName('has_requests'), this.allRequests.length > 0);
    toggleFlag(this.expandName('new_requests'), this.newRequests.length > 0);
  }
}
