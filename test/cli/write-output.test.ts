import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { writeParts } from '../../src/cli/write-output.ts';

/** A byte sink that records each write the way a pipe gets it: encoded on its own. */
function sink(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    decodeStrings: true,
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return { stream, writes };
}

// Pieces of every size around the 1 MiB chunk, half of them within a few code units of a chunk
// boundary, with characters of 1 to 4 UTF-8 bytes (a pair of UTF-16 code units for the 4-byte
// ones) anywhere, a cut included. Each run writes megabytes: few runs, aimed at the cuts.
const MiB = 1 << 20;
const size = fc.oneof(
  fc.integer({ min: MiB / 2 - 3, max: 3 * MiB + 3 }),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([chunks, off]) => chunks * MiB + off),
);
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.constantFrom('', 'a'), size, fc.constantFrom('a', 'é', '€', '😀'))
    .map(([prefix, n, c]) => prefix + c.repeat(Math.ceil(n / c.length))),
);

test('the pieces come out as exactly the bytes of their concatenation, in few writes and no lone surrogate', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
      const { stream, writes } = sink();
      writeParts(stream, parts);
      const whole = parts.join('');
      assert.ok(Buffer.concat(writes).equals(Buffer.from(whole, 'utf8')), 'bytes differ from one write of the whole text');
      const units = whole.length;
      assert.ok(writes.length <= Math.ceil(units / (1 << 20)) + parts.length + 1, `${writes.length} writes for ${units} code units`);
      assert.ok(
        writes.every((w) => w.length > 0),
        'no empty write',
      );
    }),
    { numRuns: 30 },
  );
});

test('a surrogate pair split between two pieces is written as the one character it is', () => {
  const { stream, writes } = sink();
  writeParts(stream, ['a\ud83d', '\ude00b', 'c\ud83d']);
  assert.ok(Buffer.concat(writes).equals(Buffer.from('a\ud83d\ude00bc\ud83d', 'utf8')));
});

test('many small pieces are batched, not written one by one', () => {
  const parts = Array.from({ length: 50_000 }, (_, i) => `- item ${i}\n`);
  const { stream, writes } = sink();
  writeParts(stream, parts);
  assert.equal(Buffer.concat(writes).toString('utf8'), parts.join(''));
  assert.ok(writes.length <= 2, `${writes.length} writes`);
});

test('a pair cut at a 1 MiB boundary and followed by a MiB of 3-byte characters is written whole', () => {
  // The piece after the cut starts with the pair's high half: one code unit more than a chunk,
  // and 4 + 3 × (1 MiB - 1) bytes, one more than 3 bytes per unit of a chunk.
  const part = `${'a'.repeat(MiB - 1)}😀${'€'.repeat(MiB)}`;
  const { stream, writes } = sink();
  writeParts(stream, [part]);
  assert.ok(Buffer.concat(writes).equals(Buffer.from(part, 'utf8')), 'bytes differ from one write of the whole text');
});

test('a small output takes a small buffer, not megabytes: every small run writes one', () => {
  const { stream, writes } = sink();
  writeParts(stream, ['apiVersion: v1\n', 'kind: ConfigMap\n', 'é😀\n']);
  assert.equal(Buffer.concat(writes).toString('utf8'), 'apiVersion: v1\nkind: ConfigMap\né😀\n');
  for (const w of writes) assert.ok(w.buffer.byteLength <= 64 * 1024, `a write backed by ${w.buffer.byteLength} bytes`);
});
