import type { Writable } from 'node:stream';

/** About 1 MiB: few write calls, and never the encoded bytes of a whole large output at once. */
const CHUNK = 1 << 20;

/**
 * Writes the pieces of an output in order, joined into chunks of about 1 MiB (a piece larger than
 * that is cut): the stream gets the same bytes as one write of the whole text, without a joined
 * copy of it or its bytes held at once (a 10,000-workload ResourceList is over 100 MB).
 */
export function writeParts(stream: Writable, parts: readonly string[]): void {
  let batch: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    stream.write(batch.length === 1 ? (batch[0] ?? '') : batch.join(''));
    batch = [];
    size = 0;
  };
  for (const part of parts) {
    if (part.length <= CHUNK) {
      batch.push(part);
      size += part.length;
      if (size >= CHUNK) flush();
      continue;
    }
    flush();
    // Cut between UTF-16 code units of a pair never: a chunk ending in a high surrogate keeps it for the next.
    for (let at = 0; at < part.length;) {
      let end = Math.min(at + CHUNK, part.length);
      const last = part.charCodeAt(end - 1);
      if (end < part.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      stream.write(part.slice(at, end));
      at = end;
    }
  }
  flush();
}
