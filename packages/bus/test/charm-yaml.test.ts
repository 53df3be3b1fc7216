// One reader for a charm's YAML files, as Juju and charm-tools read them:
// YAML 1.1 (`yes`/`on` are booleans, `<<:` merges), timestamps left as text.
// The build, the hooks, the CLI and the simulator all read through it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { charmMetadata, parseCharmYAML, readCharmYAML } from '@reactive/bus';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

describe('parseCharmYAML', () => {
  it('reads YAML 1.1: yes, no, on and off are booleans, and <<: merges a mapping', () => {
    const text = 'a: yes\nb: No\nc: on\nd: OFF\nbase: &base {left: 1, right: 2}\nderived:\n  <<: *base\n  right: 3\n';
    expect(parseCharmYAML(text, 'config.yaml')).toEqual({ a: true, b: false, c: true, d: false, base: { left: 1, right: 2 }, derived: { left: 1, right: 3 } });
  });

  it('keeps timestamps as text, so every value is JSON data', () => {
    expect(parseCharmYAML('day: 2001-12-14\nat: 2001-12-14t21:59:43.10-05:00\n', 'x.yaml')).toEqual({ day: '2001-12-14', at: '2001-12-14t21:59:43.10-05:00' });
  });

  it('names the source, line and column of malformed YAML', () => {
    expect(() => parseCharmYAML('a: 1\nb: [unclosed\n', 'layer.yaml')).toThrow(/^layer\.yaml:\d+:\d+: malformed YAML: /);
  });
});

describe('readCharmYAML', () => {
  it('reads metadata.yaml as Juju does (charmMetadata)', () => {
    const dir = makeCharm({ 'metadata.yaml': 'name: sub\nsubordinate: yes\nrequires:\n  juju-info: {interface: juju-info, scope: container}\n' });
    expect(charmMetadata(dir)).toMatchObject({ name: 'sub', subordinate: true });
  });

  it('parses again a file whose kept parse was written by another reader', () => {
    const dir = makeCharm({ 'layer.yaml': 'options: {mine: {debug: yes}}\n' });
    expect(readCharmYAML(join(dir, 'layer.yaml'))).toEqual({ options: { mine: { debug: true } } });
    // What the YAML 1.2 reader before this one kept: the same file's size and mtime, "yes" a string.
    const cached = join(dir, '.reactive-cache', 'layer.yaml.json');
    const { stamp } = JSON.parse(readFileSync(cached, 'utf8')) as { stamp: string };
    mkdirSync(join(dir, '.reactive-cache'), { recursive: true });
    writeFileSync(cached, JSON.stringify({ stamp: stamp.replace(/^[^:]+:/, ''), data: { options: { mine: { debug: 'yes' } } } }));
    expect(readCharmYAML(join(dir, 'layer.yaml'))).toEqual({ options: { mine: { debug: true } } });
  });
});
