/** Scanners for the one-line pieces of block YAML: keys, quoted scalars, flow collections. */
import { Unsupported } from './yaml-nodes.ts';

const SPACE = 32;
const HASH = 35;

/** Offset of the first character at or after `p` that is not a space or tab (at most `eol`). */
export function skipSpaces(text: string, p: number, eol: number): number {
  let q = p;
  while (q < eol && (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === 9)) q += 1;
  return q;
}

/** The key at `p` and the offset after its `:`, or undefined when `p` does not start a `key:`. */
export function parseKey(text: string, p: number, eol: number): { key: string; after: number } | undefined {
  const c = text[p];
  if (c === '"' || c === "'") {
    const close = quotedEnd(text, p, eol);
    const q = skipSpaces(text, close, eol);
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
  if ((c === '-' || c === '?' || c === ':') && (p + 1 >= eol || text.charCodeAt(p + 1) === SPACE || text.charCodeAt(p + 1) === 9))
    return undefined;
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
export function quotedEnd(text: string, p: number, eol: number): number {
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
export function flowEnd(text: string, p: number, eol: number): number {
  let depth = 0;
  for (let q = p; q < eol; q += 1) {
    const c = text[q];
    if (c === '"' || c === "'") q = quotedEnd(text, q, eol) - 1;
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
