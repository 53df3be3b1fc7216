import { readSync } from 'node:fs';
import { endianness } from 'node:os';

// LMDB trusts its data file: a meta page that counts pages past the end of the
// file, or garbage where one should be, crashes the process (SIGBUS, SIGSEGV)
// once LMDB maps and reads it. The layout read here is lmdb-js 3's liblmdb on a
// 64-bit machine, in its byte order: a page starts with a 24-byte header (page
// number u64, txnid u64, pad u16, flags u16, free-space bounds u32); pages 0 and
// 1 are meta pages, each an MDB_meta after the header: magic u32, version u32,
// address u64, map size u64, two MDB_db of 48 bytes (the free-page tree and the
// main tree, each with its root page number 40 bytes in; the first's first u32
// is the page size, its next u16 the store's flags), last page u64, txnid u64.
// Transaction N writes meta page N % 2. With lmdb-js's overlapping sync a third
// copy, the last one synced to disk, sits halfway through page 0 (its magic and
// version left zero).
const PAGE_HEADER = 24;
const P_META = 0x08;
const MAGIC = 0xbeefc0de;
const VERSION = 4;
const PAGE_SIZE = 24;
const FLAGS = 28;
/** The flags a store of lmdb-js can hold: MDB_INTEGERKEY (the free-page tree's), MDB_NOSUBDIR, and lmdb-js's mark of a meta not yet synced. */
const KNOWN_FLAGS = 0x08 | 0x4000 | 0x1000;
const ROOTS = [
  ['free-page', 64],
  ['main', 112],
] as const;
const LAST_PAGE = 120;
const TXNID = 128;
const META_BYTES = PAGE_HEADER + 136;
/** Read in one go: both meta pages, and the copy between them, where pages are 4096 bytes (as on x86-64). */
const HEAD_BYTES = 4096 + META_BYTES;

const LE = endianness() === 'LE';
const u16 = (bytes: Buffer, at: number): number => (LE ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
const u32 = (bytes: Buffer, at: number): number => (LE ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
/** A u64 as a number (exact below 2^53, which is all a file can hold). */
const u64 = (bytes: Buffer, at: number): number => u32(bytes, LE ? at + 4 : at) * 2 ** 32 + u32(bytes, LE ? at : at + 4);
/** LMDB's P_INVALID, the root of an empty tree, as u64 reads it. */
const NO_PAGE = u64(Buffer.alloc(8, 0xff), 0);

/** A meta page (or the synced copy) found in `bytes` at `at`, with its name for messages. */
interface Meta {
  readonly name: string;
  readonly bytes: Buffer;
  readonly at: number;
}

/**
 * What is wrong with the LMDB data file open at `fd`, `size` bytes long and
 * not empty, or undefined when its meta pages are whole and the file holds
 * every page they count: what LMDB needs not to crash on opening it.
 */
export function storeDamage(fd: number, size: number): string | undefined {
  const head = Buffer.allocUnsafe(Math.min(size, HEAD_BYTES));
  const length = readSync(fd, head, 0, head.length, 0);
  const meta = (name: string, offset: number): Meta =>
    offset + META_BYTES <= length ? { name, bytes: head, at: offset } : { name, bytes: readAt(fd, offset), at: 0 };
  const first: Meta = { name: 'meta page 0', bytes: head, at: 0 };
  if (length < META_BYTES || !isMetaPage(first, 0)) return 'not an LMDB store: no meta page at its start';
  const pageSize = field32(first, PAGE_SIZE);
  if (!(pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0)) return `meta page 0: page size ${pageSize}`;
  if (size < 2 * pageSize) return `${size} bytes, less than its two meta pages of ${pageSize}`;
  const second = meta('meta page 1', pageSize);
  if (!isMetaPage(second, 1)) return 'page 1 is not a meta page';
  const version = field32(first, VERSION);
  if (field32(second, VERSION) !== version) return `meta page 1: format version ${field32(second, VERSION)}, not ${version}`;
  const pages = Math.floor(size / pageSize);
  const synced = meta(`the meta copy at byte ${pageSize / 2}`, pageSize / 2);
  return (
    metaDamage(first, pageSize, pages, size) ??
    metaDamage(second, pageSize, pages, size) ??
    orderDamage(field64(first, TXNID), field64(second, TXNID), synced) ??
    (field64(synced, TXNID) === 0 ? undefined : metaDamage(synced, pageSize, pages, size))
  );
}

const field32 = (meta: Meta, offset: number): number => u32(meta.bytes, meta.at + PAGE_HEADER + offset);
const field64 = (meta: Meta, offset: number): number => u64(meta.bytes, meta.at + PAGE_HEADER + offset);

function isMetaPage(meta: Meta, number: number): boolean {
  return u64(meta.bytes, meta.at) === number && (u16(meta.bytes, meta.at + 18) & P_META) !== 0 && field32(meta, 0) === MAGIC;
}

/** Whether `meta` agrees on the page size, holds known flags, and counts no page the file lacks. */
function metaDamage(meta: Meta, pageSize: number, pages: number, size: number): string | undefined {
  const own = field32(meta, PAGE_SIZE);
  if (own !== pageSize) return `${meta.name}: page size ${own}, not ${pageSize}`;
  const flags = u16(meta.bytes, meta.at + PAGE_HEADER + FLAGS);
  if ((flags & ~KNOWN_FLAGS) !== 0) return `${meta.name}: flags 0x${flags.toString(16)}`;
  const last = field64(meta, LAST_PAGE);
  if (last < 1 || last >= pages) return `${size} bytes, but ${meta.name} counts ${last + 1} pages of ${pageSize}`;
  for (const [tree, offset] of ROOTS) {
    const root = field64(meta, offset);
    if (root !== NO_PAGE && (root < 2 || root > last)) return `${meta.name}: the ${tree} tree's root is page ${root}, outside pages 2 to ${last}`;
  }
  return undefined;
}

/**
 * Whether the meta pages hold the last two transactions (LMDB reads the one
 * with the higher number: a wrong one would silently bring back an older
 * state), and the synced copy none after them.
 */
function orderDamage(first: number, second: number, synced: Meta): string | undefined {
  if (!(first === 0 && second === 0) && (first % 2 !== 0 || second % 2 !== 1 || Math.abs(first - second) !== 1)) {
    return `meta pages 0 and 1 hold transactions ${first} and ${second}, not two in a row`;
  }
  const last = Math.max(first, second);
  const copy = field64(synced, TXNID);
  return copy > last ? `${synced.name} holds transaction ${copy}, after the last, ${last}` : undefined;
}

function readAt(fd: number, offset: number): Buffer {
  const bytes = Buffer.alloc(META_BYTES);
  readSync(fd, bytes, 0, META_BYTES, offset);
  return bytes;
}
