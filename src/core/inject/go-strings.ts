/**
 * Go's strings.TrimSpace: removes leading and trailing Unicode White_Space (unicode.IsSpace).
 * Unlike String.prototype.trim it keeps U+FEFF (a byte-order mark is not a space in Go) and
 * removes U+0085 (NEL), so a pasted value trims exactly as the webhook and kumactl trim it.
 */
export function goTrimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}
