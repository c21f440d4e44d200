/**
 * The few Go standard-library parsers whose exact error texts the webhook passes on:
 * strconv.ParseUint(s, 10, 32) and strconv.Quote (for the `%q` of error messages).
 */

const MAX_UINT32 = 4294967295;

export type UintParse = { ok: true; value: number } | { ok: false; error: string };

/** Parses like Go's strconv.ParseUint(s, 10, 32): digits only, errors worded as Go words them. */
export function parseUint32(s: string): UintParse {
  const quoted = goQuote(s);
  if (s.length === 0) return { ok: false, error: `strconv.ParseUint: parsing ${quoted}: invalid syntax` };
  let n = 0;
  for (const c of s) {
    if (c < '0' || c > '9') return { ok: false, error: `strconv.ParseUint: parsing ${quoted}: invalid syntax` };
    n = n * 10 + (c.charCodeAt(0) - 48);
    // Go reports the range error as soon as the running value overflows, before later characters.
    if (n > MAX_UINT32) return { ok: false, error: `strconv.ParseUint: parsing ${quoted}: value out of range` };
  }
  return { ok: true, value: n };
}

/** Go's `%q` of a string: double-quoted with Go escapes (printable Unicode kept as is). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}
