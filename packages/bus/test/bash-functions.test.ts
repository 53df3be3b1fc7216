// What the flight record's catalogue says a bash handler's functions ask, read
// from their charms.reactive.sh decorators as the helpers read them.
import { describe, expect, it } from 'vitest';
import { bashFunctions } from '@reactive/bus';

describe('bashFunctions', () => {
  it("reads each function's decorators, across blank lines and comments, in every form of definition", () => {
    const source = [
      '#!/bin/bash',
      'source charms.reactive.sh',
      '@when \'db.ready\' "app.installed"',
      '',
      '# renders the config',
      '@when_not app.configured',
      'function configure() {',
      '  set_flag app.configured',
      '}',
      "@hook 'upgrade-charm'",
      'upgraded () {',
      '  :',
      '}',
      '@when_file_changed /etc/app.conf',
      '@only_once',
      'function restart {',
      '  :',
      '}',
      'reactive_handler_main',
    ].join('\n');
    expect(bashFunctions(source)).toEqual([
      {
        name: 'configure',
        line: 7,
        conditions: [
          { kind: 'when', flags: ['db.ready', 'app.installed'] },
          { kind: 'whenNot', flags: ['app.configured'] },
        ],
      },
      { name: 'upgraded', line: 11, conditions: [{ kind: 'hook', patterns: ['upgrade-charm'] }] },
      { name: 'restart', line: 16, conditions: [{ kind: 'whenFileChanged', files: ['/etc/app.conf'] }, { kind: 'onlyOnce' }] },
    ]);
  });

  it('adds up decorators on two definitions of one name, drops a decorator not followed by a definition, and knows nothing of a file without the helpers', () => {
    const source = 'source charms.reactive.sh\n@when a\nf() { :; }\n@when b\necho stray\n@when_not c\nf() { :; }\n';
    expect(bashFunctions(source)).toEqual([
      {
        name: 'f',
        line: 3,
        conditions: [
          { kind: 'when', flags: ['a'] },
          { kind: 'whenNot', flags: ['c'] },
        ],
      },
    ]);
    expect(bashFunctions('#!/bin/sh\n@when a\nf() { :; }\n')).toEqual([]);
  });
});
