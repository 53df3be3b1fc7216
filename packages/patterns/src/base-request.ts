import { Relation, RelatedUnit, type JSONUnitDataView } from '@reactive/endpoints';
import { defineFieldAccessors, Field, fieldsOf } from './field.js';
import type { BaseResponse, ResponseClass } from './base-response.js';

type Fields = Record<string, unknown>;
export type RequestSource = Relation | RelatedUnit;
export type RequestClass<R extends BaseRequest = BaseRequest> = {
  new (source: RequestSource, requestId: string): R;
  RESPONSE_CLASS: ResponseClass | null;
} & Omit<typeof BaseRequest, 'prototype'>;

const PREFIX = 'request_';
/** Requests by id, per request class (as Python keeps them per class). */
const caches = new WeakMap<Function, Map<string, BaseRequest>>();

/**
 * A request sent over a relation: the requester publishes it as
 * `request_<id>` in its unit data, the responder answers with `response_<id>`.
 * Subclass it, declare fields with `static name = field('…')` and set
 * `static RESPONSE_CLASS`.
 */
export class BaseRequest {
  static RESPONSE_CLASS: ResponseClass | null = null;
  static request_id = new Field('The ID for this request (a UUID unless given)');

  readonly source: RequestSource;
  response: BaseResponse | null = null;
  private readonly id: string;

  constructor(source: RequestSource, requestId: string) {
    const cls = this.constructor as typeof BaseRequest;
    if (!cls.RESPONSE_CLASS) throw new TypeError('RESPONSE_CLASS must be defined by subclass');
    defineFieldAccessors(cls);
    this.source = source;
    this.id = requestId;
  }

  /** Loads the requests found in `sources` (relations: ones this unit created; units: ones it received), replacing the cache. */
  static load(this: RequestClass, sources: Iterable<RequestSource>): void {
    const cache = new Map<string, BaseRequest>();
    caches.set(this, cache);
    for (const source of sources) {
      const data = sourceView(source);
      for (const key of data.keys()) {
        if (!key.startsWith(PREFIX)) continue;
        const fields = data.get(key) as Fields | null;
        const id = fields && typeof fields === 'object' ? fields.request_id : undefined;
        if (typeof id !== 'string') continue;
        const request = new this(source, id);
        request.response = this.RESPONSE_CLASS!.load(request);
        cache.set(id, request);
      }
    }
  }

  /** Publishes a new request on `relation`; `request_id` defaults to a random UUID. */
  static create<R extends BaseRequest>(this: RequestClass<R>, relation: Relation, fields: Fields = {}): R {
    const cache = loadedCache(this);
    const id = typeof fields.request_id === 'string' ? fields.request_id : globalThis.crypto.randomUUID();
    relation.toPublish.set(PREFIX + id, { ...fields, request_id: id });
    const request = new this(relation, id);
    cache.set(id, request);
    return request;
  }

  /** Updates the request whose `matchFields` equal those in `fields`, or creates one. */
  static createOrUpdate<R extends BaseRequest>(this: RequestClass<R>, matchFields: string[], relation: Relation, fields: Fields = {}): R {
    const match = Object.fromEntries(matchFields.map((name) => [name, fields[name]]));
    const found = this.find(match) as R | null;
    if (!found) return this.create(relation, fields);
    for (const [name, value] of Object.entries(fields)) found.updateField(name, value);
    return found;
  }

  /** The first request (in load order) whose fields equal `fields`; `relation` is ignored, as in Python. */
  static find(this: RequestClass, fields: Fields = {}, _relation?: Relation): BaseRequest | null {
    return this.findAll(fields)[0] ?? null;
  }

  static findAll(this: RequestClass, fields: Fields = {}): BaseRequest[] {
    const wanted = Object.entries(fields);
    return [...loadedCache(this).values()].filter((request) =>
      wanted.every(([name, value]) => JSON.stringify(request.getField(name)) === JSON.stringify(value)),
    );
  }

  static get(this: RequestClass, requestId: string): BaseRequest | null {
    return caches.get(this)?.get(requestId) ?? null;
  }

  /** Every loaded request, sorted by id. */
  static getAll(this: RequestClass): BaseRequest[] {
    return [...(caches.get(this)?.values() ?? [])].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
  }

  get requestId(): string {
    return this.id;
  }

  /** Whether this unit created the request (else it received it). */
  get isCreated(): boolean {
    return this.source instanceof Relation;
  }

  get isReceived(): boolean {
    return !this.isCreated;
  }

  /** The requesting unit's address (for a received request), or this unit's. */
  get ingressAddress(): unknown {
    return this.sourceData.get('ingress-address');
  }

  get egressSubnets(): unknown {
    return this.sourceData.get('egress-subnets');
  }

  get sourceData(): JSONUnitDataView {
    return sourceView(this.source);
  }

  getField(name: string): unknown {
    const data = this.sourceData.get(PREFIX + this.id, {}) as Fields | null;
    return data && typeof data === 'object' && Object.hasOwn(data, name) ? data[name] : null;
  }

  updateField(name: string, value: unknown): void {
    if (this.isReceived) throw new TypeError("can't change field for received request");
    if (name === 'request_id') throw new TypeError("request_id can't be modified");
    const data = { ...((this.sourceData.get(PREFIX + this.id, {}) as Fields | null) ?? {}) };
    data[name] = value;
    this.sourceData.set(PREFIX + this.id, data);
  }

  /** Answers the request (responder side). */
  respond(fields: Fields = {}): BaseResponse {
    return this.createResponse(fields);
  }

  createResponse(fields: Fields = {}): BaseResponse {
    const cls = (this.constructor as typeof BaseRequest).RESPONSE_CLASS!;
    this.response = cls.create(this, fields);
    return this.response;
  }

  /** The request's fields, as a plain object. */
  toJSON(): Fields {
    return Object.fromEntries([...fieldsOf(this.constructor)].map(([name]) => [name, this.getField(name)]));
  }
}

function sourceView(source: RequestSource): JSONUnitDataView {
  return source instanceof Relation ? source.toPublish : source.received;
}

function loadedCache(cls: Function): Map<string, BaseRequest> {
  const cache = caches.get(cls);
  if (!cache) throw new Error(`${cls.name}: no requests loaded yet (the endpoint loads them at the start of the hook)`);
  return cache;
}
