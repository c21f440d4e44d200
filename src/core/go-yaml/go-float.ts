/**
 * Go's float formatting where sigs.k8s.io/yaml relies on it: strconv.FormatFloat(v, 'g', -1, 32)
 * turns a YAML float read into a string field into text (`name: 1.10` is "1.1",
 * `123456789.0` is "1.2345679e+08"), and encoding/json writes float64 numbers on the way to a
 * number field.
 */

/** The shortest decimal digits and exponent that read back as the same float32. */
function shortestFloat32(a: number): { digits: string; exp: number } {
  for (let precision = 1; precision <= 9; precision++) {
    const text = a.toExponential(precision - 1);
    if (Math.fround(Number(text)) === a) {
      const [mantissa = '', exponent = '0'] = text.split('e');
      return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exp: Number(exponent) };
    }
  }
  throw new Error(`no float32 digits for ${a}`);
}

/** strconv.FormatFloat(v, 'g', -1, 32). */
export function formatFloat32G(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  const f = Math.fround(v);
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const { digits, exp } = shortestFloat32(Math.abs(f));
  // The shortest form uses %e when the exponent is below -4 or at least 6 (Go's eprec for -1).
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** encoding/json's text of a finite float64 (fixed notation from 1e-6 up to 1e21, else exponent). */
export function jsonFloat64(v: number): string {
  // JavaScript switches notation at the same bounds with the same shortest digits; only -0 differs.
  return Object.is(v, -0) ? '-0' : String(v);
}
