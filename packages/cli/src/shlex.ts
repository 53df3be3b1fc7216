import { UsageError } from './errors.js';

/**
 * Splits `text` into words as Python's `shlex.split` does (POSIX mode, no
 * comments): whitespace separates words; `'…'` is literal; in `"…"` a
 * backslash escapes only `"` and `\`; elsewhere a backslash escapes any
 * character. `''` and `""` give empty words. An unclosed quote or a trailing
 * backslash is an error, as in Python.
 */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new UsageError(`No closing quotation in ${JSON.stringify(text)}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new UsageError(`No closing quotation in ${JSON.stringify(text)}`);
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new UsageError(`No escaped character in ${JSON.stringify(text)}`);
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Quotes `word` so that {@link shellSplit} (and a POSIX shell) reads it back unchanged. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}
