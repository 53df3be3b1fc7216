import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.mjs';

/**
 * A real file system of `size` (a tmpfs mount option: '1m'), to fill up or
 * make read-only: `{ dir, fill(), readOnly(), unmount() }`, or `{ reason }` saying why there can be none
 * here (mounting needs root, or CAP_SYS_ADMIN, which CI has).
 */
export function smallDisk(size = '1m') {
  const dir = tempDir('reactive-small-disk-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.error || mounted.status !== 0) {
    const why = mounted.error?.message ?? (mounted.stderr.trim() || `exit ${mounted.status}`);
    return { reason: `cannot mount a small tmpfs here (${why}): the full-disk tests need root` };
  }
  return {
    dir,
    /** Writes zeros to a file in the folder until the disk is full. */
    fill() {
      const fd = openSync(join(dir, 'filler'), 'a');
      const zeros = Buffer.alloc(4096);
      try {
        for (;;) writeSync(fd, zeros);
      } catch (error) {
        if (error.code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    /** Mounts it again read-only. */
    readOnly() {
      const remounted = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
      if (remounted.status !== 0) throw new Error(`cannot remount ${dir} read-only: ${remounted.stderr.trim()}`);
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
    },
  };
}
