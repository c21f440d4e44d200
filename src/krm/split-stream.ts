import { lineAt, YamlSyntaxError } from './input-error.ts';

/** One document body of a `---` stream, with the separator text that precedes it. */
export interface StreamDocument {
  /** Separator lines (`---`, `...`, directives) and empty documents before `body`. */
  before: string;
  body: string;
  /** Offset of `body` in the input. */
  offset: number;
}

/** True when the line at `start` is a document marker (`---` or `...` at column 0). */
function markerAt(text: string, start: number): '---' | '...' | undefined {
  const c = text.charCodeAt(start);
  if (c !== 45 && c !== 46) return undefined;
  const three = text.startsWith('---', start) ? '---' : text.startsWith('...', start) ? '...' : undefined;
  if (three === undefined) return undefined;
  const after = text.charCodeAt(start + 3);
  // End of input, newline, CR, space or tab: anything else (`----`, `---x`) is content.
  if (Number.isNaN(after) || after === 10 || after === 13 || after === 32 || after === 9) return three;
  return undefined;
}

/** True when the marker line carries content after `---` (`--- |`, `--- {a: 1}`), not just a comment. */
function markerHasContent(line: string): boolean {
  const rest = line.slice(3).trim();
  return rest !== '' && !rest.startsWith('#');
}

/** True when `body` holds only blank lines, comments and directives: an empty document. */
export function isEmptyDocument(body: string): boolean {
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    let i = start;
    while (i < end && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9)) i += 1;
    const c = body.charCodeAt(i);
    if (i < end && c !== 35 && c !== 13 && !(i === start && c === 37)) return false;
    start = end + 1;
  }
  return true;
}

/** Offset of the first column-0 `%` line (a directive) in `body`, or -1. */
function directiveIn(body: string): number {
  if (body.charCodeAt(0) === 37) return 0;
  const at = body.indexOf('\n%');
  return at === -1 ? -1 : at + 1;
}

/**
 * Splits a YAML stream at its column-0 `---` / `...` markers (which no scalar may contain, so a
 * line scan is exact). Empty documents are folded into the next document's `before`; what follows
 * the last document is `tail`. Concatenating every `before + body` and `tail` gives back the input.
 * Throws YamlSyntaxError for a directive where YAML allows none: after `---` it is the document's
 * content (which cannot start with `%`), and each document parsed alone would not see that.
 */
export function splitStream(text: string): { documents: StreamDocument[]; tail: string } {
  const documents: StreamDocument[] = [];
  let pendingStart = 0; // start of not-yet-assigned separator text
  let bodyStart = 0;
  let lineStart = 0;
  // Directives may open the stream or follow a `...` (YAML 1.2, l-yaml-stream), not a `---`.
  let openedBy: '---' | '...' | 'start' = 'start';
  const close = (bodyEnd: number): void => {
    const body = text.slice(bodyStart, bodyEnd);
    // Only a body of nothing else would pass: the parser refuses a directive before content itself.
    const directive = openedBy === '---' && isEmptyDocument(body) ? directiveIn(body) : -1;
    if (directive !== -1) {
      const line = lineAt(text, bodyStart + directive);
      throw new YamlSyntaxError(
        `input line ${line}, column 1: a directive (a line starting with %) follows "---", where the document's content must be; ` +
          'YAML allows directives only before the first document or after a "..." line. Put "..." on the line before it, or remove it.',
        { line, column: 1 },
      );
    }
    if (!isEmptyDocument(body)) {
      documents.push({ before: text.slice(pendingStart, bodyStart), body, offset: bodyStart });
      pendingStart = bodyEnd;
    }
  };
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    lineEnd = lineEnd === -1 ? text.length : lineEnd + 1;
    const marker = markerAt(text, lineStart);
    if (marker !== undefined) {
      close(lineStart);
      openedBy = marker;
      const withContent = marker === '---' && markerHasContent(text.slice(lineStart, lineEnd));
      // A marker carrying content (`--- |`) stays in the body so the document parses alone.
      bodyStart = withContent ? lineStart : lineEnd;
    }
    lineStart = lineEnd;
  }
  close(text.length);
  return { documents, tail: text.slice(pendingStart) };
}
