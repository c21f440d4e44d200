/** The Go value formats the webhook reads and writes (spec §5): durations, uint32, quantities. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from '../../../src/core/kuma-api/go-duration.ts';
import { goQuote, goTimeQuote, parseUint32 } from '../../../src/core/kuma-api/go-strconv.ts';
import { formatQuantity, milliValue, parseQuantity } from '../../../src/core/inject/quantity.ts';

/** A quantity string as resource.Quantity prints it back; undefined when it does not parse. */
function canonicalQuantity(text: string): string | undefined {
  const q = parseQuantity(text);
  return q === undefined ? undefined : formatQuantity(q);
}

function roundTrip(text: string): string {
  const parsed = parseGoDuration(text);
  assert.ok(parsed.ok, text);
  return parsed.ok ? formatGoDuration(parsed.nanos) : '';
}

describe('Go durations (§5)', () => {
  test('§5 written with Duration.String', () => {
    const cases: [string, string][] = [
      ['0', '0s'],
      ['500ms', '500ms'],
      ['10s', '10s'],
      ['60s', '1m0s'],
      ['1m30s', '1m30s'],
      ['1h', '1h0m0s'],
      ['1.5s', '1.5s'],
      ['-5s', '-5s'],
      ['1500us', '1.5ms'],
      ['2µs', '2µs'],
      ['100ns', '100ns'],
      ['90m', '1h30m0s'],
      ['.5s', '500ms'],
      ['+3s', '3s'],
    ];
    for (const [input, output] of cases) assert.equal(roundTrip(input), output, input);
  });

  test('§5 rejected the way Go rejects', () => {
    assert.deepEqual(parseGoDuration(''), { ok: false, error: 'time: invalid duration ""' });
    assert.deepEqual(parseGoDuration('s'), { ok: false, error: 'time: invalid duration "s"' });
    assert.deepEqual(parseGoDuration('1'), { ok: false, error: 'time: missing unit in duration "1"' });
    assert.deepEqual(parseGoDuration('1d'), { ok: false, error: 'time: unknown unit "d" in duration "1d"' });
    assert.deepEqual(parseGoDuration('10000000h'), { ok: false, error: 'time: invalid duration "10000000h"' });
    // time.ParseDuration looks the unit up in its unitMap, so names of JS object members are just unknown units.
    assert.deepEqual(parseGoDuration('1constructor'), { ok: false, error: 'time: unknown unit "constructor" in duration "1constructor"' });
    assert.deepEqual(parseGoDuration('5__proto__'), { ok: false, error: 'time: unknown unit "__proto__" in duration "5__proto__"' });
  });
});

describe('uint32 (§5)', () => {
  test('digits only, leading zeros allowed, range errors before later syntax errors', () => {
    assert.deepEqual(parseUint32('007'), { ok: true, value: 7 });
    assert.deepEqual(parseUint32('4294967295'), { ok: true, value: 4294967295 });
    assert.equal(parseUint32('+1').ok, false);
    assert.equal(parseUint32('1_000').ok, false);
    assert.deepEqual(parseUint32('99999999999x'), { ok: false, error: 'strconv.ParseUint: parsing "99999999999x": value out of range' });
  });
});

describe('Go quoting in error texts', () => {
  test('strconv.Quote (fmt %q, NumError): printable runes kept, C escapes, \\x for controls, \\u / \\U for other non-printables', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\u0007\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
    assert.equal(goQuote('\u0001\u007f'), '"\\x01\\x7f"');
    assert.equal(goQuote('9\u00a0'), '"9\\u00a0"', 'no-break space is not IsPrint');
    assert.equal(goQuote('a\u200bb\u0085'), '"a\\u200bb\\u0085"');
    assert.equal(goQuote('\u{10FFFF}'), '"\\U0010ffff"');
    assert.equal(goQuote('é😀 µ'), '"é😀 µ"');
  });

  test("time's own quote (ParseDuration errors): controls and all non-ASCII as \\x UTF-8 bytes", () => {
    assert.equal(goTimeQuote('10s\n'), '"10s\\x0a"');
    assert.equal(goTimeQuote('5µ\u00a0'), '"5\\xc2\\xb5\\xc2\\xa0"');
    assert.equal(goTimeQuote('1"s\u007f'), '"1\\"s\u007f"');
    assert.deepEqual(parseGoDuration('10s\n'), { ok: false, error: 'time: unknown unit "s\\x0a" in duration "10s\\x0a"' });
  });

  test('ParseUint quotes the input with strconv.Quote', () => {
    assert.deepEqual(parseUint32('9\u00a0'), { ok: false, error: 'strconv.ParseUint: parsing "9\\u00a0": invalid syntax' });
    assert.deepEqual(parseUint32('9\n'), { ok: false, error: 'strconv.ParseUint: parsing "9\\n": invalid syntax' });
  });
});

describe('quantities (§5)', () => {
  test('§5 canonical form', () => {
    const cases: [string, string][] = [
      ['1000m', '1'],
      ['0.5', '500m'],
      ['1024Mi', '1Gi'],
      ['150m', '150m'],
      ['1100m', '1100m'],
      ['8500m', '8500m'],
      ['164Mi', '164Mi'],
      ['1512Mi', '1512Mi'],
      ['20m', '20m'],
      ['20M', '20M'],
      ['50M', '50M'],
      ['0', '0'],
      ['1.5Gi', '1536Mi'],
      ['512', '512'],
      ['1e3', '1e3'],
      ['0.5Ki', '512'],
      ['1500', '1500'],
      ['15000', '15k'],
      ['0.0000000001', '1n'],
    ];
    for (const [input, output] of cases) assert.equal(canonicalQuantity(input), output, input);
  });

  test('rejects what Kubernetes rejects', () => {
    for (const bad of ['', 'abc', '1x', '1.2.3', '1Kib', ' 1']) assert.equal(parseQuantity(bad), undefined, bad);
  });

  test('§6.2 millicores round up', () => {
    assert.equal(milliValue(parseQuantity('1100m')!), 1100n);
    assert.equal(milliValue(parseQuantity('0.0005')!), 1n);
    assert.equal(milliValue(parseQuantity('8.5')!), 8500n);
  });
});
