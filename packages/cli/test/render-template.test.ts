// render_template: Nunjucks (Jinja2 syntax), templates from $CHARM_DIR/templates,
// the environment as the context.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { BIN, cleanEnv, cli } from './helpers.js';

function charmWithTemplates(templates: Record<string, string>) {
  const charm = tempDir('reactive-charm-');
  for (const [name, text] of Object.entries(templates)) {
    mkdirSync(join(charm, 'templates', name, '..'), { recursive: true });
    writeFileSync(join(charm, 'templates', name), text);
  }
  const out = tempDir('reactive-out-');
  const render = (...args: string[]) => cli(['render_template', ...args], { JUJU_CHARM_DIR: charm, JUJU_UNIT_NAME: 'app/0', APP_PORT: '8080' });
  return { charm, out, render };
}

describe('render_template', () => {
  it('renders Jinja2 syntax with the environment as context, mode 0444, creating parent directories', () => {
    const { out, render } = charmWithTemplates({
      'app-config.j2': [
        '# {{ JUJU_UNIT_NAME }}',
        'port = {{ APP_PORT | int + 1 }}',
        '{% if MISSING is not defined %}missing is undefined{% endif %}',
        'empty=[{{ MISSING }}]',
        '{% for k, v in {"b": 2, "a": 1}.items() | sort %}{{ k }}={{ v }};{% endfor %}',
        '{% if True and not None %}python literals{% endif %}',
        '',
      ].join('\n'),
    });
    const target = join(out, 'etc', 'app', 'app.conf');
    expect(render('app-config.j2', target)).toEqual({ status: 0, stdout: '', stderr: '' });
    // What Jinja2 3.1 renders for this template: its final newline dropped (keep_trailing_newline=False).
    expect(readFileSync(target, 'utf8')).toBe('# app/0\nport = 8081\nmissing is undefined\nempty=[]\na=1;b=2;\npython literals');
    expect(statSync(target).mode & 0o777).toBe(0o444);
    expect(statSync(join(out, 'etc', 'app')).mode & 0o777).toBe(0o755);
  });

  it('reads every template as Jinja2 does: line breaks made \\n, one final line break dropped, included ones too', () => {
    const { charm, out } = charmWithTemplates({ 'main.j2': 'main {% include "inc.j2" %}.\r\nline2\r\n\n', 'inc.j2': 'included {{ APP_VALUE }}\n' });
    const target = join(out, 'x');
    expect(cli(['render_template', 'main.j2', target], { JUJU_CHARM_DIR: charm, APP_VALUE: 'v\n' }).status).toBe(0);
    // Python 3.11 with Jinja2 3.1 rendered 'main included v\n.\nline2\n' for these templates.
    expect(readFileSync(target, 'utf8')).toBe('main included v\n.\nline2\n');
  });

  it('replaces a read-only target, and takes --mode', () => {
    const { out, render } = charmWithTemplates({ 'a.j2': 'one', 'b.j2': 'two' });
    const target = join(out, 'f');
    expect(render('a.j2', target).status).toBe(0);
    expect(render('b.j2', target, '--mode', '0640').status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(out)).toEqual(['f']);
    expect(render('a.j2', target, '--mode', 'rw').status).toBe(2);
  });

  it('includes templates relative to the templates directory', () => {
    const { out, render } = charmWithTemplates({ 'main.j2': 'main {% include "parts/inc.j2" %}', 'parts/inc.j2': 'included {{ APP_PORT }}' });
    expect(render('main.j2', join(out, 'x')).status).toBe(0);
    expect(readFileSync(join(out, 'x'), 'utf8')).toBe('main included 8080');
  });

  it('refuses a template path that escapes the templates directory, writing nothing', () => {
    const { charm, out, render } = charmWithTemplates({ 'ok.j2': 'ok' });
    writeFileSync(join(charm, 'secret'), 'secret');
    symlinkSync(join(charm, 'secret'), join(charm, 'templates', 'link.j2'));
    for (const source of ['../secret', join(charm, 'secret'), 'sub/../../secret', 'link.j2']) {
      const result = render(source, join(out, 'x'));
      expect(result.status, source).toBe(1);
      expect(result.stderr, source).toMatch(/^charms\.reactive render_template: template \S+: (leads )?outside the templates directory .*\n$/);
    }
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('a missing template: one line, exit 1, nothing written', () => {
    const { out, render } = charmWithTemplates({});
    const result = render('app.j2', join(out, 'x'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^charms\.reactive render_template: template app\.j2: not found in .*\/templates\n$/);
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('a syntax error: the file and line on one line, exit 1, the old target untouched', () => {
    const { out, render } = charmWithTemplates({
      'good.j2': 'good',
      'bad.j2': 'line one\nline two {{ foo bar }}\n',
      'outer.j2': 'x\n{% include "inner.j2" %}',
      'inner.j2': '\n\n{% if %}',
    });
    const target = join(out, 'x');
    render('good.j2', target);
    const bad = render('bad.j2', target);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^charms\.reactive render_template: template bad\.j2, line 2, column \d+: expected variable end\n$/);
    const nested = render('outer.j2', target);
    expect(nested.status).toBe(1);
    expect(nested.stderr).toMatch(/^charms\.reactive render_template: template inner\.j2, line 3, column \d+: unexpected token: %}\n$/);
    expect(readFileSync(target, 'utf8')).toBe('good');
    expect(readdirSync(out)).toEqual(['x']);
  });

  it('shows the stack only with REACTIVE_DEBUG', () => {
    const { out, render } = charmWithTemplates({});
    expect(render('nope.j2', join(out, 'x')).stderr.split('\n')).toHaveLength(2);
    const debug = cli(['render_template', 'nope.j2', join(out, 'x')], { JUJU_CHARM_DIR: tempDir(), REACTIVE_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('includes, extends and imports obey the same rules: no .., no absolute name, no symbolic link out of templates/', () => {
    const { charm, out, render } = charmWithTemplates({ 'ok.j2': 'ok' });
    mkdirSync(join(charm, 'templates-private'));
    writeFileSync(join(charm, 'templates-private', 'secret'), '{% macro m() %}secret{% endmacro %}secret');
    symlinkSync(join(charm, 'templates-private', 'secret'), join(charm, 'templates', 'link.j2'));
    const escapes = {
      'include ..': '{% include "../templates-private/secret" %}',
      'include ./..': '{% include "./../templates-private/secret" %}',
      'include absolute': `{% include "${join(charm, 'templates-private', 'secret')}" %}`,
      'include link': '{% include "link.j2" %}',
      'extends ..': '{% extends "../templates-private/secret" %}',
      'extends link': '{% extends "link.j2" %}',
      'import ..': '{% import "../templates-private/secret" as s %}{{ s.m() }}',
      'from import link': '{% from "link.j2" import m %}{{ m() }}',
    };
    for (const [what, text] of Object.entries(escapes)) {
      writeFileSync(join(charm, 'templates', 'main.j2'), text);
      const result = render('main.j2', join(out, 'x'));
      expect(result.stderr, what).toMatch(/^charms\.reactive render_template: template main\.j2: template \S+: (leads )?outside the templates directory .*\n$/);
      expect(result.status, what).toBe(1);
    }
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('reading an attribute of an undefined name fails naming the template, line, column and name, as Jinja2 raises', () => {
    const { out, render } = charmWithTemplates({ 'app.j2': 'host = {{ DB_HOST }}\nport = {{ db.port }}\n', 'deep.j2': '{{ JUJU_UNIT_NAME.x.y }}' });
    const result = render('app.j2', join(out, 'x'));
    expect(result.stderr).toBe("charms.reactive render_template: template app.j2, line 2, column 11: 'db' is undefined\n");
    expect(result.status).toBe(1);
    expect(render('deep.j2', join(out, 'x')).stderr).toMatch(/template deep\.j2, line 1, column \d+: 'JUJU_UNIT_NAME\.x' is undefined\n$/);
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('never follows a symbolic link planted at a temporary file name: the file it points at is unchanged', () => {
    const { out, charm } = charmWithTemplates({ 'a.j2': 'rendered' });
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious');
    // The names the temporary file had (.<target>.<pid>.tmp), for the pids the next processes will get.
    const next = spawnSync('true').pid;
    for (let pid = next; pid < next + 3000; pid++) symlinkSync(victim, join(out, `.x.${pid}.tmp`));
    const result = cli(['render_template', 'a.j2', join(out, 'x'), '--mode', '0640'], { JUJU_CHARM_DIR: charm });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(out, 'x'), 'utf8')).toBe('rendered');
    expect(statSync(join(out, 'x')).mode & 0o777).toBe(0o640);
  });

  it('a target in a folder that cannot be created fails at once with one line (under /proc, creating it looped)', { timeout: 20_000 }, () => {
    const { charm } = charmWithTemplates({ 'a.j2': 'a' });
    const child = spawnSync(process.execPath, [BIN, 'render_template', 'a.j2', '/proc/self/nonexistent/x.conf'], {
      env: cleanEnv({ JUJU_CHARM_DIR: charm }),
      encoding: 'utf8',
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
    expect(child.signal).toBe(null);
    expect(child.stderr).toMatch(/^charms\.reactive render_template: cannot create the folder \/proc\/self\/nonexistent: ENOENT.*\n$/);
    expect(child.status).toBe(1);
  });
});
