import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` with the path of a file holding `content` as JSON, which
 * `secret-add --file` and `secret-set --file` read as YAML. Juju reads no
 * secret file from stdin, and an argument would show the content in the
 * process table and in every error naming the command line: the file is made
 * new, mode 0600, in a folder of mode 0700, and removed with its folder
 * however `use` ends. The unit agent reads it on the same machine.
 */
export async function withSecretFile<T>(content: Record<string, string>, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'secret-'));
  try {
    const path = join(dir, 'content.json');
    await writeFile(path, JSON.stringify(content), { mode: 0o600, flag: 'wx' });
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
