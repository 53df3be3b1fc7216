// gitignore-style patterns, the subset that `exclude`, `ignore` and
// package.json `files` use:
// - `*` matches within one path segment, `?` one character, `[abc]` a class;
// - `**` matches across segments: `a/**`, `**/b`, `a/**/b`;
// - a trailing `/` matches directories only;
// - a leading `/`, or a `/` inside the pattern, anchors it to the layer root;
// - a bare name (no `/`) matches at any depth;
// - a pattern that matches a directory matches everything under it;
// - `!pattern` re-includes what an earlier pattern matched (the last matching
//   pattern decides; unlike git, a file under an excluded directory can be
//   re-included);
// - blank lines and `#` comments are skipped.

export interface Matcher {
  /** Whether the file (or directory, when `isDir`) at `rel` is matched. */
  matches(rel: string, isDir: boolean): boolean;
  /** Whether nothing under the directory `rel` can be wanted (it is matched, and no `!` pattern exists). */
  prunes(rel: string): boolean;
}

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  regex: RegExp;
}

function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = glob[i + 2];
        if (before && after === '/') {
          re += '(?:.*/)?';
          i += 2;
          continue;
        }
        if (before && after === undefined) {
          re += '.*';
          i += 1;
          continue;
        }
        re += '[^/]*';
        i += 1;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[i + 1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return re;
}

function compileRule(raw: string, anchorAll: boolean): Rule | undefined {
  let pattern = raw.replace(/(?<!\\)\s+$/, '');
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  let negate = false;
  if (pattern.startsWith('!')) {
    negate = true;
    pattern = pattern.slice(1);
  }
  let dirOnly = false;
  if (pattern.endsWith('/')) {
    dirOnly = true;
    pattern = pattern.replace(/\/+$/, '');
  }
  let anchored = anchorAll || pattern.includes('/');
  pattern = pattern.replace(/^\/+/, '');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  if (pattern === '') return undefined;
  if (pattern.startsWith('**/') && !pattern.slice(3).includes('/')) {
    // `**/name` is the same as a bare `name`.
    pattern = pattern.slice(3);
    anchored = anchorAll;
  }
  return { negate, dirOnly, anchored, regex: new RegExp(`^${globToRegex(pattern)}$`) };
}

/** A matcher for `patterns`; `anchored` treats every pattern as relative to the root (npm `files`). */
export function compilePatterns(patterns: readonly string[], opts: { anchored?: boolean } = {}): Matcher {
  const rules = patterns.map((p) => compileRule(p, opts.anchored ?? false)).filter((r): r is Rule => r !== undefined);
  const hasNegation = rules.some((r) => r.negate);
  const ruleMatches = (rule: Rule, parts: string[], isDir: boolean): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const candidateIsDir = i < parts.length - 1 || isDir;
      if (rule.dirOnly && !candidateIsDir) continue;
      const subject = rule.anchored ? parts.slice(0, i + 1).join('/') : parts[i]!;
      if (rule.regex.test(subject)) return true;
    }
    return false;
  };
  const matches = (rel: string, isDir: boolean): boolean => {
    if (rules.length === 0) return false;
    const parts = rel.split('/').filter((p) => p !== '');
    let result = false;
    for (const rule of rules) {
      if (!rule.negate === result) continue; // cannot change the outcome
      if (ruleMatches(rule, parts, isDir)) result = !rule.negate;
    }
    return result;
  };
  return {
    matches,
    prunes: (rel) => !hasNegation && matches(rel, true),
  };
}

/** Files the runtime (layer:basic, the unit state) writes into a charm directory when hooks run in it. */
const RUNTIME_FILES = ['.reactive-cache/', '/.node-path', '/.unit-state.lmdb*', '/.reactive-packages.json', '/exec.d/.*.done', '*.v8cache', '*.v8cache.*'];

/**
 * What no layer, interface or rebuild check ever takes from a layer: version
 * control, editor and OS litter, the old build's manifest, npm's
 * `node_modules` (the build vendors the charm's packages itself) and lock file,
 * and the files a charm writes into its own directory when hooks run in it.
 */
export const DEFAULT_IGNORES = [
  '.git',
  '.bzr',
  '.hg',
  '.svn',
  '.tox',
  '**/.ropeproject',
  '__pycache__',
  '*.pyc',
  '*~',
  '*.swp',
  '.DS_Store',
  '.pull-source-rev',
  '*.charm',
  'build.lock',
  'node_modules',
  '/package-lock.json',
  '/.build.manifest',
  // A layer's tests (Harness tests, vitest's config) do not run on the unit.
  '/test',
  '/tests',
  '/vitest.config.*',
  // TypeScript is compiled by the build: its settings stay with the source.
  '/tsconfig*.json',
  '*.tsbuildinfo',
  ...RUNTIME_FILES,
];

/** What the rebuild check skips in an old build: the runtime's files and version-control litter. */
export const OUTPUT_IGNORES = ['.git', '.bzr', '.hg', '.svn', '*~', '*.swp', '.DS_Store', '/.build.manifest', ...RUNTIME_FILES];
