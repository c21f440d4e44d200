/**
 * A locator for block YAML: finds, by scanning lines, where each mapping entry, sequence entry and
 * scalar of one item sits in its text, so the writer can splice edits at those offsets. It knows
 * the layouts kyaml, kubectl and people write (block mappings and sequences, one-line scalars and
 * flow collections, block scalars, comments, anchors, aliases and tags, which it reports as risky);
 * anything else (complex keys, merge keys, multi-line flow or plain scalars, tabs in indentation)
 * throws Unsupported and the writer takes the Document route.
 */

import { FlowRoot, Unsupported, type Leaf, type MapEntry, type MapNode, type SeqEntry, type SeqNode, type YamlNode } from './yaml-nodes.ts';
import { LineIndex } from './line-index.ts';
import { flowEnd, parseKey, quotedEnd, skipSpaces } from './scalar-scan.ts';

export { FlowRoot, Unsupported } from './yaml-nodes.ts';

const SPACE = 32;
const HASH = 35;

/**
 * A value and the index of its last line (content or absorbed comment). A block collection is
 * only delimited at first (`resolve` parses it when an edit needs to look inside).
 */
interface Parsed {
  value: YamlNode | null;
  last: number;
  resolve?: () => YamlNode | null;
}
/** A parsed block collection, its last line, and the first line after it that was not consumed. */
interface Block {
  node: YamlNode;
  next: number;
  last: number;
}

/** A property token (`&anchor`, `*alias`, `!tag`) at a token start, anywhere in the text. */
const PROPERTY_TOKEN = /(?:^|[\s[{,])[&*!][^\s,\]}]/m;
/** A keep-chomped block scalar header (`|+`, `>2+`): its trailing blank lines are content. */
const KEEP_CHOMPING = /[|>][1-9]?\+/;

/** True when `text` may hold a keep-chomped block scalar, whose trailing blank lines are content. */
export function mayKeepTrailingLines(text: string): boolean {
  return KEEP_CHOMPING.test(text);
}

/** A located value: the parsed node, or one parsed on first use. */
class LazyValue {
  private node: YamlNode | null | undefined;
  private readonly resolve: (() => YamlNode | null) | undefined;
  constructor(parsed: Parsed) {
    this.resolve = parsed.resolve;
    this.node = parsed.resolve === undefined ? parsed.value : undefined;
  }
  get value(): YamlNode | null {
    if (this.node === undefined) this.node = this.resolve?.() ?? null;
    return this.node;
  }
}

type MapEntryFields = Omit<MapEntry, 'value'>;
type SeqEntryFields = Omit<SeqEntry, 'value'>;

class LocatedMapEntry extends LazyValue implements MapEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly column: number;
  readonly onDashLine: boolean;
  readonly lineStart: number;
  readonly contentEnd: number;
  readonly end: number;
  constructor(fields: MapEntryFields, parsed: Parsed) {
    super(parsed);
    this.key = fields.key;
    this.keyStart = fields.keyStart;
    this.keyEnd = fields.keyEnd;
    this.column = fields.column;
    this.onDashLine = fields.onDashLine;
    this.lineStart = fields.lineStart;
    this.contentEnd = fields.contentEnd;
    this.end = fields.end;
  }
}

class LocatedSeqEntry extends LazyValue implements SeqEntry {
  readonly dash: number;
  readonly lineStart: number;
  readonly onDashLine: boolean;
  readonly contentEnd: number;
  readonly end: number;
  constructor(fields: SeqEntryFields, parsed: Parsed) {
    super(parsed);
    this.dash = fields.dash;
    this.lineStart = fields.lineStart;
    this.onDashLine = fields.onDashLine;
    this.contentEnd = fields.contentEnd;
    this.end = fields.end;
  }
}

class Locator {
  private readonly lines: LineIndex;
  private readonly text: string;
  /**
   * True when the text may use anchors, aliases or tags (a property token anywhere, or one met while
   * parsing): edits may then change what an alias refers to, so the caller re-reads them.
   */
  risky: boolean;
  /** Parse nested collections only when an edit looks inside (exact unless `|+` scalars occur). */
  private readonly lazy: boolean;
  constructor(text: string) {
    this.text = text;
    this.lines = new LineIndex(text);
    this.risky = (text.includes('&') || text.includes('*') || text.includes('!')) && PROPERTY_TOKEN.test(text);
    this.lazy = !KEEP_CHOMPING.test(text);
  }

  /** The last line of the block value starting at line `j` under a key or dash at `column`. */
  private blockEnd(j: number, column: number, compact: boolean): number {
    let last = j;
    for (let k = j + 1; k < this.lines.count; k += 1) {
      if (this.lines.isComment(k)) {
        // Deeper `#` lines belong to the value (they may even be block scalar content).
        if (this.lines.indent(k) > column) last = k;
        continue;
      }
      if (!this.lines.isContent(k)) continue;
      const indent = this.lines.indent(k);
      if (indent < column || (indent === column && !(compact && this.lines.isDash(k, column)))) break;
      last = k;
    }
    return last;
  }

  /** Like parseValue, but a block collection is only delimited, and parsed on demand. */
  private lazyValue(i: number, after: number, column: number): Parsed {
    if (!this.lazy) return this.parseValue(i, after, column);
    const eol = this.lines.eols[i] ?? 0;
    const start = skipSpaces(this.text, after, eol);
    const p = this.skipProperties(start, eol);
    if (p < eol && this.text.charCodeAt(p) !== HASH) return this.parseInlineWithProperties(i, start, p, column);
    const j = this.lines.nextContent(i + 1);
    if (j < this.lines.count) {
      const indent = this.lines.indent(j);
      if (indent > column || (indent === column && this.lines.isDash(j, column))) {
        return { value: null, last: this.blockEnd(j, column, indent === column), resolve: () => this.parseValue(i, after, column).value };
      }
    }
    return { value: null, last: i };
  }

  /** The scalar or collection starting at `p` on line `i`, owned by a node at `owner` column. */
  private parseInline(i: number, p: number, owner: number): Parsed {
    const text = this.text;
    const eol = this.lines.eols[i] ?? 0;
    const c = text[p];
    if (c === '|' || c === '>') return this.parseBlockScalar(i, p, owner);
    let end: number;
    let style: Leaf['style'];
    if (c === '"' || c === "'") {
      end = quotedEnd(this.text, p, eol);
      style = 'quoted';
    } else if (c === '{' || c === '[') {
      end = flowEnd(this.text, p, eol);
      style = 'flow';
    } else if (c === '*') {
      this.risky = true;
      end = p;
      while (end < eol && text.charCodeAt(end) !== SPACE && text.charCodeAt(end) !== 9) end += 1;
      style = 'alias';
    } else if (c === '&' || c === '!' || c === '%' || c === '@' || c === '`') {
      throw new Unsupported('anchor, tag or reserved indicator');
    } else {
      end = p;
      for (let q = p; q < eol; q += 1) {
        const code = text.charCodeAt(q);
        if (code === HASH && (text.charCodeAt(q - 1) === SPACE || text.charCodeAt(q - 1) === 9)) break;
        if (code !== SPACE && code !== 9) end = q + 1;
      }
      style = 'plain';
    }
    const rest = skipSpaces(this.text, end, eol);
    if (rest < eol && text.charCodeAt(rest) !== HASH) throw new Unsupported('content after a scalar');
    const next = this.lines.nextContent(i + 1);
    if (next < this.lines.count && this.lines.indent(next) > owner) throw new Unsupported('multi-line scalar');
    return { value: { type: 'leaf', start: p, end, style }, last: i };
  }

  private parseBlockScalar(i: number, p: number, owner: number): Parsed {
    const text = this.text;
    const eol = this.lines.eols[i] ?? 0;
    let q = p + 1;
    // Header: chomping (`+`/`-`) and an indentation indicator (a digit, content at owner + digit), in any order.
    let indicator = 0;
    while (q < eol && (text[q] === '+' || text[q] === '-' || (text.charCodeAt(q) >= 49 && text.charCodeAt(q) <= 57))) {
      if (text[q] !== '+' && text[q] !== '-') indicator = text.charCodeAt(q) - 48;
      q += 1;
    }
    const rest = skipSpaces(this.text, q, eol);
    if (rest < eol && text.charCodeAt(rest) !== HASH) throw new Unsupported('block scalar header');
    const keep = text.slice(p, q).includes('+');
    let last = i;
    let contentIndent = indicator > 0 ? owner + indicator : -1;
    for (let j = i + 1; j < this.lines.count; j += 1) {
      const start = this.lines.starts[j] ?? 0;
      const lineEol = this.lines.eols[j] ?? 0;
      let s = start;
      while (s < lineEol && text.charCodeAt(s) === SPACE) s += 1;
      if (s === lineEol) {
        // Blank: part of the scalar if more content follows, and always with keep chomping (`|+`).
        if (keep) last = j;
        continue;
      }
      const indent = s - start;
      if (contentIndent === -1) {
        if (indent <= owner) break;
        contentIndent = indent;
      } else if (indent < contentIndent) break;
      last = j;
    }
    return { value: { type: 'leaf', start: p, end: this.lines.eols[last] ?? 0, style: 'block' }, last };
  }

  /** The block node whose first line is `j` (a sequence when it starts with a dash). */
  private parseNested(j: number): Block {
    const indent = this.lines.indent(j);
    return this.lines.isDash(j, indent) ? this.parseSeq(j, indent) : this.parseMap(j, indent);
  }

  /** The line after the comment lines following `last` that are indented deeper than `column`. */
  private absorbComments(last: number, column: number): number {
    let k = last + 1;
    while (k < this.lines.count && this.lines.isComment(k) && this.lines.indent(k) > column) k += 1;
    return k;
  }

  parseMap(i: number, column: number, firstKey?: number): Block & { node: MapNode } {
    const entries: MapEntry[] = [];
    let line = i;
    let last = i;
    let first = firstKey !== undefined;
    for (;;) {
      let keyStart: number;
      let onDashLine = false;
      if (first) {
        keyStart = firstKey ?? 0;
        onDashLine = true;
        first = false;
      } else {
        line = this.lines.nextContent(line);
        if (line >= this.lines.count) break;
        const indent = this.lines.indent(line);
        if (indent < column) break;
        if (indent > column) throw new Unsupported('unexpected indentation');
        if (this.lines.isDash(line, column)) break;
        keyStart = (this.lines.starts[line] ?? 0) + column;
      }
      const eol = this.lines.eols[line] ?? 0;
      const key = parseKey(this.text, keyStart, eol);
      if (key === undefined) throw new Unsupported('not a mapping key');
      const parsed = this.lazyValue(line, key.after, column);
      const contentEnd = this.lines.nexts[parsed.last] ?? this.text.length;
      const after = this.absorbComments(parsed.last, column);
      entries.push(
        new LocatedMapEntry(
          {
            key: key.key,
            keyStart,
            keyEnd: key.after,
            column,
            onDashLine,
            lineStart: onDashLine ? keyStart : (this.lines.starts[line] ?? 0),
            contentEnd,
            end: this.lines.nexts[after - 1] ?? contentEnd,
          },
          parsed,
        ),
      );
      line = after;
      last = after - 1;
    }
    return { node: { type: 'map', column, entries }, next: line, last };
  }

  /** Offset after the node properties (`&anchor`, `!tag`) at `p`, and the spaces after them. */
  private skipProperties(p: number, eol: number): number {
    let q = p;
    while (q < eol && (this.text[q] === '&' || this.text[q] === '!')) {
      this.risky = true;
      while (q < eol && this.text.charCodeAt(q) !== SPACE && this.text.charCodeAt(q) !== 9) q += 1;
      q = skipSpaces(this.text, q, eol);
    }
    return q;
  }

  /** `parseInline` after node properties; the leaf starts at the properties so a replacement drops them. */
  private parseInlineWithProperties(i: number, start: number, p: number, owner: number): Parsed {
    const parsed = this.parseInline(i, p, owner);
    if (parsed.value?.type === 'leaf') parsed.value.start = start;
    return parsed;
  }

  private parseValue(i: number, after: number, column: number): Parsed {
    const eol = this.lines.eols[i] ?? 0;
    const start = skipSpaces(this.text, after, eol);
    const p = this.skipProperties(start, eol);
    if (p < eol && this.text.charCodeAt(p) !== HASH) return this.parseInlineWithProperties(i, start, p, column);
    const j = this.lines.nextContent(i + 1);
    if (j < this.lines.count) {
      const indent = this.lines.indent(j);
      if (indent > column || (indent === column && this.lines.isDash(j, column))) {
        const node = this.lines.isDash(j, indent) ? this.parseSeq(j, indent) : this.parseMap(j, indent);
        return { value: node.node, last: node.last };
      }
    }
    return { value: null, last: i };
  }

  parseSeq(i: number, column: number, onDashLine = false): Block & { node: SeqNode } {
    const entries: SeqEntry[] = [];
    let line = i;
    let last = i;
    let first = onDashLine;
    for (;;) {
      if (!first) {
        line = this.lines.nextContent(line);
        if (line >= this.lines.count) break;
        const indent = this.lines.indent(line);
        if (indent < column) break;
        if (indent > column) throw new Unsupported('unexpected indentation in a sequence');
        if (!this.lines.isDash(line, column)) break;
      }
      const entryOnDashLine = first;
      first = false;
      const lineStart = this.lines.starts[line] ?? 0;
      const eol = this.lines.eols[line] ?? 0;
      const dash = lineStart + column;
      const start = skipSpaces(this.text, dash + 1, eol);
      const p = this.skipProperties(start, eol);
      let parsed: Parsed;
      if (p >= eol || this.text.charCodeAt(p) === HASH) {
        const j = this.lines.nextContent(line + 1);
        if (j < this.lines.count && this.lines.indent(j) > column) {
          if (this.lazy) parsed = { value: null, last: this.blockEnd(j, column, false), resolve: () => this.parseNested(j).node };
          else {
            const nested = this.parseNested(j);
            parsed = { value: nested.node, last: nested.last };
          }
        } else parsed = { value: null, last: line };
      } else if (this.text[p] === '-' && (p + 1 >= eol || this.text.charCodeAt(p + 1) === SPACE)) {
        if (p !== start) throw new Unsupported('properties on a sequence in a sequence');
        const inner = this.parseSeq(line, p - lineStart, true);
        parsed = { value: inner.node, last: inner.last };
      } else if (p === start && parseKey(this.text, p, eol) !== undefined) {
        const map = this.parseMap(line, p - lineStart, p);
        parsed = { value: map.node, last: map.last };
      } else {
        parsed = this.parseInlineWithProperties(line, start, p, column);
      }
      const contentEnd = this.lines.nexts[parsed.last] ?? this.text.length;
      const after = this.absorbComments(parsed.last, column);
      entries.push(
        new LocatedSeqEntry(
          {
            dash,
            lineStart: entryOnDashLine ? dash : lineStart,
            onDashLine: entryOnDashLine,
            contentEnd,
            end: this.lines.nexts[after - 1] ?? contentEnd,
          },
          parsed,
        ),
      );
      line = after;
      last = after - 1;
    }
    return { node: { type: 'seq', column, entries }, next: line, last };
  }

  /** The item's root mapping; every line must be accounted for. */
  root(form: 'entry' | 'document', dashColumn: number): MapNode {
    const first = this.lines.nextContent(0);
    if (first >= this.lines.count) throw new Unsupported('empty item');
    if (form === 'entry') {
      const { node, next } = this.parseSeq(first, dashColumn);
      this.mustEnd(next);
      const only = node.entries[0];
      if (only?.value?.type === 'leaf' && only.value.style === 'flow') throw new FlowRoot('flow-style item');
      if (node.entries.length !== 1 || only?.value?.type !== 'map') throw new Unsupported('entry is not one mapping');
      return only.value;
    }
    const indent = this.lines.indent(first);
    const c = this.text[(this.lines.starts[first] ?? 0) + indent];
    if (c === '{' || c === '[') throw new FlowRoot('flow-style document');
    const { node, next } = this.parseMap(first, indent);
    this.mustEnd(next);
    return node;
  }

  private mustEnd(next: number): void {
    if (this.lines.nextContent(next) < this.lines.count) throw new Unsupported('content after the item');
  }
}

/**
 * The located root mapping of an item's text (entry or document form), and whether the text uses
 * anchors, aliases or tags (asked after the edits: nested values are parsed as edits reach them;
 * then the caller re-reads its edits). Throws Unsupported, also while values are parsed on demand.
 */
export function locate(text: string, form: 'entry' | 'document', dashColumn: number): { root: MapNode; risky: () => boolean } {
  const locator = new Locator(text);
  const root = locator.root(form, dashColumn);
  return { root, risky: () => locator.risky };
}
