// The types of requires.js, for charms in TypeScript (see examples/README.md).
import { Endpoint } from '@reactive/endpoints';

/** The connection details a database sends, each as it arrived (JSON-decoded). */
export type PgsqlConnection = Record<'host' | 'port' | 'database' | 'user' | 'password', unknown>;

/**
 * The requiring side of `pgsql`: an application that uses a database.
 * Flags: `<endpoint>.connected` while a database unit is related,
 * `<endpoint>.database.available` once it sent every connection detail.
 */
export declare class PgsqlRequires extends Endpoint {
  /** The database's connection details, or null while incomplete. */
  connection(): PgsqlConnection | null;
  /** A libpq connection string, or null while incomplete. */
  connectionString(): string | null;
  /** Asks for a database by name (sets `<endpoint>.database.requested`). */
  requestDatabase(name: string): void;
}
