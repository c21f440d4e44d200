import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8 } from '../../src/krm/utf8-text.ts';
import { INVALID_UTF8, TRUNCATED_AT_EOF } from './utf8-samples.ts';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Three lines; the bad bytes go on line 3 after 3 characters, two of them multi-byte. */
function placed(bad: number[], atEnd = false): { bytes: Uint8Array; offset: number } {
  const head = Buffer.from('kind: ConfigMap\ndata: {a: "é"}\naé€', 'utf8');
  const tail = atEnd ? Buffer.alloc(0) : Buffer.from('b"}\n', 'utf8');
  return { bytes: Buffer.concat([head, Buffer.from(bad), tail]), offset: head.length };
}

describe('decodeUtf8: every class of non-UTF-8 bytes is found at its first byte, as line and column', () => {
  for (const [what, samples] of Object.entries(INVALID_UTF8)) {
    for (const bad of samples) {
      test(`${what}: ${bad.map((b) => b.toString(16)).join(' ')}`, () => {
        const { bytes, offset } = placed(bad);
        assert.equal(decodes(bytes), false, 'the WHATWG decoder agrees these bytes are not UTF-8');
        const decoded = decodeUtf8(bytes);
        assert.equal(decoded.ok, false);
        if (decoded.ok) return;
        assert.equal(decoded.problem.offset, offset);
        assert.equal(decoded.problem.line, 3);
        assert.equal(decoded.problem.column, 4);
      });
    }
  }
  for (const bad of TRUNCATED_AT_EOF) {
    test(`truncated at the end of the input: ${bad.map((b) => b.toString(16)).join(' ')}`, () => {
      const { bytes, offset } = placed(bad, true);
      const decoded = decodeUtf8(bytes);
      assert.equal(decoded.ok, false);
      if (!decoded.ok) {
        assert.equal(decoded.problem.offset, offset);
        assert.match(decoded.problem.what, /cut short by the end of the input/);
      }
    });
  }

  test('valid text is returned exactly, a BOM kept as U+FEFF: 4-byte characters, U+10FFFF, U+FFFD itself, CRLF', () => {
    for (const text of ['\uFEFFkind: x\r\n', 'a: 😀\n', 'a: \u{10FFFF}', 'a: \uFFFD\n', '']) {
      const decoded = decodeUtf8(Buffer.from(text, 'utf8'));
      assert.deepEqual(decoded, { ok: true, text });
    }
  });

  test('random bytes: decodeUtf8 and the WHATWG decoder agree, and the bytes before the reported offset are valid', () => {
    let seed = 20251205;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      const length = next() % 12;
      const bytes = Uint8Array.from({ length }, () => (next() % 4 === 0 ? next() % 128 : 0x80 + (next() % 128)));
      const decoded = decodeUtf8(bytes);
      assert.equal(decoded.ok, decodes(bytes), Buffer.from(bytes).toString('hex'));
      if (!decoded.ok) {
        assert.ok(decodes(bytes.subarray(0, decoded.problem.offset)), Buffer.from(bytes).toString('hex'));
        assert.equal(decodes(bytes.subarray(0, decoded.problem.offset + 4)) && decoded.problem.offset + 4 <= bytes.length, false);
      }
    }
  });
});
