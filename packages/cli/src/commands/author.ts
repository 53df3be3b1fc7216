import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildPackage } from '../authoring.js';
import { CliError } from '../errors.js';

type Build = typeof import('@reactive/build');

/** Runs `task` with @reactive/build's tools; a BuildError becomes the command's one-line error. */
async function withBuild<T>(task: (tools: Build) => T | Promise<T>): Promise<T> {
  const tools = await buildPackage();
  try {
    return await task(tools);
  } catch (error) {
    if (error instanceof tools.BuildError) throw new CliError(error.message);
    throw error;
  }
}

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

/** `reactive create NAME [--js] [--packages DIR] [--repo URL]`: a new charm layer, and where its npm install takes @reactive/* from. */
export function createCommand(name: string, options: Record<string, string | undefined>): Promise<string[]> {
  return withBuild(({ create }) => {
    const created = create(name, {
      js: options.js === 'true',
      ...(options.packages ? { packages: options.packages } : {}),
      ...(options.repo !== undefined ? { repo: options.repo } : {}),
    });
    const where = relative(process.cwd(), created.dir) || '.';
    const from = created.packages;
    return [
      `created the charm layer ${created.name} in ${where}:`,
      ...created.files.map((file) => `  ${file}`),
      from ? `@reactive/* install from the tarballs in ${from.dir}` : '@reactive/* install from the npm registry',
      ...(from && !from.packed ? [`${from.dir} has no tarballs yet: run npm run pack-packages in ${dirname(from.dir)} first`] : []),
      `next: ${where === '.' ? '' : `cd ${where} && `}npm install && npm test`,
    ];
  });
}

/** `reactive types [LAYER_DIR]`: config.d.ts, the types of config() from config.yaml. */
export function typesCommand(layerDir: string): Promise<string> {
  return withBuild(({ writeConfigTypes }) => `wrote ${relative(process.cwd(), writeConfigTypes(layerDir))}`);
}

/** `reactive build [LAYER_DIR] [-o OUT] [--force]`: compose the charm; its progress (layers found, files written) and warnings on stderr. */
export function buildCommand(source: string, options: Record<string, string | undefined>): Promise<string> {
  return withBuild(async ({ build }) => {
    const result = await build({
      source,
      ...(options.output ? { output: options.output } : {}),
      ...(options.name ? { name: options.name } : {}),
      force: options.force === 'true',
      log: progress,
    });
    const { bytes, files } = folderSize(result.output);
    return `built ${result.layers.at(-1)} (${result.layers.join(', ')}${result.interfaces.length ? `; interfaces ${result.interfaces.join(', ')}` : ''}) into ${result.output}: ${megabytes(bytes)}, ${files} files`;
  });
}

/** `reactive pack [LAYER_DIR] [-o FILE] [--arch ARCH]`: build, then the .charm archive. */
export function packCommand(source: string, options: Record<string, string | undefined>): Promise<string> {
  return withBuild(async ({ pack }) => {
    const result = await pack({
      source,
      ...(options.output ? { output: options.output } : {}),
      ...(options.arch ? { arch: options.arch } : {}),
      log: progress,
    });
    const bases = result.bases.map((b) => `${b.name}@${b.channel}`).join(', ');
    return `packed ${result.build.layers.at(-1)} (${bases}, ${result.bases[0]!.architectures.join(', ')}) into ${relative(process.cwd(), result.file) || result.file}: ${megabytes(result.bytes)}, ${result.entries} files`;
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The bytes and number of the files under `dir` (symlinks counted, not followed). */
function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) continue;
    bytes += lstatSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}
