import { YamlLimitError } from '../config/bounded-yaml.ts';

/**
 * A problem with the input bytes that stops the run before anything is written. `line` and
 * `column` are 1-based positions in the whole input; `itemIndex` is the 0-based item position.
 */
export class InputError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly itemIndex: number | undefined;

  constructor(message: string, where: { line?: number; column?: number; itemIndex?: number } = {}) {
    super(message);
    this.name = 'InputError';
    this.line = where.line;
    this.column = where.column;
    this.itemIndex = where.itemIndex;
  }
}

/** An InputError raised by the YAML parser itself (not by a check of the parsed value). */
export class YamlSyntaxError extends InputError {}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let at = text.indexOf('\n');
  while (at !== -1 && at < offset) {
    line += 1;
    at = text.indexOf('\n', at + 1);
  }
  return line;
}

interface YamlMark {
  line: number;
  column: number;
}
interface YamlFailure {
  reason?: string;
  mark?: YamlMark;
  message: string;
}

/** Fix hints for js-yaml's reasons, most specific first. */
const FIXES: readonly (readonly [RegExp, string])[] = [
  [
    /aliases expand to more than/,
    'Write the repeated values out, or reuse fewer nested anchors: real manifests stay far below this limit.',
  ],
  [/nests deeper than/, 'Flatten the document: Kubernetes objects, CRD schemas included, nest a few dozen levels at most.'],
  [/a cycle/, 'Define the anchor on a node that does not contain the alias.'],
  [/duplicated mapping key/, 'Remove one of the two keys (a mapping may hold each key once).'],
  [
    /bad indentation|end of the stream or a document separator is expected/,
    'Check the indentation of this line against its siblings (spaces only, the same column for keys of one mapping).',
  ],
  [/tab/i, 'Indent with spaces, not tabs.'],
  [/unidentified alias|unknown tag/, 'Define the anchor before using it, inside the same document, or remove the tag.'],
  [
    /flow (mapping|collection)|missed comma|unexpected end of the stream within a flow/,
    'Close every `{` and `[` and separate flow entries with commas.',
  ],
  [/quoted scalar|double quoted|single quoted/, 'Close the quoted string, or escape the quote inside it.'],
  [
    /block mapping|mapping entry/,
    'Quote the value if it contains ": " or starts with a special character (one of - ? : , [ ] { } # & * ! | > \' " % @ `).',
  ],
];

/**
 * An InputError for a js-yaml exception raised while parsing `source` that starts at `offset` of
 * `whole` (so line numbers are those of the whole input).
 */
export function yamlInputError(error: unknown, whole: string, offset: number, what: string, itemIndex?: number): YamlSyntaxError {
  const failure = error as YamlFailure;
  const reason = failure.reason ?? failure.message ?? String(error);
  const base = lineAt(whole, offset);
  const lineStart = whole.lastIndexOf('\n', offset - 1) + 1;
  const startColumn = offset - lineStart;
  const mark = failure.mark;
  const line = mark === undefined ? base : base + mark.line;
  const column = mark === undefined ? 1 : (mark.line === 0 ? startColumn : 0) + mark.column + 1;
  const fix = FIXES.find(([pattern]) => pattern.test(reason))?.[1] ?? 'Fix the YAML syntax at that position.';
  const where: { line: number; column: number; itemIndex?: number } = { line, column };
  if (itemIndex !== undefined) where.itemIndex = itemIndex;
  const verdict = error instanceof YamlLimitError ? 'is beyond what kuma-inject reads' : 'is not valid YAML';
  return new YamlSyntaxError(
    `input line ${line}, column ${column}${itemIndex === undefined ? '' : ` (item ${itemIndex})`}: ${what} ${verdict}: ${reason}. ${fix}`,
    where,
  );
}

/**
 * A YAML parse error of a settings-like file in words that quote nothing of the file (it may not
 * be ours to show: a repository may name any file): the parser's reason without quoted text, and
 * the line and column.
 */
export function yamlProblemAt(error: unknown): string {
  const failure = error as YamlFailure;
  const reason = (failure.reason ?? 'not valid YAML').replace(/\s*("[^"]*"|'[^']*'|!<[^>]*>)/g, '');
  const mark = failure.mark;
  return mark === undefined ? reason : `${reason} at line ${mark.line + 1}, column ${mark.column + 1}`;
}
