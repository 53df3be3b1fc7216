import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fake Juju hook tools: small shell scripts in `dir` that append their name and
 * arguments (one tab-separated line) to `dir/calls.log`, save their stdin to
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
      `{ printf '%s' '${tool}'; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$d/calls.log"`,
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
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [tool, ...args] = line.split('\t');
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
