// render(): charm-helpers' templating.render on Nunjucks, with Jinja2's rules
// for undefined values, templates confined to their folder, and a target
// written without following links planted next to it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, TemplateError } from '@reactive/hookenv';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const PACKAGE = join(import.meta.dirname, '..');

/** A new templates folder, in a folder of its own, holding `files`. */
function templates(files: Record<string, string>): string {
  const dir = join(tempDir('reactive-charm-'), 'templates');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** What render() rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('render() did not fail');
  return error;
}

describe('render', () => {
  it('renders with the context, writes the target 0444 in new folders 0755, and returns the text', async () => {
    const templatesDir = templates({ 'app.j2': 'port = {{ port + 1 }}\n{% for h in hosts %}{{ h.name }};{% endfor %}\n' });
    const target = join(tempDir(), 'etc', 'app', 'app.conf');
    const text = await render('app.j2', target, { port: 8079, hosts: [{ name: 'a' }, { name: 'b' }] }, { templatesDir });
    expect(text).toBe('port = 8080\na;b;');
    expect(readFileSync(target, 'utf8')).toBe(text);
    expect(statSync(target).mode & 0o7777).toBe(0o444);
    expect(statSync(join(target, '..')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(target, '..'))).toEqual(['app.conf']);
  });

  it('takes templates from $JUJU_CHARM_DIR/templates by default, and a null target only renders', async () => {
    const charm = tempDir();
    mkdirSync(join(charm, 'templates'));
    writeFileSync(join(charm, 'templates', 't.j2'), '{{ x }}');
    const saved = process.env.JUJU_CHARM_DIR;
    process.env.JUJU_CHARM_DIR = charm;
    try {
      expect(await render('t.j2', null, { x: 'y' })).toBe('y');
    } finally {
      process.env.JUJU_CHARM_DIR = saved;
    }
    expect(readdirSync(charm)).toEqual(['templates']);
  });

  it('gives the target perms, owner and group, names or ids, and the folder it creates the same owner', async () => {
    const templatesDir = templates({ 't.j2': 'x' });
    const target = join(tempDir(), 'new', 't');
    await render('t.j2', target, {}, { templatesDir, perms: 0o640, owner: 'nobody', group: 65534 });
    const nobody = Number(/^nobody:[^:]*:(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'))![1]);
    expect(statSync(target)).toMatchObject({ uid: nobody, gid: 65534 });
    expect(statSync(target).mode & 0o7777).toBe(0o640);
    expect(statSync(join(target, '..'))).toMatchObject({ uid: nobody, gid: 65534 });
    const error = await failure(render('t.j2', target, {}, { templatesDir, owner: 'no-such-user' }));
    expect(error.message).toBe('no such user: no-such-user (in /etc/passwd)');
    await expect(render('t.j2', target, {}, { templatesDir, perms: 0o10000 })).rejects.toThrow('render: perms must be a file mode such as 0o644, got 4096');
  });

  it('never follows a link planted at a temporary name or at the target: the file linked to is unchanged', async () => {
    const templatesDir = templates({ 't.j2': 'rendered' });
    const out = tempDir();
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious');
    // The name the temporary file had in this process before it was random.
    symlinkSync(victim, join(out, `.t.${process.pid}.tmp`));
    symlinkSync(victim, join(out, 't'));
    await render('t.j2', join(out, 't'), {}, { templatesDir, perms: 0o600 });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(statSync(join(out, 't'), { throwIfNoEntry: true }).mode & 0o7777).toBe(0o600);
    expect(readFileSync(join(out, 't'), 'utf8')).toBe('rendered');
    expect(readdirSync(out).sort()).toEqual([`.t.${process.pid}.tmp`, 't']);
  });

  it('a target whose folder cannot be created fails at once with one line: under /proc, creating it looped', { timeout: 5000 }, async () => {
    const templatesDir = templates({ 't.j2': 'x' });
    await expect(render('t.j2', '/proc/self/nonexistent/x.conf', {}, { templatesDir })).rejects.toThrow(
      /^cannot create the folder \/proc\/self\/nonexistent: ENOENT: no such file or directory, mkdir '\/proc\/self\/nonexistent'$/,
    );
    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    await expect(render('t.j2', join(file, 'sub', 'x'), {}, { templatesDir })).rejects.toThrow(new RegExp(`^cannot create the folder ${file}/sub: ENOTDIR`));
  });
});

describe('undefined values, as Jinja2 treats them', () => {
  // Each case as Jinja2 3.1.6 renders or raises it (a plain Environment, as charm-helpers uses).
  const cases: [string, string, string][] = [
    ['an undefined name is empty text', '[{{ missing }}]', '[]'],
    [
      'is defined, default and for accept it',
      '{% if missing is not defined %}u{% endif %}{{ missing | default("d") }}{% for x in missing %}x{% endfor %}',
      'ud',
    ],
    ['a missing key of a value is empty text', '[{{ config.missing }}]', '[]'],
    ['an attribute of None is empty text', '[{{ nothing.port }}]', '[]'],
  ];
  it.each(cases)('%s', async (_what, text, expected) => {
    expect(await render('t.j2', null, { config: {}, nothing: null }, { templatesDir: templates({ 't.j2': text }) })).toBe(expected);
  });

  it.each([
    ['{{ db.port }}', "'db' is undefined", 1, 4],
    ['\n  {{ config.db.port }}', "'config.db' is undefined", 2, 6],
    ['{% if db["port"] %}{% endif %}', "'db' is undefined", 1, 7],
    ['{% for h in db.hosts %}{% endfor %}', "'db' is undefined", 1, 13],
    ['{{ db.port | default(1) }}', "'db' is undefined", 1, 4],
  ])('reading an attribute of an undefined value throws: %s', async (text, detail, line, column) => {
    const error = await failure(render('t.j2', null, { config: {} }, { templatesDir: templates({ 't.j2': text }) }));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ template: 't.j2', line, column, detail, message: `template t.j2, line ${line}, column ${column}: ${detail}` });
  });
});

describe('template names', () => {
  it('errors name the template, the included one when the fault is there, with line and column', async () => {
    const templatesDir = templates({ 'bad.j2': 'a\nb {{ x y }}', 'outer.j2': '{% include "parts/inner.j2" %}', 'parts/inner.j2': '\n{% if %}' });
    expect(await failure(render('bad.j2', null, {}, { templatesDir }))).toMatchObject({
      template: 'bad.j2',
      line: 2,
      column: 8,
      detail: 'expected variable end',
    });
    expect(await failure(render('outer.j2', null, {}, { templatesDir }))).toMatchObject({
      template: 'parts/inner.j2',
      line: 2,
      detail: 'unexpected token: %}',
    });
  });

  it('a missing template, or one outside the templates folder, is one line naming it', async () => {
    const templatesDir = templates({ 'ok.j2': 'ok' });
    const outside = join(templatesDir, '..', 'secret');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, join(templatesDir, 'link.j2'));
    const message = async (name: string) => (await failure(render(name, null, {}, { templatesDir }))).message;
    expect(await message('nope.j2')).toBe(`template nope.j2: not found in ${templatesDir}`);
    expect(await message('ok.j2/x')).toBe(`template ok.j2/x: not found in ${templatesDir}`);
    for (const name of ['../secret', 'a/../../secret', outside, '']) {
      expect(await message(name)).toBe(`template ${name}: outside the templates directory ${templatesDir}`);
    }
    expect(await message('link.j2')).toBe(`template link.j2: leads outside the templates directory ${templatesDir} (through a symbolic link)`);
  });

  it('includes, extends and imports obey the same rules; names are relative to the templates folder', async () => {
    const templatesDir = templates({ 'sub/part.j2': 'part', 'sub/main.j2': '{% include "sub/part.j2" %}', 'sub/rel.j2': '{% include "./part.j2" %}' });
    mkdirSync(join(templatesDir, '..', 'templates-private'));
    writeFileSync(join(templatesDir, '..', 'templates-private', 'x'), '{% macro m() %}secret{% endmacro %}secret');
    symlinkSync(join(templatesDir, '..', 'templates-private', 'x'), join(templatesDir, 'link.j2'));
    expect(await render('sub/main.j2', null, {}, { templatesDir })).toBe('part');
    // Jinja2 has no names relative to the including template: ./part.j2 is templates/part.j2.
    expect((await failure(render('sub/rel.j2', null, {}, { templatesDir }))).message).toBe('template sub/rel.j2: template not found: ./part.j2');
    const escapes = [
      '{% include "../templates-private/x" %}',
      '{% include "./../templates-private/x" %}',
      '{% include "link.j2" %}',
      '{% extends "../templates-private/x" %}',
      '{% import "link.j2" as x %}{{ x.m() }}',
      '{% from "../templates-private/x" import m %}{{ m() }}',
    ];
    for (const text of escapes) {
      writeFileSync(join(templatesDir, 'main.j2'), text);
      const error = await failure(render('main.j2', null, {}, { templatesDir }));
      expect(error.message, text).toMatch(/^template main\.j2: template \S+: (leads )?outside the templates directory /);
    }
  });
});

describe('loading', () => {
  it('Nunjucks is loaded by the first render, not by importing @reactive/hookenv', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { render } = await import('@reactive/hookenv');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/nunjucks/'));
      console.log(loaded());
      await render('t.j2', null, {}, { templatesDir: process.argv[1] });
      console.log(loaded());`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, templates({ 't.j2': '' })], { cwd: PACKAGE, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('false\ntrue\n');
  });

  it('without nunjucks installed (an optional peer), render() fails with one line saying to add it to the charm', () => {
    // A charm's node_modules: hookenv and LMDB, no Nunjucks, outside the monorepo's.
    const charm = tempDir('reactive-charm-');
    const hookenv = join(charm, 'node_modules', '@reactive', 'hookenv');
    cpSync(join(PACKAGE, 'package.json'), join(hookenv, 'package.json'));
    cpSync(join(PACKAGE, 'dist'), join(hookenv, 'dist'), { recursive: true, filter: (file) => !file.includes('.v8cache') });
    symlinkSync(join(PACKAGE, '..', '..', 'node_modules', 'lmdb'), join(charm, 'node_modules', 'lmdb'));
    const script = `
      import { render } from '@reactive/hookenv';
      await render('t.j2', null, {}, { templatesDir: process.argv[1] }).catch((error) => console.log(error.message));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, templates({ 't.j2': '' })], { cwd: charm, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(
      'render() needs the nunjucks package, which the charm does not carry: add "nunjucks" to "dependencies" in the charm\'s package.json\n',
    );
  });
});
