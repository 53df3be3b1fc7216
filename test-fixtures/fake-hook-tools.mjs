import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fake Juju hook tools: small shell scripts in `dir` that append their name and
 * arguments to `dir/calls.log` (fields end with \x1f, calls with \x1e, so
 * arguments may hold newlines and tabs), save their stdin to
 * `dir/<tool>.stdin` when `captureStdin` is set, print the canned stdout and
 * stderr, and exit with the canned code.
 */
export class FakeHookTools {
  constructor(dir) {
    this.dir = dir;
    this.log = join(dir, 'calls.log');
    writeFileSync(this.log, '');
  }

  /** Installs (or replaces) the fake `tool`. */
  add(tool, { stdout = '', stderr = '', exitCode = 0, captureStdin = false } = {}) {
    writeFileSync(join(this.dir, `${tool}.stdout`), stdout);
    writeFileSync(join(this.dir, `${tool}.stderr`), stderr);
    const script = [
      '#!/bin/sh',
      `d='${this.dir}'`,
      `{ printf '%s\\037' '${tool}'; for a in "$@"; do printf '%s\\037' "$a"; done; printf '\\036'; } >> "$d/calls.log"`,
      captureStdin ? `cat > "$d/${tool}.stdin"` : '',
      `cat "$d/${tool}.stdout"`,
      `cat "$d/${tool}.stderr" >&2`,
      `exit ${exitCode}`,
      '',
    ].join('\n');
    const path = join(this.dir, tool);
    writeFileSync(path, script);
    chmodSync(path, 0o755);
    return this;
  }

  /** Every call so far as `{ tool, args }`. */
  calls() {
    return readFileSync(this.log, 'utf8')
      .split('\x1e')
      .filter(Boolean)
      .map((record) => {
        const [tool, ...args] = record.split('\x1f').slice(0, -1);
        return { tool, args };
      });
  }

  /** What `tool` last read on stdin. */
  stdin(tool) {
    const path = join(this.dir, `${tool}.stdin`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  }

  /** PATH with this folder first. */
  path() {
    return `${this.dir}:${process.env.PATH}`;
  }
}
