// What a Python charm needs of the machine Juju would give it. charm-helpers'
// juju_version() (behind has_juju_version() and network_get()) runs the first
// /var/lib/juju/tools/machine-*/jujud it finds; the simulator cannot write
// /var/lib, so a sitecustomize.py on the hooks' PYTHONPATH makes that one
// pattern find the simulator's jujud, which prints the hooks' JUJU_VERSION (the
// model's Juju) as Juju's does (`3.6.11-ubuntu-amd64`). Any other glob, and a
// real jujud, are left alone.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const JUJUD = `#!/bin/sh
# The simulator's jujud (reactive sim): only \`jujud version\`, for charm-helpers' juju_version().
if [ "$1" = version ]; then echo "\${JUJU_VERSION:?not in a hook}-ubuntu-amd64"; exit 0; fi
echo "ERROR jujud $1 is not simulated" >&2
exit 1
`;

const SITECUSTOMIZE = `# The simulator's (reactive sim): charm-helpers' juju_version() globs
# /var/lib/juju/tools/machine-*/jujud, which a simulated unit has not; that
# pattern finds the simulator's jujud instead. Then the sitecustomize this one
# hides, if any, runs as Python would have run it.
import glob as _glob
import os as _os
import sys as _sys

_HERE = _os.path.dirname(_os.path.abspath(__file__))
_PATTERN = '/var/lib/juju/tools/machine-*/jujud'
_real_glob = _glob.glob


def _glob_jujud(pathname, *args, **kwargs):
    found = _real_glob(pathname, *args, **kwargs)
    return found or ([_os.path.join(_os.path.dirname(_HERE), 'jujud')] if pathname == _PATTERN else found)


_glob.glob = _glob_jujud

for _entry in _sys.path:
    _next = _os.path.join(_entry or '.', 'sitecustomize.py')
    if _os.path.abspath(_entry or '.') != _HERE and _os.path.isfile(_next):
        with open(_next) as _file:
            exec(compile(_file.read(), _next, 'exec'), {'__name__': 'sitecustomize', '__file__': _next})
        break
`;

/** Writes `<dir>/jujud` and `<dir>/python/sitecustomize.py`; returns the variables a hook needs to use them (PYTHONPATH first). */
export function writePythonShim(dir: string, env: Record<string, string>): Record<string, string> {
  mkdirSync(join(dir, 'python'), { recursive: true });
  writeFileSync(join(dir, 'jujud'), JUJUD);
  chmodSync(join(dir, 'jujud'), 0o755);
  writeFileSync(join(dir, 'python', 'sitecustomize.py'), SITECUSTOMIZE);
  return { PYTHONPATH: [join(dir, 'python'), ...(env.PYTHONPATH ? [env.PYTHONPATH] : [])].join(delimiter) };
}
