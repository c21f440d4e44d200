/**
 * A locator for block YAML: finds, by scanning lines, where each mapping entry, sequence entry and
 * scalar of one item sits in its text, so the writer can splice edits at those offsets. It knows
 * the layouts kyaml, kubectl and people write (block mappings and sequences, one-line scalars and
 * flow collections, block scalars, comments); anything else (anchors, aliases, tags, complex keys,
 * multi-line flow or plain scalars, tabs) throws Unsupported and the writer takes the Document route.
 */

/** A layout this locator does not handle; the caller falls back to the `yaml` Document API. */
export class Unsupported extends Error {}

/** The item itself is a flow collection (`{"apiVersion": …}`): rendered anew when changed. */
export class FlowRoot extends Unsupported {}

/** A scalar, a one-line flow collection, or an alias (`*name`); `start` includes any anchor or tag. */
export interface Leaf { type: 'leaf'; start: number; end: number; style: 'plain' | 'quoted' | 'flow' | 'block' | 'alias' }
export interface MapEntry {
  key: string;
  /** Offset of the key's first character, and just after its `:`. */
  keyStart: number;
  keyEnd: number;
  /** Column of the key (the mapping's column). */
  column: number;
  /** True for the first key of a sequence entry (`- key: …`): its line belongs to the dash. */
  onDashLine: boolean;
  /** Start of the entry's line (== keyStart - column when not on a dash line). */
  lineStart: number;
  value: YamlNode | null;
  /** End of the entry's last content line (after its newline). */
  contentEnd: number;
  /** End of the entry including the deeper-indented comment lines right after it. */
  end: number;
}
export interface MapNode { type: 'map'; column: number; entries: MapEntry[] }
/** A `- ` entry; `onDashLine` when it follows an outer dash on the same line (`- - a`). */
export interface SeqEntry { dash: number; lineStart: number; onDashLine: boolean; value: YamlNode | null; contentEnd: number; end: number }
export interface SeqNode { type: 'seq'; column: number; entries: SeqEntry[] }
export type YamlNode = Leaf | MapNode | SeqNode;

const SPACE = 32;
const HASH = 35;

class Lines {
  readonly starts: number[] = [];
  readonly eols: number[] = [];
  readonly nexts: number[] = [];
  readonly text: string;
  constructor(text: string) {
    this.text = text;
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const next = nl === -1 ? text.length : nl + 1;
      const eol = nl === -1 ? text.length : nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.starts.push(start);
      this.eols.push(eol);
      this.nexts.push(next);
      start = next;
    }
  }
  get count(): number { return this.starts.length; }
  /** Column of the first non-space character; the line's length when blank. Tabs in indentation are unsupported. */
  indent(i: number): number {
    const start = this.starts[i] ?? 0;
    const eol = this.eols[i] ?? 0;
    let p = start;
    while (p < eol && this.text.charCodeAt(p) === SPACE) p += 1;
    if (p < eol && this.text.charCodeAt(p) === 9) throw new Unsupported('tab in indentation');
    return p - start;
  }
  isContent(i: number): boolean {
    const start = this.starts[i] ?? 0;
    const eol = this.eols[i] ?? 0;
    let p = start;
    while (p < eol && (this.text.charCodeAt(p) === SPACE || this.text.charCodeAt(p) === 9)) p += 1;
    return p < eol && this.text.charCodeAt(p) !== HASH;
  }
  isComment(i: number): boolean {
    const start = this.starts[i] ?? 0;
    const eol = this.eols[i] ?? 0;
    let p = start;
    while (p < eol && this.text.charCodeAt(p) === SPACE) p += 1;
    return p < eol && this.text.charCodeAt(p) === HASH;
  }
  nextContent(i: number): number {
    let j = i;
    while (j < this.count && !this.isContent(j)) j += 1;
    return j;
  }
  /** True when line i has `-` followed by space/end at `column`. */
  isDash(i: number, column: number): boolean {
    const p = (this.starts[i] ?? 0) + column;
    if (this.text.charCodeAt(p) !== 45) return false;
    return p + 1 >= (this.eols[i] ?? 0) || this.text.charCodeAt(p + 1) === SPACE;
  }
}

/** A parsed value and the index of its last line (content or absorbed comment). */
interface Parsed { value: YamlNode | null; last: number }
/** A parsed block collection, its last line, and the first line after it that was not consumed. */
interface Block { node: YamlNode; next: number; last: number }

class Locator {
  private readonly lines: Lines;
  private readonly text: string;
  /** True once an anchor, alias or tag was seen: edits may then change what an alias refers to. */
  risky = false;
  constructor(text: string) {
    this.text = text;
    this.lines = new Lines(text);
  }

  private skipSpaces(p: number, eol: number): number {
    let q = p;
    while (q < eol && (this.text.charCodeAt(q) === SPACE || this.text.charCodeAt(q) === 9)) q += 1;
    return q;
  }

  /** The key at `p` and the offset after its `:`, or undefined when `p` does not start a `key:`. */
  private parseKey(p: number, eol: number): { key: string; after: number } | undefined {
    const text = this.text;
    const c = text[p];
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(p, eol);
      const q = this.skipSpaces(close, eol);
      if (text.charCodeAt(q) !== 58 || !(q + 1 >= eol || text.charCodeAt(q + 1) === SPACE || text.charCodeAt(q + 1) === 9)) return undefined;
      const raw = text.slice(p, close);
      let key: string;
      if (c === "'") key = raw.slice(1, -1).replace(/''/g, "'");
      else {
        try {
          key = JSON.parse(raw) as string;
        } catch {
          throw new Unsupported('double-quoted key with YAML-only escapes');
        }
      }
      return { key, after: q + 1 };
    }
    if (c === undefined || '&*!|>%@`{[,]}#'.includes(c)) return undefined;
    // `-`, `?` and `:` start a plain key only when a non-space follows (`-x`, `?p`), else they are indicators.
    if ((c === '-' || c === '?' || c === ':') && (p + 1 >= eol || text.charCodeAt(p + 1) === SPACE || text.charCodeAt(p + 1) === 9)) return undefined;
    for (let q = p; q < eol; q += 1) {
      const code = text.charCodeAt(q);
      if (code === HASH && (text.charCodeAt(q - 1) === SPACE || text.charCodeAt(q - 1) === 9)) return undefined;
      if (code === 58 && (q + 1 >= eol || text.charCodeAt(q + 1) === SPACE || text.charCodeAt(q + 1) === 9)) {
        const key = text.slice(p, q).trimEnd();
        if (key === '<<' || key.startsWith('---')) throw new Unsupported('merge key or marker');
        return { key, after: q + 1 };
      }
    }
    return undefined;
  }

  /** Offset just after the closing quote of the one-line quoted scalar at `p`. */
  private quotedEnd(p: number, eol: number): number {
    const text = this.text;
    const quote = text.charCodeAt(p);
    for (let q = p + 1; q < eol; q += 1) {
      const code = text.charCodeAt(q);
      if (quote === 34 && code === 92) q += 1;
      else if (code === quote) {
        if (quote === 39 && text.charCodeAt(q + 1) === 39) q += 1;
        else return q + 1;
      }
    }
    throw new Unsupported('multi-line quoted scalar');
  }

  /** Offset just after the one-line flow collection at `p`. */
  private flowEnd(p: number, eol: number): number {
    const text = this.text;
    let depth = 0;
    for (let q = p; q < eol; q += 1) {
      const c = text[q];
      if (c === '"' || c === "'") q = this.quotedEnd(q, eol) - 1;
      else if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return q + 1;
      } else if (c === '&' || c === '*' || c === '!') {
        const prev = text[q - 1];
        if (prev === ' ' || prev === '{' || prev === '[' || prev === ',') throw new Unsupported('anchor, alias or tag in a flow collection');
      }
    }
    throw new Unsupported('multi-line flow collection');
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
      end = this.quotedEnd(p, eol);
      style = 'quoted';
    } else if (c === '{' || c === '[') {
      end = this.flowEnd(p, eol);
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
    const rest = this.skipSpaces(end, eol);
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
    const rest = this.skipSpaces(q, eol);
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
      const key = this.parseKey(keyStart, eol);
      if (key === undefined) throw new Unsupported('not a mapping key');
      const parsed = this.parseValue(line, key.after, column);
      const contentEnd = this.lines.nexts[parsed.last] ?? this.text.length;
      const after = this.absorbComments(parsed.last, column);
      entries.push({
        key: key.key, keyStart, keyEnd: key.after, column, onDashLine,
        lineStart: onDashLine ? keyStart : (this.lines.starts[line] ?? 0),
        value: parsed.value, contentEnd, end: this.lines.nexts[after - 1] ?? contentEnd,
      });
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
      q = this.skipSpaces(q, eol);
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
    const start = this.skipSpaces(after, eol);
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
      const start = this.skipSpaces(dash + 1, eol);
      const p = this.skipProperties(start, eol);
      let parsed: Parsed;
      if (p >= eol || this.text.charCodeAt(p) === HASH) {
        const j = this.lines.nextContent(line + 1);
        if (j < this.lines.count && this.lines.indent(j) > column) {
          const nested = this.parseNested(j);
          parsed = { value: nested.node, last: nested.last };
        } else parsed = { value: null, last: line };
      } else if (this.text[p] === '-' && (p + 1 >= eol || this.text.charCodeAt(p + 1) === SPACE)) {
        if (p !== start) throw new Unsupported('properties on a sequence in a sequence');
        const inner = this.parseSeq(line, p - lineStart, true);
        parsed = { value: inner.node, last: inner.last };
      } else if (p === start && this.parseKey(p, eol) !== undefined) {
        const map = this.parseMap(line, p - lineStart, p);
        parsed = { value: map.node, last: map.last };
      } else {
        parsed = this.parseInlineWithProperties(line, start, p, column);
      }
      const contentEnd = this.lines.nexts[parsed.last] ?? this.text.length;
      const after = this.absorbComments(parsed.last, column);
      entries.push({ dash, lineStart: entryOnDashLine ? dash : lineStart, onDashLine: entryOnDashLine, value: parsed.value, contentEnd, end: this.lines.nexts[after - 1] ?? contentEnd });
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
 * anchors, aliases or tags (then the caller re-reads its edits). Throws Unsupported.
 */
export function locate(text: string, form: 'entry' | 'document', dashColumn: number): { root: MapNode; risky: boolean } {
  const locator = new Locator(text);
  const root = locator.root(form, dashColumn);
  return { root, risky: locator.risky };
}
