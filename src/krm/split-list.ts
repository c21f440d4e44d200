/** One `- ` entry of a List's / ResourceList's `items`, as a slice of the document. */
interface ListEntry {
  text: string;
  /** Offset of `text` in the document body. */
  start: number;
}

/** A List document split around its items: `head + entries + tail` is the whole document. */
export interface SplitList {
  head: string;
  entries: ListEntry[];
  tail: string;
  dashColumn: number;
}

const ITEMS_KEY = /^items:[ \t]*(#[^\n]*)?\r?$/m;

interface Line {
  start: number;
  end: number;
  indent: number;
  kind: 'blank' | 'comment' | 'dash' | 'content';
}

function lineAt(body: string, start: number): Line {
  let end = body.indexOf('\n', start);
  end = end === -1 ? body.length : end + 1;
  let i = start;
  while (i < end && body.charCodeAt(i) === 32) i += 1;
  const c = body.charCodeAt(i);
  const indent = i - start;
  if (i >= end || c === 10 || c === 13) return { start, end, indent, kind: 'blank' };
  if (c === 35) return { start, end, indent, kind: 'comment' };
  if (c === 45) {
    const n = body.charCodeAt(i + 1);
    if (Number.isNaN(n) || n === 32 || n === 10 || n === 13) return { start, end, indent, kind: 'dash' };
  }
  return { start, end, indent, kind: 'content' };
}

/**
 * Splits a List-shaped document at its block `items:` entries by scanning lines: an entry starts
 * at a `- ` line at the sequence's column and runs until the next one; blank and comment lines
 * after the last entry's content go to `tail`. Returns undefined when `items` is not a block
 * sequence under a column-0 key (the caller then reads the document as a whole).
 */
export function splitList(body: string): SplitList | undefined {
  const match = ITEMS_KEY.exec(body);
  if (match === null) return undefined;
  const headEnd = body.indexOf('\n', match.index) + 1;
  if (headEnd === 0) return undefined;
  let at = headEnd;
  let dashColumn = -1;
  const entries: ListEntry[] = [];
  let entryStart = -1;
  let contentEnd = headEnd; // end of the last line that belongs to an entry for sure
  let firstEntryStart = headEnd;
  while (at < body.length) {
    const line = lineAt(body, at);
    if (line.kind === 'blank' || (line.kind === 'comment' && (dashColumn === -1 || line.indent <= dashColumn))) {
      at = line.end;
      continue;
    }
    if (dashColumn === -1) {
      if (line.kind !== 'dash') return undefined;
      dashColumn = line.indent;
      firstEntryStart = line.start;
    }
    if (line.kind === 'dash' && line.indent === dashColumn) {
      if (entryStart !== -1) entries.push({ text: body.slice(entryStart, line.start), start: entryStart });
      entryStart = line.start;
    } else if (line.indent <= dashColumn) {
      break; // the next top-level key: items ended
    }
    contentEnd = line.end;
    at = line.end;
  }
  if (entryStart === -1) return undefined;
  entries.push({ text: body.slice(entryStart, contentEnd), start: entryStart });
  return { head: body.slice(0, firstEntryStart), entries, tail: body.slice(contentEnd), dashColumn };
}

/** The kind when `body` looks like a ResourceList or List (a column-0 `kind: …List` and `items:`). */
export function looksLikeList(body: string): string | undefined {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]*List)["']?[ \t]*(#[^\n]*)?\r?$/m.exec(body);
  // A ResourceList without items is an empty one (kpt always sends `items`, others may not).
  if (kind === null || (kind[1] !== 'ResourceList' && !/^items:/m.test(body))) return undefined;
  return kind[1];
}
