/**
 * Go's strconv as envconfig applies it to kuma-cp's environment. The expected values are Go's
 * documented behaviour (strconv.ParseInt/ParseUint with base 0, ParseBool), one row per class of
 * spelling: base prefixes, legacy octal, underscores, signs, spaces, range edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoBool, parseGoInt, parseGoUint } from '../../../src/core/cp-config/go-int.ts';

const INT: readonly [string, 32 | 64, number | 'syntax' | 'range'][] = [
  ['0', 64, 0],
  ['7', 64, 7],
  ['-7', 64, -7],
  ['+7', 64, 7],
  ['0x1F', 64, 31],
  ['0X1f', 64, 31],
  ['0b101', 64, 5],
  ['0o17', 64, 15],
  ['017', 64, 15],
  ['010', 64, 8],
  ['1_000', 64, 1000],
  ['0x_1F', 64, 31],
  ['1__0', 64, 'syntax'],
  ['_1', 64, 'syntax'],
  ['1_', 64, 'syntax'],
  ['08', 64, 'syntax'],
  ['0x', 64, 'syntax'],
  ['', 64, 'syntax'],
  [' 5', 32, 'syntax'],
  ['5 ', 32, 'syntax'],
  ['1.0', 64, 'syntax'],
  ['2147483647', 32, 2147483647],
  ['2147483648', 32, 'range'],
  ['-2147483648', 32, -2147483648],
  ['-2147483649', 32, 'range'],
  ['9223372036854775808', 64, 'range'],
];

test('ParseInt(s, 0, bits): every class of spelling', () => {
  for (const [s, bits, want] of INT) {
    const got = parseGoInt(s, bits);
    if (typeof want === 'number') assert.deepEqual(got, { ok: true, value: want }, s);
    else {
      assert.equal(got.ok, false, s);
      assert.match(
        got.ok ? '' : got.error,
        new RegExp(
          `^strconv.ParseInt: parsing "${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": ${want === 'syntax' ? 'invalid syntax' : 'value out of range'}$`,
        ),
        s,
      );
    }
  }
});

test('ParseUint(s, 0, bits): no sign, range per width', () => {
  const rows: readonly [string, 16 | 32 | 64, number | 'syntax' | 'range'][] = [
    ['15053', 32, 15053],
    ['0x10', 32, 16],
    ['-1', 32, 'syntax'],
    ['+1', 32, 'syntax'],
    ['4294967295', 32, 4294967295],
    ['4294967296', 32, 'range'],
    ['65535', 16, 65535],
    ['65536', 16, 'range'],
    [' 5678', 32, 'syntax'],
  ];
  for (const [s, bits, want] of rows) {
    const got = parseGoUint(s, bits);
    if (typeof want === 'number') assert.deepEqual(got, { ok: true, value: want }, s);
    else assert.equal(!got.ok && got.error.endsWith(want === 'syntax' ? 'invalid syntax' : 'value out of range'), true, s);
  }
});

test("ParseBool: exactly Go's twelve words; YAML words and blanks are errors", () => {
  for (const s of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.deepEqual(parseGoBool(s), { ok: true, value: true });
  for (const s of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.deepEqual(parseGoBool(s), { ok: true, value: false });
  for (const s of ['yes', 'on', 'y', '', ' true', 'tRUE']) assert.equal(parseGoBool(s).ok, false, s);
});
