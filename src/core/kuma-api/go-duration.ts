import { goTimeQuote } from './go-strconv.ts';

/**
 * Go's time.ParseDuration and Duration.String, reproduced exactly (nanoseconds as bigint), because
 * the webhook writes `KUMA_DATAPLANE_DRAIN_TIME` in Go's format and rejects what Go rejects.
 */

export type DurationParse = { ok: true; nanos: bigint } | { ok: false; error: string };

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign
  μs: 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NANOS = (1n << 63n) - 1n;
const LIMIT = 1n << 63n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parses a Go duration string such as `10s`, `1m30s`, `500ms`, `-5s` or `0`. */
export function parseGoDuration(input: string): DurationParse {
  const invalid: DurationParse = { ok: false, error: `time: invalid duration ${goTimeQuote(input)}` };
  let s = input;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanos: 0n };
  if (s === '') return invalid;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > LIMIT) return invalid; // leadingInt overflow
      i++;
    }
    const hasWhole = i > 0;
    s = s.slice(i);
    let frac = 0n;
    let scale = 1n;
    let hasFrac = false;
    if (s.startsWith('.')) {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s.charCodeAt(j) - 48);
          if (next > LIMIT) overflow = true;
          else {
            frac = next;
            scale *= 10n;
          }
        }
        j++;
      }
      hasFrac = j > 0;
      s = s.slice(j);
    }
    if (!hasWhole && !hasFrac) return invalid;
    let k = 0;
    while (k < s.length && !(s[k] === '.' || isDigit(s[k]))) k++;
    if (k === 0) return { ok: false, error: `time: missing unit in duration ${goTimeQuote(input)}` };
    const unitName = s.slice(0, k);
    s = s.slice(k);
    // Own keys only: a unit such as "constructor" must be unknown, not Object.prototype's.
    const unit = Object.prototype.hasOwnProperty.call(UNIT_NANOS, unitName) ? UNIT_NANOS[unitName] : undefined;
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${goTimeQuote(unitName)} in duration ${goTimeQuote(input)}` };
    }
    if (whole > LIMIT / unit) return invalid;
    let value = whole * unit;
    if (frac > 0n) {
      // Go computes float64(f) * (float64(unit) / scale) and truncates.
      value += BigInt(Math.trunc(Number(frac) * (Number(unit) / Number(scale))));
      if (value > LIMIT) return invalid;
    }
    total += value;
    if (total > LIMIT) return invalid;
  }
  if (neg) return { ok: true, nanos: -total };
  if (total > MAX_NANOS) return invalid;
  return { ok: true, nanos: total };
}

function fraction(value: bigint, digits: number): { int: bigint; frac: string } {
  const divisor = 10n ** BigInt(digits);
  const frac = (value % divisor).toString().padStart(digits, '0').replace(/0+$/, '');
  return { int: value / divisor, frac: frac === '' ? '' : `.${frac}` };
}

/** Formats nanoseconds the way Go's Duration.String does: `0s`, `500ms`, `1m30s`, `1h0m0s`, `1.5s`. */
export function formatGoDuration(nanos: bigint): string {
  const neg = nanos < 0n;
  const u = neg ? -nanos : nanos;
  let out: string;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) {
      const { int, frac } = fraction(u, 3);
      out = `${int}${frac}µs`;
    } else {
      const { int, frac } = fraction(u, 6);
      out = `${int}${frac}ms`;
    }
  } else {
    const { int: seconds, frac } = fraction(u, 9);
    out = `${seconds % 60n}${frac}s`;
    const minutes = seconds / 60n;
    if (minutes > 0n) {
      out = `${minutes % 60n}m${out}`;
      const hours = minutes / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}
