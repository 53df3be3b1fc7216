/**
 * A build that cannot go on. The message is one clear sentence naming the file,
 * key, layer or package at fault; nothing has been written to the output.
 */
export class BuildError extends Error {
  override name = 'BuildError';
}
