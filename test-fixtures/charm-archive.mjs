// Reads a .charm archive with Python's zipfile: another zip implementation
// than the one that wrote it (@reactive/layer-basic's pack).
import { spawnSync } from 'node:child_process';

function python(script, args) {
  const child = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`python3 zipfile on ${args[0]}: ${child.stderr || child.error}`);
  return child.stdout;
}

/** Each entry's name and Unix mode, and the text of manifest.yaml and metadata.yaml; fails on a corrupt archive. */
export function readCharmArchive(file) {
  return JSON.parse(
    python(
      `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({"entries": {i.filename: i.external_attr >> 16 for i in z.infolist()}, "manifest": z.read("manifest.yaml").decode(), "metadata": z.read("metadata.yaml").decode()}))`,
      [file],
    ),
  );
}

/** Unpacks the archive into `dir` as Juju does: files with their modes, symlinks as symlinks. */
export function unpackCharmArchive(file, dir) {
  python(
    `
import os, stat, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    mode = i.external_attr >> 16
    path = os.path.join(sys.argv[2], i.filename)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if stat.S_ISLNK(mode):
        os.symlink(z.read(i).decode(), path)
    else:
        with open(path, "wb") as f:
            f.write(z.read(i))
        os.chmod(path, stat.S_IMODE(mode))`,
    [file, dir],
  );
}
