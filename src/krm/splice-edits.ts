import { deepEqual, hasValue } from '../core/deep-equal.ts';
import { matchSequence } from './match-sequence.ts';
import { type Leaf, type MapEntry, type MapNode, type SeqEntry, type SeqNode, Unsupported, type YamlNode } from './yaml-nodes.ts';
import { type BlockStyle, renderEntry, renderInlineValue, renderKeyValue } from './render-block.ts';
import { doubleQuoted, fitsLiteralBlock, inlineString, needsQuotes, numberScalar } from './yaml-scalar.ts';

/** Replace `text[start, end)` with `insert`; `order` keeps same-offset splices in generation order. */
export interface Splice {
  start: number;
  end: number;
  insert: string;
  order: number;
}

type Json = unknown;
type JsonMap = Record<string, unknown>;

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** A one-line scalar for `value`, or undefined when it needs a block (multi-line string). */
function oneLineScalar(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return fitsLiteralBlock(value) ? undefined : inlineString(value);
  if (typeof value === 'number') return numberScalar(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/**
 * `value` as a one-line flow collection (`{a: 1, b: [x]}`), or undefined when a string in it needs
 * more than one line. Strings that a flow context would split (`,[]{}`) are double-quoted.
 */
function flowCollection(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map(flowCollection);
    return items.some((item) => item === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (isMap(value)) {
    const parts: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const text = flowCollection(v);
      if (text === undefined) return undefined;
      parts.push(`${flowString(key)}: ${text}`);
    }
    return `{${parts.join(', ')}}`;
  }
  if (typeof value === 'string') return fitsLiteralBlock(value) ? undefined : flowString(value);
  return oneLineScalar(value);
}

function flowString(value: string): string {
  return needsQuotes(value) || /[,[\]{}]/.test(value) ? doubleQuoted(value) : value;
}

/**
 * Turns "old value → new value" into splices on located text: keys added/removed/changed, sequence
 * entries inserted/removed/replaced, scalars replaced. Untouched bytes stay as they are.
 */
export class SpliceBuilder {
  readonly splices: Splice[] = [];
  private readonly text: string;
  private readonly style: BlockStyle;
  private readonly newline: string;

  constructor(text: string, style: BlockStyle, newline: string) {
    this.text = text;
    this.style = style;
    this.newline = newline;
  }

  private add(start: number, end: number, insert: string): void {
    this.splices.push({ start, end, insert, order: this.splices.length });
  }

  private lines(lines: readonly string[]): string {
    return lines.join(this.newline) + this.newline;
  }

  /** Edits a located mapping whose source value is `before` into `after`. */
  map(node: MapNode, before: JsonMap, after: JsonMap): void {
    const keys = Object.keys(before);
    if (keys.length !== node.entries.length) throw new Unsupported('mapping keys do not match the parsed value');
    const entries = new Map<string, MapEntry>();
    for (const entry of node.entries) {
      if (!Object.hasOwn(before, entry.key)) throw new Unsupported(`key ${entry.key} not in the parsed value`);
      entries.set(entry.key, entry);
    }
    // The first key of `- key: …` shares the dash line: when it goes, cut from it up to the first
    // key that stays (which moves up onto the dash line), covering the removed keys in between.
    let skipUntil = 0;
    node.entries.forEach((entry, index) => {
      if (hasValue(after, entry.key) || index < skipUntil) return;
      if (entry.onDashLine) {
        const kept = node.entries.findIndex((e, i) => i > index && hasValue(after, e.key));
        const stays = node.entries[kept];
        if (stays === undefined) throw new Unsupported('removing every key of a sequence entry');
        this.add(entry.keyStart, stays.keyStart, '');
        skipUntil = kept;
      } else this.add(entry.lineStart, entry.end, '');
    });
    for (const entry of node.entries) {
      if (hasValue(after, entry.key) && !deepEqual(before[entry.key], after[entry.key])) {
        this.value(entry, before[entry.key], after[entry.key]);
      }
    }
    // New keys go after the closest preceding key (in the new order) that the text already has.
    let anchor: MapEntry | undefined;
    let pending: string[] = [];
    let pendingAnchor: MapEntry | undefined;
    const flush = (): void => {
      if (pending.length === 0) return;
      const first = node.entries[0];
      if (pendingAnchor !== undefined) this.add(pendingAnchor.end, pendingAnchor.end, this.lines(pending));
      else if (first !== undefined && !first.onDashLine) this.add(first.lineStart, first.lineStart, this.lines(pending));
      else if (first !== undefined) this.add(first.end, first.end, this.lines(pending));
      pending = [];
    };
    for (const key of Object.keys(after)) {
      const existing = entries.get(key);
      if (existing !== undefined) {
        flush();
        anchor = existing;
        continue;
      }
      if (after[key] === undefined) continue;
      pendingAnchor = anchor;
      pending.push(...renderKeyValue(key, after[key], node.column, this.style));
    }
    flush();
  }

  /** Edits the value of one mapping entry. */
  private value(entry: MapEntry, before: Json, after: Json): void {
    const node = entry.value;
    if (node?.type === 'map' && isMap(before) && isMap(after) && Object.keys(after).length > 0) return this.map(node, before, after);
    if (node?.type === 'seq' && Array.isArray(before) && Array.isArray(after) && after.length > 0) {
      if (this.seq(node, before, after)) return;
    }
    if (node?.type === 'leaf' && (node.style === 'plain' || node.style === 'quoted') && isScalar(before)) {
      const scalar = this.replacementScalar(node, after);
      if (scalar !== undefined) return this.add(node.start, node.end, scalar);
    }
    this.checkShape(node, before);
    // A flow collection the user wrote on one line stays one (`httpGet: {path: /, port: 80}`).
    if (node?.type === 'leaf' && node.style === 'flow' && !isScalar(after)) {
      const flow = flowCollection(after);
      if (flow !== undefined) return this.add(node.start, node.end, flow);
    }
    this.replaceEntry(entry, after);
  }

  /**
   * The one-line scalar replacing `node`: a string that was quoted keeps its quote character, so
   * a value changed and later changed back (inject, then uninject) is the text it was.
   */
  private replacementScalar(node: Leaf, after: Json): string | undefined {
    const scalar = oneLineScalar(after);
    if (scalar === undefined || typeof after !== 'string' || node.style !== 'quoted') return scalar;
    const quote = this.text[node.start];
    if (quote === '"') return doubleQuoted(after);
    // Single quotes escape nothing but the quote itself: a control character needs double ones.
    if (quote === "'" && !/[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(after)) return `'${after.replaceAll("'", "''")}'`;
    return scalar;
  }

  /** The located node must agree with the parsed value, or the text was misread. */
  private checkShape(node: YamlNode | null, before: Json): void {
    const ok =
      node === null
        ? before === null
        : node.type === 'map'
          ? isMap(before)
          : node.type === 'seq'
            ? Array.isArray(before)
            : node.style === 'alias'
              ? true
              : node.style === 'flow'
                ? !isScalar(before)
                : isScalar(before);
    if (!ok) throw new Unsupported('located node does not match the parsed value');
  }

  /** ` # comment` when the line holding `from` ends with a comment after it, else ''. */
  private trailingComment(node: YamlNode | null, from: number): string {
    if (node !== null && (node.type !== 'leaf' || node.style === 'block')) return '';
    const start = node === null ? from : node.end;
    let eol = this.text.indexOf('\n', start);
    if (eol === -1) eol = this.text.length;
    const rest = this.text.slice(start, eol).trim();
    return rest.startsWith('#') ? ` ${rest}` : '';
  }

  private replaceEntry(entry: MapEntry, after: Json): void {
    const childIndent = entry.column + this.style.indent;
    const seqIndent = this.style.sequence === 'wide' ? childIndent : entry.column;
    const lines = renderInlineValue(after, childIndent, seqIndent, this.style);
    const keyText = this.text.slice(entry.keyStart, entry.keyEnd);
    // A comment that followed a one-line value stays on the key's line.
    lines[0] = keyText + (lines[0] ?? '') + this.trailingComment(entry.value, entry.keyEnd);
    this.add(entry.keyStart, entry.contentEnd, this.lines(lines));
  }

  /** Edits a located block sequence; false when the items were reordered (caller rewrites it). */
  private seq(node: SeqNode, before: readonly Json[], after: readonly Json[]): boolean {
    if (before.length !== node.entries.length) throw new Unsupported('sequence length does not match the parsed value');
    const pairs = matchSequence(before, after);
    if (pairs === undefined) return false;
    const used = new Set(pairs);
    let skipUntil = 0;
    before.forEach((_, i) => {
      const entry = node.entries[i] as SeqEntry;
      if (used.has(i) || i < skipUntil) return;
      if (entry.onDashLine) {
        // `- - a`: cut up to the first entry that stays, which moves up onto the outer dash line.
        const kept = node.entries.findIndex((_e, k) => k > i && used.has(k));
        const stays = node.entries[kept];
        if (stays === undefined) throw new Unsupported('removing every entry of an inline sequence');
        this.add(entry.dash, stays.dash, '');
        skipUntil = kept;
      } else this.add(entry.lineStart, entry.end, '');
    });
    let anchor: SeqEntry | undefined;
    let pending: string[] = [];
    let pendingAnchor: SeqEntry | undefined;
    const flush = (): void => {
      if (pending.length === 0) return;
      const first = node.entries[0];
      if (pendingAnchor === undefined && first?.onDashLine === true) throw new Unsupported('inserting before an inline sequence entry');
      const at = pendingAnchor !== undefined ? pendingAnchor.end : (first?.lineStart ?? 0);
      this.add(at, at, this.lines(pending));
      pending = [];
    };
    after.forEach((item, j) => {
      const i = pairs[j] ?? -1;
      if (i === -1) {
        pendingAnchor = anchor;
        pending.push(...renderEntry(item, node.column, this.style));
        return;
      }
      flush();
      const entry = node.entries[i] as SeqEntry;
      if (!deepEqual(before[i], item)) this.entry(entry, before[i], item, node.column);
      anchor = entry;
    });
    flush();
    return true;
  }

  private entry(entry: SeqEntry, before: Json, after: Json, column: number): void {
    const node = entry.value;
    // A `- key: …` mapping keeps its dash line only through a key that stays; else it is rewritten.
    const keepsAKey = isMap(before) && isMap(after) && Object.keys(before).some((key) => hasValue(after, key));
    if (node?.type === 'map' && isMap(before) && isMap(after) && keepsAKey) return this.map(node, before, after);
    if (node?.type === 'leaf' && (node.style === 'plain' || node.style === 'quoted') && isScalar(before)) {
      const scalar = this.replacementScalar(node, after);
      if (scalar !== undefined) return this.add(node.start, node.end, scalar);
    }
    this.checkShape(node, before);
    const lines = renderEntry(after, column, this.style);
    const comment = node === null || isMap(after) || Array.isArray(after) ? '' : this.trailingComment(node, entry.dash + 1);
    lines[0] = (lines[0] ?? '').slice(column) + comment;
    this.add(entry.dash, entry.contentEnd, this.lines(lines));
  }
}

/** `text` with the splices applied; throws Unsupported when two of them overlap. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  // At one offset, insertions go first: they end the node before it (a deletion or a replacement
  // starting there belongs to the node after).
  const sorted = [...splices].sort((a, b) => a.start - b.start || Number(a.end > a.start) - Number(b.end > b.start) || a.order - b.order);
  // Concatenated, not joined: the result stays a rope over slices of the input and the inserted
  // text until it is written out, so a large run does not hold a second copy of every changed item.
  let result = '';
  let cursor = 0;
  for (const splice of sorted) {
    if (splice.start < cursor) throw new Unsupported('overlapping edits');
    result = result + text.slice(cursor, splice.start) + splice.insert;
    cursor = splice.end;
  }
  return result + text.slice(cursor);
}
