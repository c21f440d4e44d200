import { goQuote } from '../kuma-api/go-strconv.ts';

/**
 * Go's strconv.ParseBool, ParseInt(s, 0, bits) and ParseUint(s, 0, bits), the parsers envconfig
 * applies to kuma-cp's environment: base from the prefix (`0x10` is 16, `010` is 8, `0b11` is 3),
 * `_` only between digits (or after the prefix), no spaces, range-checked; errors worded as Go's.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseGoBool(s: string): Parsed<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return { ok: true, value: true };
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return { ok: true, value: false };
  return { ok: false, error: `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax` };
}

const DIGIT_VALUE = (c: string): number => {
  const code = c.toLowerCase().charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  return 99;
};

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** The magnitude of an unsigned number in base 0 syntax, or the kind of failure. */
function parseMagnitude(s0: string): { ok: true; value: bigint } | { ok: false } {
  let s = s0;
  if (s === '') return { ok: false };
  let base = 10;
  if (s[0] === '0') {
    if (s.length >= 3 && 'bB'.includes(s[1] as string)) {
      base = 2;
      s = s.slice(2);
    } else if (s.length >= 3 && 'oO'.includes(s[1] as string)) {
      base = 8;
      s = s.slice(2);
    } else if (s.length >= 3 && 'xX'.includes(s[1] as string)) {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let value = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = DIGIT_VALUE(c);
    if (d >= base) return { ok: false };
    value = value * BigInt(base) + BigInt(d);
  }
  if (underscores && !underscoreOK(s0)) return { ok: false };
  // "0x_" or "_" has no digits.
  if (s.replaceAll('_', '') === '' && !(base === 8 && s === '')) return { ok: false };
  return { ok: true, value };
}

export function parseGoInt(s: string, bits: 32 | 64): Parsed<number> {
  const fn = 'strconv.ParseInt';
  const syntax = { ok: false as const, error: `${fn}: parsing ${goQuote(s)}: invalid syntax` };
  if (s === '') return syntax;
  const neg = s[0] === '-';
  const body = s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
  const magnitude = parseMagnitude(body);
  if (!magnitude.ok || (s[0] !== '-' && s[0] !== '+' && body !== s)) return syntax;
  const cutoff = 1n << BigInt(bits - 1);
  const value = neg ? -magnitude.value : magnitude.value;
  if (value >= cutoff || value < -cutoff) return { ok: false, error: `${fn}: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: Number(value) };
}

export function parseGoUint(s: string, bits: 16 | 32 | 64): Parsed<number> {
  const fn = 'strconv.ParseUint';
  const magnitude = parseMagnitude(s);
  // ParseUint takes no sign: "-1" and "+1" are syntax errors.
  if (!magnitude.ok || s[0] === '-' || s[0] === '+') return { ok: false, error: `${fn}: parsing ${goQuote(s)}: invalid syntax` };
  if (magnitude.value >= 1n << BigInt(bits)) return { ok: false, error: `${fn}: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: Number(magnitude.value) };
}
