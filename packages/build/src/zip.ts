import { crc32, deflateRawSync } from 'node:zlib';

/** One file of a zip archive: its path (with `/`), its bytes, and its Unix mode (type and permission bits). */
export interface ZipEntry {
  path: string;
  data: Buffer;
  mode: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** Version made by: Unix (3), zip 2.0; so readers take the mode from the external attributes. */
const MADE_BY_UNIX = (3 << 8) | 20;
const DEFLATE = 8;
const STORE = 0;
/** 1980-01-01 00:00: a fixed time, so packing the same files twice gives the same archive. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A zip archive (PKZIP 2.0, deflate) of `entries`, with each entry's Unix mode
 * kept (executable hooks stay executable; a symlink stays a symlink, its
 * target as its data), as Juju's charm unpacking reads them. No zip64: an
 * archive or entry of 4 GiB or more is refused.
 */
export function zip(entries: ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new Error('zip: more than 65,535 files');
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = crc32(entry.data);
    if (offset + body.length > 0xfffffffe) throw new Error('zip: the archive would be 4 GiB or more');
    const fields = { method: stored ? STORE : DEFLATE, crc, compressed: body.length, size: entry.data.length, nameLength: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeCommon(local, 4, fields);
    parts.push(local, name, body);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    writeCommon(header, 6, fields);
    header.writeUInt32LE(((entry.mode & 0xffff) << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** The fields local and central headers share: the version needed, flags, method, time, CRC, sizes, name length. */
function writeCommon(buffer: Buffer, at: number, f: { method: number; crc: number; compressed: number; size: number; nameLength: number }): void {
  buffer.writeUInt16LE(20, at);
  buffer.writeUInt16LE(0x0800, at + 2); // names are UTF-8
  buffer.writeUInt16LE(f.method, at + 4);
  buffer.writeUInt16LE(0, at + 6);
  buffer.writeUInt16LE(DOS_DATE, at + 8);
  buffer.writeUInt32LE(f.crc, at + 10);
  buffer.writeUInt32LE(f.compressed, at + 14);
  buffer.writeUInt32LE(f.size, at + 18);
  buffer.writeUInt16LE(f.nameLength, at + 22);
}
