import { fileURLToPath } from 'node:url';

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  /** 0-based; 0 when unknown. */
  readonly column?: number;
}

/**
 * A call site's file, with its line worked out only when asked for: V8 finds a
 * line by scanning the calling function's position table, which adds up when a
 * module registers thousands of handlers and only some of them ever need an id.
 */
class CallSiteLocation implements SourceLocation {
  readonly file: string;
  private site: NodeJS.CallSite | undefined;
  private knownLine = 0;
  private knownColumn = 0;

  constructor(file: string, site: NodeJS.CallSite | undefined) {
    this.file = file;
    this.site = site;
  }

  get line(): number {
    this.resolve();
    return this.knownLine;
  }

  get column(): number {
    this.resolve();
    return this.knownColumn;
  }

  private resolve(): void {
    if (!this.site) return;
    this.knownLine = this.site.getLineNumber() ?? 0;
    this.knownColumn = Math.max(0, (this.site.getColumnNumber() ?? 1) - 1);
    this.site = undefined;
  }
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
    return new CallSiteLocation(pathOf(site?.getFileName() ?? '<unknown>'), site);
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** File URLs seen -> paths: a module's decorator calls all share one. */
const paths = new Map<string, string>();

function pathOf(name: string): string {
  let path = paths.get(name);
  if (path === undefined) {
    // A module imported afresh by discover({ reload }) carries a query string.
    const bare = name.replace(/\?.*$/, '');
    path = bare.startsWith('file:') ? fileURLToPath(bare) : bare;
    paths.set(name, path);
  }
  return path;
}
