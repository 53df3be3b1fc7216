import { fileURLToPath } from 'node:url';

export interface SourceLocation {
  file: string;
  line: number;
}

/**
 * Where the function that called `below` was called from: the file and line of
 * a decorator call in a charm's module. Uses V8's structured call sites, so no
 * stack string is formatted or parsed.
 */
export function callerLocation(below: Function): SourceLocation {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, below);
    const site = holder.stack?.[0];
    // A module imported afresh by discover({ reload }) carries a query string.
    const name = (site?.getFileName() ?? '<unknown>').replace(/\?.*$/, '');
    return { file: name.startsWith('file:') ? fileURLToPath(name) : name, line: site?.getLineNumber() ?? 0 };
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
