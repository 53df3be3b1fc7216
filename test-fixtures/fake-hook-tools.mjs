import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GNUFLAG = join(import.meta.dirname, 'gnuflag.mjs');

/**
 * Fake Juju hook tools: small shell scripts in `dir` that record their name
 * and arguments (fields end with \x1f, so arguments may hold newlines and
 * tabs), save their stdin to `dir/<tool>.stdin` when `captureStdin` is set,
 * print the canned stdout and stderr, and exit with the canned code.
 *
 * Each call writes its record to a file of its own in `dir/calls/`, then
 * appends that file's name to `dir/calls.order` in one short write: calls made
 * side by side (juju-log at two levels) cannot interleave their records, and
 * the order file gives the order.
 */
export class FakeHookTools {
  constructor(dir) {
    this.dir = dir;
    this.records = join(dir, 'calls');
    this.order = join(dir, 'calls.order');
    rmSync(this.records, { recursive: true, force: true });
    mkdirSync(this.records);
    writeFileSync(this.order, '');
  }

  /**
   * Installs (or replaces) the fake `tool`; `delayMs` makes each call take that
   * long (a slow controller). With `flags` (names without dashes: 'bool' or
   * 'value') the tool parses its command line as Juju's do (gnuflag.mjs): `-h`
   * prints help and exits 0, an undefined flag exits 2, and the call's
   * `operands` are the arguments Juju would act on.
   * @param {string} tool
   * @param {{ stdout?: string, stderr?: string, exitCode?: number, captureStdin?: boolean, delayMs?: number, flags?: Record<string, 'bool' | 'value'> }} [options]
   */
  add(tool, { stdout = '', stderr = '', exitCode = 0, captureStdin = false, delayMs = 0, flags } = {}) {
    writeFileSync(join(this.dir, `${tool}.stdout`), stdout);
    writeFileSync(join(this.dir, `${tool}.stderr`), stderr);
    const script = [
      '#!/bin/sh',
      `d='${this.dir}'`,
      // A process id can come back once the ids wrap: the record's name gets a number too.
      'n=0; while [ -e "$d/calls/$$.$n" ]; do n=$((n + 1)); done',
      `{ printf '%s\\037' '${tool}'; for a in "$@"; do printf '%s\\037' "$a"; done; } > "$d/calls/$$.$n"`,
      `printf '%s\\n' "$$.$n" >> "$d/calls.order"`,
      flags ? `'${process.execPath}' '${GNUFLAG}' '${JSON.stringify(flags)}' "$d/calls/$$.$n" "$@"; s=$?; [ $s = 10 ] && exit 0; [ $s = 0 ] || exit $s` : '',
      captureStdin ? `cat > "$d/${tool}.stdin"` : '',
      delayMs ? `sleep ${delayMs / 1000}` : '',
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

  /**
   * Every call so far as `{ tool, args }`, and `operands` for a tool added with
   * `flags` that parsed its command line.
   * @returns {Array<{ tool: string, args: string[], operands?: string[] }>}
   */
  calls() {
    return readFileSync(this.order, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((name) => {
        const [tool, ...args] = readFileSync(join(this.records, name), 'utf8').split('\x1f').slice(0, -1);
        const operands = join(this.records, `${name}.operands`);
        return { tool: String(tool), args, ...(existsSync(operands) ? { operands: JSON.parse(readFileSync(operands, 'utf8')) } : {}) };
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
