import { relative } from 'node:path';
import { CliError } from '../errors.js';

/** `reactive create NAME`: a new charm layer. */
export async function createCommand(name: string): Promise<string[]> {
  const { BuildError, create } = await import('@reactive/layer-basic/build');
  try {
    const created = create(name);
    return [`created the charm layer ${created.name} in ${relative(process.cwd(), created.dir) || '.'}:`, ...created.files.map((file) => `  ${file}`)];
  } catch (error) {
    if (error instanceof BuildError) throw new CliError(error.message);
    throw error;
  }
}

/** `reactive build [LAYER_DIR] [-o OUT] [--force]`: compose the charm. */
export async function buildCommand(source: string, options: Record<string, string | undefined>): Promise<string> {
  const { BuildError, build } = await import('@reactive/layer-basic/build');
  try {
    const result = await build({
      source,
      ...(options.output ? { output: options.output } : {}),
      ...(options.name ? { name: options.name } : {}),
      force: options.force === 'true',
      log: (line) => {
        if (line.startsWith('warning: ')) process.stderr.write(`${line}\n`);
      },
    });
    return `built ${result.layers.at(-1)} (${result.layers.join(', ')}${result.interfaces.length ? `; interfaces ${result.interfaces.join(', ')}` : ''}) into ${result.output}`;
  } catch (error) {
    if (error instanceof BuildError) throw new CliError(error.message);
    throw error;
  }
}
