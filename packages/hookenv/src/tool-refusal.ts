/**
 * A hook command Juju refuses: `message` is what it prints after `ERROR `,
 * `exitCode` how it exits: 2 for what its command line gets wrong (juju/cmd
 * `Main` refuses it in `Init`, before running), 1 for what running it finds.
 * The rules models throw it; the memory tools and the simulator turn it into
 * the tool's answer.
 */
export class ToolRefusal extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2) {
    super(message);
    this.name = 'ToolRefusal';
    this.exitCode = exitCode;
  }
}

/** Go's `%q` of `text`, as Juju's messages quote names and values. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
