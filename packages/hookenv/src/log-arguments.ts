/** Linux refuses a single argument of 128 KiB or more, counting its terminating NUL (MAX_ARG_STRLEN). */
export const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

/**
 * What the arguments of one juju-log call may take at first. Linux allows a
 * quarter of the stack limit for arguments and environment together (2 MiB by
 * default); a call refused with E2BIG is retried in halves.
 */
export const LOG_CALL_BYTES = 1024 * 1024;

/** Bytes one argument takes on the new process's stack: the string, its NUL and its pointer. */
const ARGUMENT_OVERHEAD = 1 + 8;

/**
 * Splits `message` into juju-log arguments of at most `max` UTF-8 bytes each,
 * cutting at spaces and dropping the space cut at: juju-log joins its arguments
 * with a space, so Juju logs exactly `message`. Only a run of `max` bytes
 * without a space is cut elsewhere (at a character boundary), and gains a space.
 */
export function splitLogMessage(message: string, max = MAX_ARGUMENT_BYTES): string[] {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short messages need no encoding.
  if (message.length * 3 <= max) return [message];
  const bytes = Buffer.from(message, 'utf8');
  const pieces: string[] = [];
  let start = 0;
  while (bytes.length - start > max) {
    const space = bytes.lastIndexOf(0x20, start + max);
    if (space >= start) {
      pieces.push(bytes.toString('utf8', start, space));
      start = space + 1;
    } else {
      let cut = start + max;
      while ((bytes[cut]! & 0xc0) === 0x80) cut--;
      pieces.push(bytes.toString('utf8', start, cut));
      start = cut;
    }
  }
  pieces.push(bytes.toString('utf8', start));
  return pieces;
}

/** Groups arguments into calls whose arguments take at most `budget` bytes (at least one argument per call). */
export function batchArguments(pieces: readonly string[], budget = LOG_CALL_BYTES): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let used = 0;
  for (const piece of pieces) {
    const cost = Buffer.byteLength(piece) + ARGUMENT_OVERHEAD;
    if (batch.length > 0 && used + cost > budget) {
      batches.push(batch);
      batch = [];
      used = 0;
    }
    batch.push(piece);
    used += cost;
  }
  batches.push(batch);
  return batches;
}
