import { getKey, isTable, setKey, type HelmMap, type HelmValue } from './values.ts';

/**
 * Helm's `--set` syntax (`pkg/strvals`): `a.b=v[,c=w]`, `\` escapes the next character, `{x,y}`
 * is a list. Values are typed as Helm types them: `true`/`false` (any case) booleans, `null` nil,
 * a base-10 integer not starting with 0 (or `0` itself) an int64, anything else a string. List
 * indexes (`a[0]=v`) are refused rather than half-reproduced.
 */

export type SetParse = { ok: true } | { ok: false; error: string };

/** Helm strvals typedVal (`--set`, not `--set-string`). */
export function typedSetValue(text: string): HelmValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0n;
  if (text !== '' && text[0] !== '0' && /^[+-]?[0-9]+$/.test(text)) {
    const value = BigInt(text);
    if (value >= -(2n ** 63n) && value <= 2n ** 63n - 1n) return value;
  }
  return text;
}

class Scanner {
  private pos = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  next(): string | undefined {
    return this.text[this.pos++];
  }
  /** Characters up to one of `stop` (consumed and returned as `last`), `\` escaping the next one. */
  until(stop: string): { text: string; last: string | undefined } {
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === undefined) return { text: out, last: undefined };
      if (c === '\\') {
        const escaped = this.next();
        if (escaped !== undefined) out += escaped;
        continue;
      }
      if (stop.includes(c)) return { text: out, last: c };
      out += c;
    }
  }
}

class SetError extends Error {}

function listValue(scan: Scanner): HelmValue[] {
  scan.next();
  const items: HelmValue[] = [];
  for (;;) {
    const { text, last } = scan.until(',}');
    if (last === undefined) throw new SetError("list must terminate with '}'");
    items.push(typedSetValue(text));
    if (last === '}') {
      const after = scan.next();
      if (after !== undefined && after !== ',') throw new SetError(`unexpected character ${JSON.stringify(after)} after a list`);
      return items;
    }
  }
}

/** One `key=value`; false at the end of the text. */
function pair(scan: Scanner, into: HelmMap, depth: number): boolean {
  const { text: key, last } = scan.until('=[,.');
  if (last === undefined) {
    if (key === '') return false;
    throw new SetError(`key ${JSON.stringify(key)} has no value`);
  }
  if (last === '[')
    throw new SetError(`key ${JSON.stringify(key)} uses a list index, which kuma-inject does not read; write the list in a values file`);
  if (last === ',') throw new SetError(`key ${JSON.stringify(key)} has no value (cannot end with ,)`);
  if (last === '.') {
    if (depth >= 30) throw new SetError('value name nested level is greater than maximum supported nested level of 30');
    const existing = getKey(into, key);
    const inner: HelmMap = isTable(existing) ? existing : {};
    const more = pair(scan, inner, depth + 1);
    if (Object.keys(inner).length === 0) throw new SetError(`key map ${JSON.stringify(key)} has no value`);
    setKey(into, key, inner);
    return more;
  }
  if (scan.peek() === '{') {
    setKey(into, key, listValue(scan));
    return !scan.done;
  }
  const { text: value, last: end } = scan.until(',');
  setKey(into, key, typedSetValue(value));
  return end !== undefined;
}

/** Helm strvals.ParseInto: writes the pairs of one `--set` argument into `into`. */
export function parseSetInto(text: string, into: HelmMap): SetParse {
  const scan = new Scanner(text);
  try {
    while (pair(scan, into, 0)) {
      /* next pair */
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof SetError) return { ok: false, error: `--set ${JSON.stringify(text)}: ${error.message}` };
    throw error;
  }
}
