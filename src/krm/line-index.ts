import { Unsupported } from './yaml-nodes.ts';

const SPACE = 32;
const TAB = 9;
const HASH = 35;

/** What a line holds, decided once: blank (or only whitespace), a comment, or content. */
const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/**
 * Offsets of every line of a text, and cheap questions about a line (indent, comment, dash),
 * answered from arrays filled in one pass: the locator asks them many times per line.
 */
export class LineIndex {
  readonly starts: number[] = [];
  readonly eols: number[] = [];
  readonly nexts: number[] = [];
  readonly text: string;
  private readonly spaces: number[] = [];
  private readonly kinds: number[] = [];
  /** Lines whose leading spaces are followed by a tab (YAML forbids tabs in indentation). */
  private readonly tabbed = new Set<number>();

  constructor(text: string) {
    this.text = text;
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const next = nl === -1 ? text.length : nl + 1;
      const eol = nl === -1 ? text.length : nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let p = start;
      while (p < eol && text.charCodeAt(p) === SPACE) p += 1;
      const c = text.charCodeAt(p);
      let kind: number;
      if (p >= eol) kind = BLANK;
      else if (c === HASH) kind = COMMENT;
      else if (c === TAB) {
        this.tabbed.add(this.starts.length);
        let q = p;
        while (q < eol && (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB)) q += 1;
        kind = q < eol && text.charCodeAt(q) !== HASH ? CONTENT : BLANK;
      } else kind = CONTENT;
      this.starts.push(start);
      this.eols.push(eol);
      this.nexts.push(next);
      this.spaces.push(p - start);
      this.kinds.push(kind);
      start = next;
    }
  }

  get count(): number {
    return this.starts.length;
  }

  /** Column of the first non-space character; the line's length when blank. Tabs in indentation are unsupported. */
  indent(i: number): number {
    if (this.tabbed.has(i) && this.kinds[i] !== BLANK) throw new Unsupported('tab in indentation');
    return this.spaces[i] ?? 0;
  }

  isContent(i: number): boolean {
    return this.kinds[i] === CONTENT;
  }

  isComment(i: number): boolean {
    return this.kinds[i] === COMMENT;
  }

  nextContent(i: number): number {
    let j = i;
    while (j < this.count && this.kinds[j] !== CONTENT) j += 1;
    return j;
  }

  /** True when line i has `-` followed by space/end at `column`. */
  isDash(i: number, column: number): boolean {
    const p = (this.starts[i] ?? 0) + column;
    if (this.text.charCodeAt(p) !== 45) return false;
    return p + 1 >= (this.eols[i] ?? 0) || this.text.charCodeAt(p + 1) === SPACE;
  }
}
