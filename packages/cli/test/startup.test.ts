// Bash handlers call the CLI many times per hook, so a flag command loads only
// what it needs: no option parser, template engine or YAML parser. A preloaded
// module records every module the process resolves (ES modules through a
// resolve hook, CommonJS through Module._load).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv, newStatePath } from './helpers.js';

const RECORDER = `
import Module, { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
const log = process.env.REACTIVE_MODULE_LOG;
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    appendFileSync(log, 'import ' + result.url + '\\n');
    return result;
  },
});
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(log, 'require ' + request + '\\n');
  return load.call(this, request, ...rest);
};
`;

/** The modules `charms.reactive ARGS…` loads, one per line. */
function modulesLoaded(args: string[], env: Record<string, string> = {}): string {
  const dir = tempDir('reactive-startup-');
  const recorder = join(dir, 'recorder.mjs');
  const log = join(dir, 'modules.log');
  writeFileSync(recorder, RECORDER);
  writeFileSync(log, '');
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(recorder).href, BIN, ...args], {
    env: cleanEnv({ REACTIVE_MODULE_LOG: log, ...env }),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return readFileSync(log, 'utf8');
}

const HEAVY = {
  commander: /\/node_modules\/commander\/|require commander\b/,
  nunjucks: /nunjucks/,
  yaml: /\/node_modules\/yaml\/|require yaml\b/,
  bus: /\/packages\/bus\//,
};

describe('start-up', () => {
  it.each([
    ['is_flag_set', ['is_flag_set', 'X']],
    ['set_flag', ['set_flag', 'X']],
    ['test', ['test', 'h id when "a b" when_not c only_once ""']],
    ['mark_invoked', ['mark_invoked', 'id']],
  ])('`charms.reactive %s` loads no option parser, template engine, YAML parser or bus', (_name, args) => {
    const modules = modulesLoaded(args, { UNIT_STATE_DB: newStatePath() });
    // The recorder works: the flags package and LMDB were seen.
    expect(modules).toMatch(/import file:\/\/.*\/packages\/flags\/dist\/bundle\.js/);
    expect(modules).toMatch(/require lmdb/);
    expect(modules).not.toMatch(HEAVY.commander);
    expect(modules).not.toMatch(HEAVY.nunjucks);
    expect(modules).not.toMatch(HEAVY.yaml);
    expect(modules).not.toMatch(HEAVY.bus);
  });

  it('the commands that need them load commander, Nunjucks, YAML and the bus', () => {
    const state = newStatePath();
    expect(modulesLoaded(['test', 'h id hook install'], { UNIT_STATE_DB: state })).toMatch(HEAVY.bus);
    expect(modulesLoaded(['when_file_changed', '/nonexistent'], { UNIT_STATE_DB: state })).toMatch(HEAVY.bus);
    expect(modulesLoaded(['-r', 'is_flag_set', 'X'], { UNIT_STATE_DB: state })).toMatch(HEAVY.commander);
    const charm = tempDir();
    mkdirSync(join(charm, 'templates'));
    writeFileSync(join(charm, 'templates', 't.j2'), '{{ JUJU_CHARM_DIR }}');
    const nunjucks = modulesLoaded(['render_template', 't.j2', join(charm, 'x')], { JUJU_CHARM_DIR: charm });
    expect(nunjucks).toMatch(HEAVY.nunjucks);
    expect(nunjucks).not.toMatch(HEAVY.yaml);
    writeFileSync(join(charm, 'layer.yaml'), 'options: {}\n');
    const yaml = modulesLoaded(['layer_option', 'basic', 'x'], { JUJU_CHARM_DIR: charm });
    expect(yaml).toMatch(HEAVY.yaml);
    expect(yaml).not.toMatch(HEAVY.nunjucks);
  });
});
