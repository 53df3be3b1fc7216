// render_template: Nunjucks (Jinja2 syntax), templates from $CHARM_DIR/templates,
// the environment as the context.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { cli } from './helpers.js';

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
      expect(result.stderr, source).toMatch(/^charms\.reactive render_template: template \S+ (is|leads) outside the templates directory .*\n$/);
    }
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('a missing template: one line, exit 1, nothing written', () => {
    const { out, render } = charmWithTemplates({});
    const result = render('app.j2', join(out, 'x'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^charms\.reactive render_template: template not found: app\.j2 \(in .*\/templates\)\n$/);
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
});
