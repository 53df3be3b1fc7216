import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BuildError } from './errors.js';

const NAME = /^[a-z][a-z0-9-]*$/;
/** The version of the @reactive packages a new charm depends on: this one's. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * A new charm layer in `dir` (named after its last path component): a
 * metadata.yaml, a config.yaml with one option, a layer.yaml including
 * layer:basic, `reactive/<name>.js` with a first handler, a README and a test.
 */
export function create(dir: string): { dir: string; name: string; files: string[] } {
  const target = resolve(dir);
  const name = basename(target);
  if (!NAME.test(name)) throw new BuildError(`${dir}: a charm name starts with a lowercase letter and has only lowercase letters, digits and dashes`);
  if (existsSync(target)) throw new BuildError(`${dir}: already exists`);
  const files = template(name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(target, path, '..'), { recursive: true });
    writeFileSync(join(target, path), content);
  }
  return { dir: target, name, files: Object.keys(files) };
}

function template(name: string): Record<string, string> {
  const flag = `${name}.installed`;
  return {
    'layer.yaml': `includes:\n  - layer:basic\n`,
    'package.json': `${JSON.stringify(
      {
        name,
        private: true,
        type: 'module',
        dependencies: { '@reactive/bus': VERSION, '@reactive/flags': VERSION, '@reactive/hookenv': VERSION },
        devDependencies: { '@reactive/harness': VERSION, vitest: '^4.1.12' },
      },
      null,
      2,
    )}\n`,
    'metadata.yaml': `name: ${name}\nsummary: ${name} (a reactive charm)\ndescription: |\n  Describe ${name} here.\nseries: [noble]\n`,
    'config.yaml': `options:\n  message:\n    type: string\n    default: Ready\n    description: The status message once installed.\n`,
    [`reactive/${name}.js`]: `// ${name}'s handlers: each runs when its flags say so.
import { setFlag } from '@reactive/flags';
import { config, statusSet } from '@reactive/hookenv';
import { when, whenNot } from '@reactive/bus';

whenNot('${flag}')(async function install() {
  await statusSet('maintenance', 'Installing');
  // Install the workload here.
  setFlag('${flag}');
});

when('${flag}', 'config.set.message')(async function ready() {
  await statusSet('active', String(config().get('message')));
});
`,
    'README.md': `# ${name}\n\nA reactive charm. Build it with \`reactive build ${name} -o build/${name}\`;\ntest it with \`npx vitest run\` (see \`test/\`).\n`,
    [`test/${name}.test.js`]: `import { afterEach, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

let harness;
afterEach(() => harness?.cleanUp());

it('installs, then reports ready', async () => {
  harness = new Harness(new URL('../build/${name}', import.meta.url).pathname, { config: { message: 'Ready' } });
  const install = await harness.runHook('install');
  expect(install.ok).toBe(true);
  expect(install.flags).toContain('${flag}');
  expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
});
`,
  };
}
