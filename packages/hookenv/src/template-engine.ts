// Jinja2 templates rendered by Nunjucks. Only render() (templating.ts) loads
// this module, on its first call: a hook that renders nothing never loads
// Nunjucks.
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import { TemplateError } from './template-error.js';
import { templateFile } from './template-names.js';

/** The Environment option under which an attribute of an undefined value throws, as in Jinja2. */
const JINJA_UNDEFINED = 'reactiveJinjaUndefined';

// Jinja2's True/False/None, dict.items(), list slices, as templates written for Python expect.
nunjucks.installJinjaCompat();
raiseOnUndefinedAttributes();

/** Renders the template `name` of the folder `templates` with `context`, as Jinja2 does. */
export function renderTemplate(templates: string, name: string, context: Record<string, unknown>): Promise<string> {
  const loader = new TemplatesLoader(templates) as nunjucks.ILoader;
  const env = new nunjucks.Environment(loader, { autoescape: false, [JINJA_UNDEFINED]: true } as nunjucks.ConfigureOptions);
  // The callback form: Nunjucks reports an error in an included template asynchronously.
  return new Promise((resolve, reject) => {
    env.render(name, { ...context }, (error, text) => {
      if (error) reject(templateError(error, name));
      else resolve(text ?? '');
    });
  });
}

/**
 * Every template loaded (rendered, included, extended, imported) by its name
 * relative to the templates folder, under templateFile()'s rules: names are
 * never taken relative to the including template (Jinja2 has no such thing).
 */
class TemplatesLoader extends nunjucks.Loader {
  constructor(private readonly templates: string) {
    super();
  }

  getSource(name: string): nunjucks.LoaderSource | null {
    const file = templateFile(this.templates, name);
    if (file === undefined) return null;
    return { src: jinjaSource(readFileSync(file, 'utf8')), path: name, noCache: true };
  }

  override isRelative(): boolean {
    return false;
  }
}

/** A template's text as Jinja2's lexer sees it: every \r\n, \r or \n a \n, and one line break at the end dropped. */
function jinjaSource(text: string): string {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n$/, '');
}

/**
 * One TemplateError naming the template at fault (the innermost, for an error
 * in an included template), the line and column when known, from Nunjucks'
 * message: a line per template, `(outer.j2)`, `(inner.j2) [Line 3, Column 7]`,
 * then the message, `Error: unexpected token: }}`.
 */
function templateError(error: unknown, name: string): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  let lines = message
    .split('\n')
    .map((line) => line.trim().replace(/^Template render error:\s*/, ''))
    .filter(Boolean);
  let place: { file?: string; line?: string; column?: string } = {};
  for (let match; lines.length > 1 && (match = PLACE.exec(lines[0]!)); lines = lines.slice(1)) place = match.groups!;
  const file = place.file && place.file !== 'unknown path' ? place.file : name;
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  return new TemplateError(file, lines.join(' ').replace(/^\w*Error:\s*/, ''), number(place.line), number(place.column));
}

const PLACE = /^\((?<file>.*)\)(?: \[Line (?<line>\d+)(?:, Column (?<column>\d+))?\])?$/;

interface ExpressionNode {
  typename: string;
  value?: unknown;
  target?: ExpressionNode;
  val?: ExpressionNode;
  name?: ExpressionNode;
  lineno: number;
  colno: number;
}

interface CompilerInternals {
  _emit(code: string): void;
  _compileExpression(node: ExpressionNode, frame: unknown): void;
}

interface NunjucksInternals {
  compiler: { Compiler: { prototype: CompilerInternals & { compileLookupVal(node: ExpressionNode, frame: unknown): void } } };
  runtime: Record<string, unknown>;
}

/**
 * Jinja2 renders an undefined name as empty text, but reading an attribute or
 * item of it (`{{ db.port }}` without `db`) raises: Nunjucks gives undefined.
 * Each lookup's target goes through `runtime.reactiveDefined`, which throws in
 * environments created with JINJA_UNDEFINED (other users of Nunjucks in the
 * process keep its behaviour).
 */
function raiseOnUndefinedAttributes(): void {
  const { compiler, runtime } = nunjucks as unknown as NunjucksInternals;
  runtime.reactiveDefined = (env: nunjucks.Environment & { opts: Record<string, unknown> }, value: unknown, what: string, line: number, column: number) => {
    if (value === undefined && env.opts[JINJA_UNDEFINED]) throw new nunjucks.lib.TemplateError(`'${what}' is undefined`, line, column);
    return value;
  };
  compiler.Compiler.prototype.compileLookupVal = function (node, frame) {
    // What Nunjucks emits, `runtime.memberLookup((target), key)`, with the target checked.
    this._emit('runtime.memberLookup((runtime.reactiveDefined(env, (');
    this._compileExpression(node.target!, frame);
    const { lineno, colno } = start(node.target!);
    this._emit(`), ${JSON.stringify(describe(node.target!))}, ${lineno + 1}, ${colno + 1})),`);
    this._compileExpression(node.val!, frame);
    this._emit(')');
  };
}

/** An expression as the template wrote it, for messages: `config.db`, `hosts[0]`. */
function describe(node: ExpressionNode): string {
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'FunCall') return `${describe(node.name!)}(…)`;
  if (node.typename !== 'LookupVal') return 'the value';
  const target = describe(node.target!);
  const key = node.val!;
  if (key.typename !== 'Literal') return `${target}[…]`;
  return typeof key.value === 'string' && /^[A-Za-z_]\w*$/.test(key.value) ? `${target}.${key.value}` : `${target}[${JSON.stringify(key.value)}]`;
}

/** Where an expression starts: its first name. */
function start(node: ExpressionNode): ExpressionNode {
  if (node.typename === 'LookupVal') return start(node.target!);
  if (node.typename === 'FunCall') return start(node.name!);
  return node;
}
