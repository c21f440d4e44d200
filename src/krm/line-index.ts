import { Unsupported } from './yaml-nodes.ts';

const SPACE = 32;
const HASH = 35;

/** Offsets of every line of a text, and cheap questions about a line (indent, comment, dash). */
export class LineIndex {
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
