/**
 * RFC 6901 JSON pointers as the webhook's JSON-patch library reads them: `""` is the whole
 * document, every other pointer starts with `/`, `~1` means `/` and `~0` means `~`.
 */

/** The unescaped reference tokens of `pointer`, or undefined when it is not a JSON pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The pointer that names `tokens`, escaped so that parsePointer gives them back. */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * The integer an array token stands for, read the way Go's strconv.Atoi reads it (optional sign,
 * decimal digits, leading zeros allowed), or undefined when the token is not an integer.
 */
export function arrayIndexOf(token: string): number | undefined {
  if (!/^[+-]?\d+$/.test(token)) return undefined;
  const index = Number(token);
  return Number.isSafeInteger(index) ? index : undefined;
}

/** True for a JSON object (not an array, not null). */
export { isRecord as isJsonObject } from '../json-record.ts';
