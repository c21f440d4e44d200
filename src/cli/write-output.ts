import type { Output } from './streams.ts';

/** About 1 MiB of text per write: few write calls, and never the bytes of a whole large output at once. */
const CHUNK = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Writes the pieces of an output in order, encoded straight into buffers of about 1 MiB of text
 * (a larger piece is cut; a surrogate pair is never split): the stream gets the same bytes
 * as one write of the whole text, without a joined copy of it or its bytes held at once (a
 * 10,000-workload ResourceList is over 100 MB). Each write gets a buffer of its own: a stream may
 * keep what it was given. A buffer is sized to what is left to write, so a small output does not
 * take megabytes (every small run, and every in-process run of the tests, writes one).
 */
export function writeParts(stream: Output, parts: readonly string[]): void {
  /** Code units not yet written (a carried half included): the size of the last buffer. */
  let left = 0;
  for (const part of parts) left += part.length;
  let buffer: Buffer | undefined;
  let used = 0;
  // A high surrogate ending one piece of text waits for the low one that starts the next.
  let carry = '';
  const flush = (): void => {
    if (buffer !== undefined && used > 0) stream.write(buffer.subarray(0, used));
    buffer = undefined;
    used = 0;
  };
  const append = (text: string): void => {
    const need = text.length * MAX_BYTES_PER_UNIT;
    if (buffer !== undefined && used + need > buffer.length) flush();
    buffer ??= Buffer.allocUnsafe(Math.max(need, Math.min(CHUNK, left) * MAX_BYTES_PER_UNIT));
    used += buffer.write(text, used, 'utf8');
    left -= text.length;
  };
  const put = (piece: string): void => {
    let text = carry === '' ? piece : carry + piece;
    carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text !== '') append(text);
  };
  for (const part of parts) {
    for (let at = 0; at < part.length; at += CHUNK) put(part.length <= CHUNK ? part : part.slice(at, at + CHUNK));
  }
  if (carry !== '') append(carry);
  flush();
}
