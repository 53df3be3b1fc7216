import { JSONUnitDataView, Relation } from '@reactive/endpoints';
import { defineFieldAccessors, fieldsOf } from './field.js';
import type { BaseRequest } from './base-request.js';

type Fields = Record<string, unknown>;
export type ResponseClass = {
  new (request: BaseRequest): BaseResponse;
} & Omit<typeof BaseResponse, 'prototype'>;

const PREFIX = 'response_';

/** The answer to a request, published by the responder as `response_<request id>`. */
export class BaseResponse {
  readonly request: BaseRequest;

  constructor(request: BaseRequest) {
    defineFieldAccessors(this.constructor);
    this.request = request;
  }

  /** Publishes the response to a received request. */
  static create(this: ResponseClass, request: BaseRequest, fields: Fields = {}): BaseResponse {
    if (request.isCreated) throw new Error("can't respond to requests we created");
    relationOf(request).toPublish.set(PREFIX + request.requestId, fields);
    const response = new this(request);
    request.response = response;
    return response;
  }

  /** The response to `request` if there is one. */
  static load(this: ResponseClass, request: BaseRequest): BaseResponse | null {
    return responseData(request).has(PREFIX + request.requestId) ? new this(request) : null;
  }

  /** On the requester's side responses are received. */
  get isReceived(): boolean {
    return !this.request.isReceived;
  }

  getField(name: string): unknown {
    const data = responseData(this.request).get(PREFIX + this.request.requestId, {}) as Fields | null;
    return data && typeof data === 'object' && Object.hasOwn(data, name) ? data[name] : null;
  }

  updateField(name: string, value: unknown): void {
    if (this.isReceived) throw new TypeError("can't change field for received response");
    const view = responseData(this.request);
    const data = { ...((view.get(PREFIX + this.request.requestId, {}) as Fields | null) ?? {}) };
    data[name] = value;
    view.set(PREFIX + this.request.requestId, data);
  }

  toJSON(): Fields {
    return Object.fromEntries([...fieldsOf(this.constructor)].map(([name]) => [name, this.getField(name)]));
  }
}

function relationOf(request: BaseRequest): Relation {
  const source = request.source;
  if (source instanceof Relation) return source;
  if (!source.relation) throw new Error(`request ${request.requestId}: its unit has no relation`);
  return source.relation;
}

/** Where the response lives: this unit's data for a received request, else the first remote unit that answered. */
function responseData(request: BaseRequest): JSONUnitDataView {
  const relation = relationOf(request);
  if (request.isReceived) return relation.toPublish;
  const key = PREFIX + request.requestId;
  return relation.joinedUnits.find((unit) => unit.received.has(key))?.received ?? new JSONUnitDataView({});
}
