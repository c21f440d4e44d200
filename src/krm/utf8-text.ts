import { isUtf8 } from 'node:buffer';

/** Where bytes stop being UTF-8, and what kind of mistake it is. */
export interface Utf8Problem {
  /** 0-based byte offset of the first byte that is not part of a valid sequence. */
  offset: number;
  /** 1-based line and column (in characters) of that byte. */
  line: number;
  column: number;
  what: string;
}

/** Bytes as text when they are UTF-8 (a BOM stays as U+FEFF), else where and why they are not. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: Utf8Problem } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return { ok: true, text: buffer.toString('utf8') };
  const found = firstInvalid(buffer);
  const lineStart = buffer.lastIndexOf(10, found.offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (buffer[i] === 10) line++;
  // The bytes before the bad one on its line are valid: count them as characters.
  const column = [...buffer.subarray(lineStart, found.offset).toString('utf8')].length + 1;
  return { ok: false, problem: { offset: found.offset, line, column, what: found.what } };
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * The first invalid sequence by the rules of RFC 3629 (what Go, and so kubectl, Argo CD and kpt,
 * accept as UTF-8): no overlong forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, no sequence cut short.
 */
function firstInvalid(bytes: Buffer): { offset: number; what: string } {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // below: an overlong 3-byte form
      if (b === 0xed) max = 0x9f; // above: a UTF-16 surrogate
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90; // below: an overlong 4-byte form
      if (b === 0xf4) max = 0x8f; // above: beyond U+10FFFF
    } else if (b === 0xc0 || b === 0xc1) return { offset: i, what: `byte ${hex(b)} starts an overlong encoding` };
    else if (b >= 0x80 && b <= 0xbf) return { offset: i, what: `byte ${hex(b)} is a continuation byte with no sequence to continue` };
    else return { offset: i, what: `byte ${hex(b)} never occurs in UTF-8` };
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined) return { offset: i, what: `the sequence starting with ${hex(b)} is cut short by the end of the input` };
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (next < lo || next > hi) {
        if (k === 1 && b === 0xed && next >= 0xa0 && next <= 0xbf)
          return { offset: i, what: `bytes ${hex(b)} ${hex(next)} encode a UTF-16 surrogate, which UTF-8 does not allow` };
        if (k === 1 && (b === 0xe0 || b === 0xf0) && next >= 0x80 && next < min)
          return { offset: i, what: `bytes ${hex(b)} ${hex(next)} are an overlong encoding` };
        if (k === 1 && b === 0xf4 && next > max && next <= 0xbf)
          return { offset: i, what: `bytes ${hex(b)} ${hex(next)} encode a code point above U+10FFFF` };
        return {
          offset: i,
          what: `byte ${hex(b)} starts a ${need + 1}-byte sequence, but byte ${hex(next)} after it does not continue one`,
        };
      }
    }
    i += need + 1;
  }
  return { offset: bytes.length, what: 'the input is not UTF-8' };
}

/** Where and why bytes are not UTF-8, and how to fix it, in one sentence for any source. */
export function notUtf8Words(problem: Utf8Problem): string {
  return `line ${problem.line}, column ${problem.column} (byte ${problem.offset}): not UTF-8 text: ${problem.what}. Kubernetes manifests are UTF-8: re-encode the file (for example iconv -f latin1 -t utf-8) or fix the bytes there.`;
}

/** Bytes that are not UTF-8, from a named source (`-` for stdin, else a file path). */
export class NotUtf8Error extends Error {
  readonly source: string;
  readonly bytes: Uint8Array;
  readonly problem: Utf8Problem;

  constructor(source: string, bytes: Uint8Array, problem: Utf8Problem) {
    super(`${source === '-' ? 'stdin' : source}: ${notUtf8Words(problem)}`);
    this.name = 'NotUtf8Error';
    this.source = source;
    this.bytes = bytes;
    this.problem = problem;
  }
}

/** {@link decodeUtf8}, throwing {@link NotUtf8Error} for bytes that are not UTF-8. */
export function utf8Text(source: string, bytes: Uint8Array): string {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new NotUtf8Error(source, bytes, decoded.problem);
  return decoded.text;
}
