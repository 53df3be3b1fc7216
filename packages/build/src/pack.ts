import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BuildError } from './errors.js';
import { build, type BuildOptions, type BuildResult } from './index.js';
import { machineArchitecture, nodeArchitecture } from './runtime-files.js';
import { readYAMLMap } from './yaml-file.js';
import { zip, type ZipEntry } from './zip.js';

/** Ubuntu series -> the channel of charmcraft's bases. */
const SERIES: Record<string, string> = {
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
};

export interface PackOptions extends Omit<BuildOptions, 'output' | 'vendor' | 'force'> {
  /** The archive to write (default `<charm name>_ubuntu-<channel>-<arch>.charm` in the current folder). */
  output?: string;
}

export interface PackResult {
  /** The archive written (absolute). */
  file: string;
  /** Its size in bytes, and how many files it holds. */
  bytes: number;
  entries: number;
  bases: Array<{ name: string; channel: string; architectures: string[] }>;
  build: BuildResult;
}

/**
 * `reactive pack`: builds the charm layer with charmcraft's manifest.yaml
 * (its bases from the layer's metadata.yaml `series`, which the packed
 * metadata.yaml then leaves out), and writes the charm as a zip
 * archive Juju deploys (`juju deploy ./x.charm`), with the files' modes kept.
 * The archive appears whole or not at all.
 */
export async function pack(opts: PackOptions): Promise<PackResult> {
  const log = opts.log ?? (() => undefined);
  const source = resolve(opts.source);
  if (!existsSync(join(source, 'metadata.yaml'))) throw new BuildError(`${source}: no metadata.yaml: not a charm layer`);
  const arch = opts.arch ?? machineArchitecture();
  nodeArchitecture(arch);
  const bases = basesOf(join(source, 'metadata.yaml'), arch);
  const work = mkdtempSync(join(tmpdir(), 'reactive-pack-'));
  try {
    const built = await build({ ...opts, source, output: join(work, 'charm'), vendor: true, force: true, arch, log, manifest: manifest(bases) });
    const file = resolve(opts.output ?? `${built.layers.at(-1)}_${bases[0]!.name}-${bases[0]!.channel}-${arch}.charm`);
    checkOutput(file);
    const entries = collect(built.output);
    log(`packing ${entries.length} files`);
    const archive = zip(entries);
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, archive);
    renameSync(partial, file);
    return { file, bytes: archive.length, entries: entries.length, bases, build: built };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function basesOf(metadataFile: string, arch: string): PackResult['bases'] {
  const series = readYAMLMap(metadataFile)?.series;
  const names = Array.isArray(series) ? series : typeof series === 'string' ? [series] : [];
  if (names.length === 0) throw new BuildError(`${metadataFile}: no series: name the Ubuntu series the charm runs on (e.g. series: [noble])`);
  return names.map((name) => {
    const channel = SERIES[String(name)];
    if (!channel)
      throw new BuildError(`${metadataFile}: series ${JSON.stringify(name)}: not an Ubuntu series this packer knows (${Object.keys(SERIES).join(', ')})`);
    return { name: 'ubuntu', channel, architectures: [arch] };
  });
}

/** charmcraft's manifest.yaml: its version and start time, the bases the charm runs on, what the charm is. */
function manifest(bases: PackResult['bases']): Record<string, unknown> {
  return {
    'charmcraft-version': 'reactive-pack',
    'charmcraft-started-at': new Date().toISOString(),
    bases,
    analysis: {
      attributes: [
        { name: 'language', result: 'javascript' },
        { name: 'framework', result: 'reactive' },
      ],
    },
  };
}

function checkOutput(file: string): void {
  if (!file.endsWith('.charm')) throw new BuildError(`${file}: the archive's name must end in .charm`);
  if (existsSync(file) && !statSync(file).isFile()) throw new BuildError(`${file} exists and is not a .charm file`);
  if (existsSync(file) && !isZip(readFileSync(file))) throw new BuildError(`${file} exists and is not a .charm archive: not replacing it`);
}

function isZip(bytes: Buffer): boolean {
  return bytes.length >= 22 && bytes.readUInt32LE(0) === 0x04034b50;
}

/** Every file under `root` (symlinks as symlinks), sorted, with its mode. */
function collect(root: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const inside = prefix + name;
      if (stat.isDirectory()) walk(path, `${inside}/`);
      else if (stat.isSymbolicLink()) entries.push({ path: inside, data: Buffer.from(readlinkSync(path)), mode: stat.mode });
      else if (stat.isFile()) entries.push({ path: inside, data: readFileSync(path), mode: stat.mode });
    }
  };
  walk(root, '');
  return entries;
}
