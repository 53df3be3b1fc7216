import { CliError } from './errors.js';

/**
 * The packages behind the authors' commands: optional peers of @reactive/cli,
 * so a charm that carries the CLI for its bash handlers does not carry the
 * simulator or the build. A command that needs one that is not installed
 * says which and how to get it.
 */
export function harnessPackage(what = 'this command'): Promise<typeof import('@reactive/harness')> {
  return authoringPackage('@reactive/harness', what, () => import('@reactive/harness'));
}

export function buildPackage(what = 'this command'): Promise<typeof import('@reactive/build')> {
  return authoringPackage('@reactive/build', what, () => import('@reactive/build'));
}

async function authoringPackage<T>(name: string, what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !message.includes(`'${name}'`)) throw error;
    throw new CliError(`${what} needs ${name}, which is not installed here: npm install --save-dev ${name}`);
  }
}
