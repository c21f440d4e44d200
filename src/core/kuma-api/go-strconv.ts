/**
 * The few Go standard-library parsers whose exact error texts the webhook and the control plane's
 * Pod converter pass on: strconv.ParseUint(s, 10, 32), strconv.Quote (for the `%q` of error
 * messages) and the time package's own quoting (for time.ParseDuration errors). One copy for both,
 * so the injector and the Dataplane preview can never disagree on the same annotation value.
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

/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Go's `%q` of a string (strconv.Quote): double-quoted; printable runes as they are, the C escapes
 * for \a \b \f \n \r \t \v, `\xNN` for other controls, `\uNNNN` / `\UNNNNNNNN` for other
 * non-printable runes (a no-break space from a copied value becomes `\u00a0`).
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (Object.prototype.hasOwnProperty.call(GO_ESCAPES, ch)) out += GO_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else {
      // A lone surrogate reaches Go as U+FFFD, which is printable.
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      out += code === 0xfffd ? '\ufffd' : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    }
  }
  return `${out}"`;
}

/** The UTF-8 bytes of one code point (a lone surrogate as U+FFFD, as Go would have received it). */
function utf8(code: number): number[] {
  const c = code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}

/**
 * The quoting of Go's time package (its own `quote`, used by time.ParseDuration errors): ASCII
 * below 0x20 and everything non-ASCII as `\xNN` UTF-8 bytes, `"` and `\\` backslashed, the rest
 * as is. So a trailing newline from a YAML block scalar reads `"10s\x0a"`, not `"10s\n"`.
 */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code >= 0x80)
      out += utf8(code)
        .map((b) => `\\x${hex(b, 2)}`)
        .join('');
    else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}
