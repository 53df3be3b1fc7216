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

/** `reactive pack [LAYER_DIR] [-o FILE] [--arch ARCH]`: build, then the .charm archive. */
export async function packCommand(source: string, options: Record<string, string | undefined>): Promise<string> {
  const { BuildError, pack } = await import('@reactive/layer-basic/build');
  try {
    const result = await pack({
      source,
      ...(options.output ? { output: options.output } : {}),
      ...(options.arch ? { arch: options.arch } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const bases = result.bases.map((b) => `${b.name}@${b.channel}`).join(', ');
    return `packed ${result.build.layers.at(-1)} (${bases}, ${result.bases[0]!.architectures.join(', ')}) into ${relative(process.cwd(), result.file) || result.file}: ${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.entries} files`;
  } catch (error) {
    if (error instanceof BuildError) throw new CliError(error.message);
    throw error;
  }
}
