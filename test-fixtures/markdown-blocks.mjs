/**
 * The fenced code blocks of a Markdown text, in order, each as
 * `{ lang, info, code, line, prose, notRun }`: the language and what follows
 * it on the opening fence (`file=reactive/app.js`), the code with its final
 * line break, the line of the opening fence, the text between the previous
 * block and this one, and the REASON of a `<!-- not run: REASON -->` line
 * right before the block (else undefined). `name` is the file, for the error
 * thrown at a block that does not end.
 * @returns {Array<{ lang: string, info: string, code: string, line: number, prose: string, notRun: string | undefined }>}
 */
export function markdownBlocks(markdown, name = 'markdown') {
  const lines = markdown.split('\n');
  const blocks = [];
  let prose = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!fence) {
      prose.push(lines[i]);
      continue;
    }
    const end = lines.indexOf('```', i + 1);
    if (end === -1) throw new Error(`${name}:${i + 1}: a block that does not end`);
    const before = prose.filter((line) => line.trim() !== '').at(-1) ?? '';
    blocks.push({
      lang: fence[1],
      info: fence[2],
      code: lines.slice(i + 1, end).join('\n') + '\n',
      line: i + 1,
      prose: prose.join('\n'),
      notRun: /^<!-- not run: (.+) -->$/.exec(before)?.[1],
    });
    prose = [];
    i = end;
  }
  return blocks;
}
