// Mapping keys of charm YAML keep their text, as Juju reads them into Go
// strings: a config option or relation named `n`, `y`, `yes`, `no`, `on` or
// `off` is that name (#32 F1); values stay YAML 1.1.
import { describe, expect, it } from 'vitest';
import { CharmFileError, parseCharmYAML } from '@reactive/bus';

describe('charm YAML keys', () => {
  it('keep their text: n, y, yes, no, on, off, numbers; values are still YAML 1.1', () => {
    const text = 'options:\n  n: {default: yes}\n  y: {default: off}\n  yes: {}\n  no: {}\n  on: {}\n  off: {}\n  1.0: {}\n  ~: {}\n';
    expect(parseCharmYAML(text, 'config.yaml')).toEqual({
      options: { n: { default: true }, y: { default: false }, yes: {}, no: {}, on: {}, off: {}, '1.0': {}, '~': {} },
    });
  });

  it('are unique by their text: y and yes are two options, yes twice is one line naming the file', () => {
    expect(Object.keys(parseCharmYAML('y: 1\nyes: 2\n', 'config.yaml') as object)).toEqual(['y', 'yes']);
    expect(() => parseCharmYAML('yes: 1\nyes: 2\n', 'config.yaml')).toThrow(CharmFileError);
    expect(() => parseCharmYAML('yes: 1\nyes: 2\n', 'config.yaml')).toThrow('config.yaml:2:1: malformed YAML: Map keys must be unique');
  });

  it('a merge (<<) still merges', () => {
    expect(parseCharmYAML('base: &b {a: 1}\nd:\n  <<: *b\n  c: 2\n', 'layer.yaml')).toEqual({ base: { a: 1 }, d: { a: 1, c: 2 } });
  });
});
