/**
 * One strconv.ParseUint(s, 10, 32) for the webhook twin and the Pod converter twin. The model below
 * states Go's algorithm declaratively (scan bytes left to right; the first non-digit is a syntax
 * error unless the running value already overflowed, which is a range error at that digit), and the
 * class of inputs is every string over digits and the characters annotations get wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, parseUint32 } from '../../../src/core/kuma-api/go-strconv.ts';
import { getUint32 } from '../../../src/core/inject/annotation-values.ts';
import { readUint32 } from '../../../src/core/dataplane/annotation-values.ts';

function goModel(s: string): { ok: true; value: number } | { ok: false; reason: string } {
  if (s === '') return { ok: false, reason: 'invalid syntax' };
  let n = 0n;
  for (const ch of s) {
    if (!/^[0-9]$/.test(ch)) return { ok: false, reason: 'invalid syntax' };
    n = n * 10n + BigInt(ch);
    if (n > 0xffffffffn) return { ok: false, reason: 'value out of range' };
  }
  return { ok: true, value: Number(n) };
}

/**
 * A seeded walk over digit runs of every length around the 10-digit boundary with one stray
 * character (sign, underscore, space, letter, non-ASCII) put before, inside or after them.
 */
function* inputs(): Generator<string> {
  yield* [
    '',
    '0',
    '007',
    '4294967295',
    '4294967296',
    '42949672950',
    '99999999999x',
    'x99999999999',
    '4294967295x',
    '4294967296x',
    '1 ',
    ' 1',
    '+1',
    '-1',
    '1_000',
    '0x10',
    '1e3',
    '9\u00a0',
    '9\n',
    '\uff11\uff12',
  ];
  const strays = ['', 'x', ' ', '_', '+', '-', '.', '\u00e9', '\n'];
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const digits = (length: number): string => Array.from({ length }, () => String(next() % 10)).join('');
  for (let i = 0; i < 400; i += 1) {
    const s = digits(next() % 14);
    const at = next() % (s.length + 1);
    yield s.slice(0, at) + strays[next() % strays.length] + s.slice(at);
  }
}

test("parseUint32 agrees with Go's algorithm on every input of the class, wording included", () => {
  let ranges = 0;
  let syntax = 0;
  for (const s of inputs()) {
    const want = goModel(s);
    const got = parseUint32(s);
    if (want.ok) assert.deepEqual(got, want, JSON.stringify(s));
    else {
      assert.deepEqual(got, { ok: false, error: `strconv.ParseUint: parsing ${goQuote(s)}: ${want.reason}` }, JSON.stringify(s));
      if (want.reason === 'value out of range') ranges += 1;
      else syntax += 1;
    }
  }
  // The walk must reach both error kinds, or it proves nothing about their order.
  assert.ok(ranges > 10 && syntax > 10, `${ranges} range, ${syntax} syntax`);
});

test('the webhook twin and the converter twin report the same error for the same annotation value', () => {
  const key = 'kuma.io/envoy-admin-port';
  for (const s of inputs()) {
    const want = parseUint32(s);
    let webhook: unknown;
    let converter: unknown;
    try {
      webhook = getUint32({ [key]: s }, key);
    } catch (error) {
      webhook = (error as Error).message;
    }
    try {
      converter = readUint32({ [key]: s }, key);
    } catch (error) {
      converter = (error as Error).message;
    }
    const expected = want.ok ? want.value : `failed to parse annotation "${key}": ${want.error}`;
    assert.equal(webhook, expected, `webhook ${JSON.stringify(s)}`);
    assert.equal(converter, expected, `converter ${JSON.stringify(s)}`);
  }
});

test('"99999999999x" overflows before its x: Go says value out of range on both sides', () => {
  assert.throws(() => readUint32({ k: '99999999999x' }, 'k'), {
    message: 'failed to parse annotation "k": strconv.ParseUint: parsing "99999999999x": value out of range',
  });
  assert.throws(() => readUint32({ k: '9\n' }, 'k'), {
    message: 'failed to parse annotation "k": strconv.ParseUint: parsing "9\\n": invalid syntax',
  });
});
