/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `20M`): parsed and written back in the
 * canonical form the API machinery uses, because the webhook re-serialises every resource value
 * it takes from its config (`1000m` becomes `1`, `1024Mi` becomes `1Gi`).
 */

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: value = mantissa × 10^exponent, plus the format it was written in. */
export interface Quantity {
  mantissa: bigint;
  exponent: number;
  format: Format;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([k, v]) => [v, k]));
const BINARY_BY_POWER = new Map(Object.entries(BINARY_SUFFIX).map(([k, v]) => [v, k]));

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*)([+-]?\d*)$/;

/** Parses a quantity string; undefined when Kubernetes would reject it. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text.trim() === text ? text : '');
  if (m === null) return undefined;
  const [, sign = '', whole = '', frac = '', letters = '', expDigits = ''] = m;
  if (whole === '' && frac === '') return undefined;
  let mantissa = BigInt(`${whole}${frac}` || '0');
  let exponent = -frac.length;
  let format: Format;
  if (expDigits !== '' || letters === 'e' || letters === 'E') {
    if ((letters !== 'e' && letters !== 'E') || expDigits === '' || expDigits === '+' || expDigits === '-') {
      return undefined;
    }
    exponent += Number(expDigits);
    format = 'DecimalExponent';
  } else if (letters in BINARY_SUFFIX) {
    mantissa *= 2n ** BigInt(BINARY_SUFFIX[letters] ?? 0);
    format = 'BinarySI';
  } else if (letters in DECIMAL_SUFFIX) {
    exponent += DECIMAL_SUFFIX[letters] ?? 0;
    format = 'DecimalSI';
  } else {
    return undefined;
  }
  if (sign === '-') mantissa = -mantissa;
  // Kubernetes keeps no precision below 1n: round up (away from zero for positives).
  if (exponent < -9) {
    const divisor = 10n ** BigInt(-9 - exponent);
    const q = mantissa / divisor;
    mantissa = mantissa % divisor === 0n ? q : mantissa > 0n ? q + 1n : q;
    exponent = -9;
  }
  return { mantissa, exponent, format };
}

/** True when the quantity is zero (`0`, `0m`, `0Gi`). */
export function isZero(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** The value in thousandths, rounded up like Quantity.MilliValue. */
export function milliValue(q: Quantity): bigint {
  const e = q.exponent + 3;
  if (e >= 0) return q.mantissa * 10n ** BigInt(e);
  const divisor = 10n ** BigInt(-e);
  const floor = q.mantissa / divisor;
  return q.mantissa % divisor !== 0n && q.mantissa > 0n ? floor + 1n : floor;
}

function stripTens(mantissa: bigint, exponent: number): [bigint, number] {
  let m = mantissa;
  let e = exponent;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    e += 1;
  }
  return [m, e];
}

function decimalCanonical(q: Quantity, format: Format): string {
  let [m, e] = stripTens(q.mantissa, q.exponent);
  const rest = ((e % 3) + 3) % 3;
  m *= 10n ** BigInt(rest);
  e -= rest;
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  const suffix = DECIMAL_BY_EXPONENT.get(e);
  return suffix === undefined ? `${m}e${e}` : `${m}${suffix}`;
}

/** The canonical string Kubernetes would write for the quantity. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  if (q.format !== 'BinarySI') return decimalCanonical(q, q.format);
  const abs = q.mantissa < 0n ? -q.mantissa : q.mantissa;
  const small = q.exponent <= 0 && abs < 1024n * 10n ** BigInt(-q.exponent);
  const integral = q.exponent >= 0 || q.mantissa % 10n ** BigInt(-q.exponent) === 0n;
  if (small || !integral) return decimalCanonical(q, 'DecimalSI');
  let value = q.exponent >= 0 ? q.mantissa * 10n ** BigInt(q.exponent) : q.mantissa / 10n ** BigInt(-q.exponent);
  let power = 0;
  while (power < 60 && value % 1024n === 0n) {
    value /= 1024n;
    power += 10;
  }
  return `${value}${BINARY_BY_POWER.get(power) ?? ''}`;
}
