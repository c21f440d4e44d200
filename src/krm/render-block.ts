import { doubleQuoted, fitsLiteralBlock, inlineString, literalHeader, numberScalar } from './yaml-scalar.ts';

/** How a document indents: the mapping step and where a sequence's dash sits under its key. */
export interface BlockStyle {
  /** Spaces per mapping level (2 almost everywhere). */
  indent: number;
  /** `wide`: `key:\n  - a` (dash one level in); `compact`: `key:\n- a` (dash under the key). */
  sequence: 'wide' | 'compact';
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return inlineString(value);
  if (typeof value === 'number') return numberScalar(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return String(value);
  return doubleQuoted(String(value));
}

function literalLines(value: string, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) out.push(line === '' ? '' : pad + line);
}

function isBlockString(value: unknown): value is string {
  return typeof value === 'string' && fitsLiteralBlock(value);
}

/** Pushes `prefix` + the node's first line, then its other lines, for a value after `key:` or `- `. */
function pushValue(value: unknown, prefix: string, childIndent: number, seqIndent: number, style: BlockStyle, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${prefix} []`);
    else {
      out.push(prefix);
      pushSequence(value, seqIndent, style, out);
    }
  } else if (isMap(value)) {
    if (Object.keys(value).length === 0) out.push(`${prefix} {}`);
    else {
      out.push(prefix);
      pushMapping(value, childIndent, style, out);
    }
  } else if (isBlockString(value)) {
    out.push(`${prefix} ${literalHeader(value)}`);
    literalLines(value, childIndent, out);
  } else {
    out.push(`${prefix} ${scalar(value)}`);
  }
}

function keyText(key: string): string {
  return inlineString(key);
}

/** Lines of a block mapping whose keys sit at column `indent`. */
export function pushMapping(map: Record<string, unknown>, indent: number, style: BlockStyle, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const seqIndent = style.sequence === 'wide' ? indent + style.indent : indent;
    pushValue(value, `${pad}${keyText(key)}:`, indent + style.indent, seqIndent, style, out);
  }
}

/** Lines of a block sequence whose dashes sit at column `dash`. */
export function pushSequence(items: readonly unknown[], dash: number, style: BlockStyle, out: string[]): void {
  const pad = ' '.repeat(dash);
  for (const item of items) pushEntry(item, pad, dash, style, out);
}

function pushEntry(item: unknown, pad: string, dash: number, style: BlockStyle, out: string[]): void {
  const inner = dash + 2;
  if (isMap(item) && Object.keys(item).length > 0) {
    // The first entry shares the dash line: `- name: x`, the others line up under it.
    const lines: string[] = [];
    pushMapping(item, inner, style, lines);
    out.push(`${pad}- ${(lines[0] ?? '').slice(inner)}`);
    for (let i = 1; i < lines.length; i += 1) out.push(lines[i] ?? '');
  } else if (Array.isArray(item) && item.length > 0) {
    const lines: string[] = [];
    pushSequence(item, inner, style, lines);
    out.push(`${pad}- ${(lines[0] ?? '').slice(inner)}`);
    for (let i = 1; i < lines.length; i += 1) out.push(lines[i] ?? '');
  } else {
    pushValue(item, `${pad}-`, inner, inner, style, out);
  }
}

/** Block YAML lines for `value` written after `key:` at `indent` (the key's column). */
export function renderKeyValue(key: string, value: unknown, indent: number, style: BlockStyle): string[] {
  const out: string[] = [];
  pushMapping({ [key]: value }, indent, style, out);
  return out;
}

/** Block YAML lines for one sequence entry (`- …`) with its dash at column `dash`. */
export function renderEntry(item: unknown, dash: number, style: BlockStyle): string[] {
  const out: string[] = [];
  pushEntry(item, ' '.repeat(dash), dash, style, out);
  return out;
}

/** The text of a whole value placed after `key:` or `- ` (leading space or newline included). */
export function renderInlineValue(value: unknown, childIndent: number, seqIndent: number, style: BlockStyle): string[] {
  const out: string[] = [];
  pushValue(value, '', childIndent, seqIndent, style, out);
  return out;
}

/** A whole object as a block YAML document (keys at column 0), newline-terminated. */
export function renderDocument(object: Record<string, unknown>, style: BlockStyle, newline: string): string {
  const out: string[] = [];
  pushMapping(object, 0, style, out);
  return out.join(newline) + newline;
}
