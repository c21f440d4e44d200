/**
 * Scalar rendering that every YAML reader in the chain (go-yaml v2 = YAML 1.1 in kubectl and
 * Argo CD, go-yaml v3 in kpt, js-yaml and `yaml` 1.2) reads back as the same value.
 */

/** Words YAML 1.1 or 1.2 resolve to bool or null, plus the 1.1 merge/value keys. */
const RESERVED = new Set([
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '<<',
  '=',
]);

/** Number-like forms of YAML 1.1 (sexagesimal, `_`, octal `0…`, binary) and 1.2, Go's ParseInt(…, 0) and timestamps. */
const NUMBER_LIKE = [
  /^[-+]?(0|[1-9][0-9_]*)$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?0[oO][0-7_]+$/,
  /^[-+]?0[xX][0-9a-fA-F_]+$/,
  /^[-+]?0[bB][01_]+$/,
  /^[-+]?([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
  /^[-+]?\.(inf|Inf|INF)$/,
  /^\.(nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
];

/** Characters that cannot start a plain scalar (YAML c-indicator), or make it ambiguous. */
const BAD_FIRST = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/**
 * Plain-safe at a glance: a letter (not `e`/`E`, which may start a number) or `/` first, then
 * word characters, `.`, `/`, `=`, `-` and `:` (never last). Most Kubernetes keys and values.
 */
const OBVIOUSLY_PLAIN = /^[A-DF-Za-df-z/][\w./=-]*(?::[\w./=-]+)*$/;

/** True when `value` must be quoted to stay a string for every reader (YAML 1.1 and 1.2). */
export function needsQuotes(value: string): boolean {
  if (RESERVED.has(value)) return true;
  if (OBVIOUSLY_PLAIN.test(value)) return false;
  const first = value.charCodeAt(0);
  // Digits, signs, dots, `_` and `e`: anything some reader may take for a number or a date
  // (the `yaml` package's 1.1 mode even reads `E0` as a float).
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46 || first === 95 || first === 69 || first === 101) {
    for (const pattern of NUMBER_LIKE) if (pattern.test(value)) return true;
  }
  if (BAD_FIRST.has(value[0] ?? '')) {
    // `-x`, `?x` and `:x` may start a plain scalar, but not `- `, `? `, `: `, or a lone indicator.
    if (!((value[0] === '-' || value[0] === '?' || value[0] === ':') && value.length > 1 && value[1] !== ' ')) return true;
  }
  if (value.startsWith('---') || value.startsWith('...')) return true;
  const last = value.charCodeAt(value.length - 1);
  if (first === 32 || last === 32 || value.endsWith(':')) return true;
  if (value.includes(': ') || value.includes(' #') || value.includes(':\t')) return true;
  // Control characters, tabs, line breaks, DEL, C1 controls, BOM and the Unicode line separators.
  return /[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(value) || /[\ud800-\udfff]/.test(value);
}

/** A double-quoted YAML scalar: JSON's escapes are valid YAML escapes; YAML also needs DEL/C1/BOM escaped. */
export function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\ufeff\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A one-line scalar for a string: plain when safe, else double-quoted. */
export function inlineString(value: string): string {
  return needsQuotes(value) ? doubleQuoted(value) : value;
}

/** A scalar for a number: finite numbers as JSON writes them, infinities and NaN YAML's way. */
export function numberScalar(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  // YAML 1.1 floats need a dot and a signed exponent: 1e+21 → 1.0e+21, 5e-324 → 5.0e-324.
  return /e/.test(text) && !text.includes('.') ? text.replace('e', '.0e') : text;
}

/**
 * True when a multi-line string can be written as a literal block scalar that reads back exactly:
 * printable characters only (no CR), and no leading space on the first line.
 */
export function fitsLiteralBlock(value: string): boolean {
  if (!value.includes('\n') || value.startsWith(' ') || value.startsWith('\n')) return false;
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029\ud800-\udfff]/.test(value)) return false;
  // Lines made only of spaces before content would be read as indentation: avoid them.
  return !/\n +\n/.test(value) && !/\n +$/.test(value);
}

/** The header of a literal block scalar with the chomping that keeps `value`'s trailing newlines. */
export function literalHeader(value: string): string {
  if (!value.endsWith('\n')) return '|-';
  return value.endsWith('\n\n') ? '|+' : '|';
}
