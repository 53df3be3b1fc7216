/**
 * A template that cannot be rendered: its name is outside the templates
 * directory or missing, its syntax is wrong, or it reads an attribute of an
 * undefined value. The message is one line naming the template (the included
 * one, when the fault is there), the line and column when known:
 * `template app.conf.j2, line 3, column 7: 'db' is undefined`.
 */
export class TemplateError extends Error {
  override name = 'TemplateError';

  constructor(
    readonly template: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    const where = line === undefined ? '' : `, line ${line}${column === undefined ? '' : `, column ${column}`}`;
    super(`template ${template}${where}: ${detail}`);
  }
}
