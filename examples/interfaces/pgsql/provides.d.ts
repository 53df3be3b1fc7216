// The types of provides.js, for charms in TypeScript (see examples/README.md).
import { Endpoint, type Relation } from '@reactive/endpoints';

/** A relation that asked for a database, with the name it asked for. */
export interface PgsqlRequest {
  relation: Relation;
  database: unknown;
}

/**
 * The providing side of `pgsql`: a database.
 * Flag: `<endpoint>.database.requested` while some application asks for a database.
 */
export declare class PgsqlProvides extends Endpoint {
  /** Each relation that asked for a database. */
  requests(): PgsqlRequest[];
  /** Answers a request with the connection details (host, port, database, user, password), publishing only what changed. */
  provide(relation: Relation, details: Record<string, unknown>): void;
}
