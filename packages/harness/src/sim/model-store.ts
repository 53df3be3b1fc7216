// The state folder: model.json, timeline.jsonl, the units' folders, the tools
// folder, the agent's socket and the lock.
import {
  accessSync,
  appendFileSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError } from './errors.js';
import type { ModelState } from './state.js';
import type { TimelineEntry } from './timeline.js';
import { HOOK_TOOLS } from './tools.js';

export const MODEL_FILE = 'model.json';
const TIMELINE_FILE = 'timeline.jsonl';
const HOOK_TOOL = fileURLToPath(new URL('../../bin/hook-tool.mjs', import.meta.url));

/** Whether `stateDir` holds a model. */
export function hasModel(stateDir: string): boolean {
  return existsSync(join(stateDir, MODEL_FILE));
}

/** The model saved in `stateDir` (errors name the folder as given). */
export function readModel(stateDir: string): ModelState {
  const path = join(stateDir, MODEL_FILE);
  let model: ModelState;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as ModelState;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(code === 'ENOENT' ? `${stateDir} holds no model (no ${MODEL_FILE})` : `${path}: cannot read the model (${(error as Error).message})`);
  }
  if (model.format !== 1) throw new ModelError(`${path}: unknown model format ${JSON.stringify(model.format)}`);
  return model;
}

/** The files of one state folder (its path resolved). */
export class ModelStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = resolve(stateDir);
  }

  /** Writes model.json atomically. */
  save(model: ModelState): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, MODEL_FILE);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(model, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
  }

  appendTimeline(entry: TimelineEntry): void {
    appendFileSync(join(this.dir, TIMELINE_FILE), `${JSON.stringify(entry)}\n`);
  }

  /** Every entry of timeline.jsonl, oldest first. */
  readTimeline(): TimelineEntry[] {
    const path = join(this.dir, TIMELINE_FILE);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TimelineEntry);
  }

  /** `units/<app>-<n>`. */
  unitDir(unit: string): string {
    return join(this.dir, 'units', unit.replace('/', '-'));
  }

  /** The unit's own copy of its charm (`units/<app>-<n>/charm`), where its hooks run. */
  unitCharmDir(unit: string): string {
    return join(this.unitDir(unit), 'charm');
  }

  /** Where the framework keeps the unit's state: `.unit-state.lmdb` in its charm folder (no UNIT_STATE_DB is set, as on Juju). */
  unitStatePath(unit: string): string {
    return join(this.unitCharmDir(unit), '.unit-state.lmdb');
  }

  appendUnitLog(unit: string, text: string): void {
    try {
      appendFileSync(join(this.unitDir(unit), 'unit.log'), text);
    } catch {
      // The unit's folder is gone (removed unit): its log goes with it.
    }
  }

  readUnitLog(unit: string): string {
    const path = join(this.unitDir(unit), 'unit.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** The tools folder: a link named after each of `tools` to bin/hook-tool.mjs (the links of others removed). */
  linkTools(tools: readonly string[] = HOOK_TOOLS): string {
    try {
      accessSync(HOOK_TOOL, constants.X_OK);
    } catch {
      try {
        chmodSync(HOOK_TOOL, 0o755);
      } catch {
        throw new ModelError(`${HOOK_TOOL} is not executable: the hook tools cannot run (chmod +x it)`);
      }
    }
    const dir = join(this.dir, 'tools');
    mkdirSync(dir, { recursive: true });
    for (const stale of readdirSync(dir)) if (!tools.includes(stale)) rmSync(join(dir, stale), { force: true });
    for (const tool of tools) {
      const link = join(dir, tool);
      let current: string | undefined;
      try {
        current = readlinkSync(link);
      } catch {
        current = undefined;
      }
      if (current === HOOK_TOOL) continue;
      if (current !== undefined || existsSync(link)) rmSync(link, { force: true });
      symlinkSync(HOOK_TOOL, link);
    }
    return dir;
  }

  /** `<state>/agent.sock`, or a short path under the temp dir when that is too long for a Unix socket. */
  socketPath(modelUuid: string): string {
    const path = join(this.dir, 'agent.sock');
    if (Buffer.byteLength(path) <= 100) return path;
    return join(tmpdir(), `reactive-sim-${modelUuid.slice(0, 8)}-${process.pid}.sock`);
  }

  /** Refuses a folder another live process has locked; then locks it for this one. */
  lock(): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, 'lock');
    try {
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new ModelError(`${this.dir} is in use by process ${pid} (another run of this model)`);
      }
    } catch (error) {
      if (error instanceof ModelError) throw error;
    }
    writeFileSync(path, String(process.pid));
  }

  unlock(): void {
    try {
      unlinkSync(join(this.dir, 'lock'));
    } catch {
      // Already gone.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
