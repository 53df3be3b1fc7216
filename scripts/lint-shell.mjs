// ShellCheck over every shell script in the repository (files git tracks whose
// first line runs sh or bash), following what they source (.shellcheckrc).
// Part of `npm run lint`; .ci/run installs shellcheck from Debian's packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { openSync, readSync, closeSync } from 'node:fs';

const SHEBANG = /^#!\s*\S*\b(?:env\s+)?(?:sh|bash|dash)\b/;

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const scripts = tracked.filter((file) => SHEBANG.test(firstLine(file)));
const check = spawnSync('shellcheck', ['--external-sources', '--format=gcc', ...scripts], { stdio: 'inherit' });
if (check.error) {
  console.error(`lint-shell: cannot run shellcheck (${check.error.code ?? check.error.message}): install it (apt-get install shellcheck)`);
  process.exit(1);
}
if (check.status === 0) console.log(`shellcheck: ${scripts.length} shell scripts, no findings`);
process.exit(check.status ?? 1);

function firstLine(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(80);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('latin1').split('\n')[0];
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
