// Secret URIs as Juju writes and reads them (core/secrets/secret.go):
// `secret:<id>`, where the id is an xid (github.com/rs/xid): 12 bytes in
// lower-case base32hex, 20 characters.
import { goQuote, ToolRefusal } from './tool-refusal.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';
const ID = /^[0-9a-v]{20}$/;
const SOURCED = /^\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/(.*)$/;

/**
 * The id of a secret written as Juju's `ParseURI` reads it: `secret:ID`,
 * `secret://MODEL-UUID/ID` or the bare `ID`. Anything else is Juju's
 * `secret URI "TEXT" not valid` (a command-line error: exit 2).
 */
export function parseSecretId(text: string): string {
  const rest = text.startsWith('secret:') ? text.slice('secret:'.length) : text;
  const id = SOURCED.exec(rest)?.[1] ?? rest;
  if (!ID.test(id)) throw new ToolRefusal(`secret URI ${goQuote(text)} not valid`, 2);
  return id;
}

/** Whether `text` is written as a secret's URI or id rather than a label. */
export function isSecretUri(text: string): boolean {
  try {
    parseSecretId(text);
    return true;
  } catch {
    return false;
  }
}

/** The URI `secret-add` prints for an id: `secret:ID`. */
export function secretUri(id: string): string {
  return `secret:${id}`;
}

/**
 * An xid from its parts: seconds since the epoch, a 3-byte machine id, a
 * 2-byte process id and a 3-byte counter, encoded as rs/xid encodes them.
 */
export function makeXid(seconds: number, machine: number, pid: number, counter: number): string {
  const bytes = [...bigEndian(seconds >>> 0, 4), ...bigEndian(machine & 0xffffff, 3), ...bigEndian(pid & 0xffff, 2), ...bigEndian(counter & 0xffffff, 3)];
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out + ALPHABET[(value << (5 - bits)) & 31];
}

function bigEndian(value: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (value >>> (8 * (length - 1 - i))) & 0xff);
}
