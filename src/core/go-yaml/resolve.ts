import type { YamlNode } from './yaml-node.ts';

/**
 * What go-yaml v2 (the YAML 1.1 library under sigs.k8s.io/yaml) decodes a document into when the
 * target is `interface{}`: plain scalars typed by its `resolve` table (so `yes`, `on`, `y` are
 * booleans, `0x1F` and `017` integers, `1_000` is 1000), quoted and block scalars strings. Maps keep
 * one entry per distinct typed key, the last one written winning, as a Go map does.
 */
export type GoScalar =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string };

export type GoValue = GoScalar | { t: 'seq'; v: GoValue[] } | { t: 'map'; v: Map<string, { key: GoScalar; value: GoValue }> };

/** A document go-yaml v2 refuses; the message says why in our words. */
export class GoYamlError extends Error {}

const TAG = {
  str: 'tag:yaml.org,2002:str',
  bool: 'tag:yaml.org,2002:bool',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
  null: 'tag:yaml.org,2002:null',
  timestamp: 'tag:yaml.org,2002:timestamp',
  binary: 'tag:yaml.org,2002:binary',
  merge: 'tag:yaml.org,2002:merge',
} as const;

const RESOLVABLE: ReadonlySet<string> = new Set(['', TAG.str, TAG.bool, TAG.int, TAG.float, TAG.null, TAG.timestamp]);

type Resolved = { tag: string; value: GoScalar | 'merge' };

/** go-yaml v2's resolve map: YAML 1.1 booleans and nulls, the special floats and the merge key. */
const WORDS: ReadonlyMap<string, Resolved> = (() => {
  const map = new Map<string, Resolved>();
  const put = (words: string, tag: string, value: GoScalar | 'merge'): void => {
    for (const w of words.split(' ')) map.set(w, { tag, value });
  };
  put('y Y yes Yes YES true True TRUE on On ON', TAG.bool, { t: 'bool', v: true });
  put('n N no No NO false False FALSE off Off OFF', TAG.bool, { t: 'bool', v: false });
  put('~ null Null NULL', TAG.null, { t: 'null' });
  map.set('', { tag: TAG.null, value: { t: 'null' } });
  put('.nan .NaN .NAN', TAG.float, { t: 'float', v: Number.NaN });
  put('.inf .Inf .INF +.inf +.Inf +.INF', TAG.float, { t: 'float', v: Number.POSITIVE_INFINITY });
  put('-.inf -.Inf -.INF', TAG.float, { t: 'float', v: Number.NEGATIVE_INFINITY });
  put('<<', TAG.merge, 'merge');
  return map;
})();

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DIGITS: Readonly<Record<number, RegExp>> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** strconv.ParseInt(s, 0, 64), else strconv.ParseUint(s, 0, 64) (base prefixes 0x 0o 0b and a leading-0 octal). */
function parseGoInt(s: string): bigint | undefined {
  const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
  let rest = s.slice(sign.length);
  let base = 10;
  const prefix = rest.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    base = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    rest = rest.slice(2);
  } else if (rest.length > 1 && rest[0] === '0') {
    base = 8;
  }
  if (!(DIGITS[base] as RegExp).test(rest)) return undefined;
  let magnitude = 0n;
  for (const digit of rest) magnitude = magnitude * BigInt(base) + BigInt(Number.parseInt(digit, 16));
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // ParseUint takes no sign: only a bare number past int64 is a uint64.
  return sign === '' && value <= UINT64_MAX ? value : undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat's decimal syntax for a text starting with `.` (underscores between digits allowed). */
const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

/** A float strconv.ParseFloat accepts without a range error, else undefined. */
function finiteFloat(text: string): number | undefined {
  const v = Number(text.replaceAll('_', ''));
  return Number.isFinite(v) ? v : undefined;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** go-yaml v2's resolve(tag, in): the typed value of a plain (or explicitly tagged) scalar. */
function resolve(tag: string, text: string): Resolved {
  if (!RESOLVABLE.has(tag)) return { tag, value: { t: 'str', v: text } };
  const found = ((): Resolved => {
    const hint = text === '' ? 'N' : (text[0] as string);
    const hinted = /^[-+0-9yYnNtTfFoO~.]$/.test(hint) || text === '';
    if (!hinted || tag === TAG.str) return { tag: TAG.str, value: { t: 'str', v: text } };
    const word = WORDS.get(text);
    if (word !== undefined) return word;
    if (hint === '.') {
      const v = DOT_FLOAT.test(text) ? finiteFloat(text) : undefined;
      if (v !== undefined) return { tag: TAG.float, value: { t: 'float', v } };
    } else if (/^[-+0-9]$/.test(hint)) {
      // A YAML timestamp (2001-12-14) decodes into interface{} as its text, like any other string.
      const plain = text.replaceAll('_', '');
      const int = parseGoInt(plain);
      if (int !== undefined) return { tag: TAG.int, value: { t: 'int', v: int } };
      if (YAML_STYLE_FLOAT.test(plain)) {
        const v = finiteFloat(plain);
        if (v !== undefined) return { tag: TAG.float, value: { t: 'float', v } };
      }
    }
    return { tag: TAG.str, value: { t: 'str', v: text } };
  })();
  if (tag === '' || tag === found.tag || tag === TAG.str) return found;
  if (tag === TAG.float && found.value !== 'merge' && found.value.t === 'int') {
    return { tag: TAG.float, value: { t: 'float', v: Number(found.value.v) } };
  }
  // go-yaml keeps a timestamp as its text when decoding into interface{}.
  if (tag === TAG.timestamp && found.tag === TAG.str && /^[0-9]{4}-/.test(text)) return found;
  throw new GoYamlError(`cannot decode ${shortTag(found.tag)} \`${text}\` as a ${shortTag(tag)}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A !!binary scalar: standard base64 (line breaks ignored), decoded as the string Go makes of the bytes. */
function binary(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) throw new GoYamlError('!!binary value contains invalid base64 data');
  const bytes = Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function scalar(node: Extract<YamlNode, { kind: 'scalar' }>): Resolved {
  const tag = node.tag ?? '';
  if (tag === '' && !node.plain) return { tag: TAG.str, value: { t: 'str', v: node.value } };
  if (tag === TAG.binary) return { tag: TAG.str, value: { t: 'str', v: binary(node.value) } };
  return resolve(tag, node.value);
}

/** A map key as a Go map compares it: by dynamic type and value. */
function identity(key: GoScalar): string {
  return key.t === 'null' ? 'null' : `${key.t}:${String(key.v)}`;
}

function isMergeKey(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.value === '<<' && ((node.plain && node.tag === undefined) || node.tag === TAG.merge);
}

function mapping(node: Extract<YamlNode, { kind: 'map' }>, into: Map<string, { key: GoScalar; value: GoValue }>): void {
  for (const entry of node.entries) {
    if (isMergeKey(entry.key)) {
      merge(entry.value, into);
      continue;
    }
    if (entry.key.kind !== 'scalar') throw new GoYamlError('a mapping key is itself a mapping or a sequence (invalid map key)');
    const key = scalar(entry.key).value;
    if (key === 'merge') continue;
    into.set(identity(key), { key, value: goValue(entry.value) });
  }
}

/** `<<: *base` or `<<: [*a, *b]`: go-yaml v2 writes the merged keys where the merge key stands (the first map of a list wins). */
function merge(node: YamlNode, into: Map<string, { key: GoScalar; value: GoValue }>): void {
  const wantMap = (): never => {
    throw new GoYamlError('map merge requires map or sequence of maps as the value');
  };
  if (node.kind === 'map') return mapping(node, into);
  if (node.kind !== 'seq') return wantMap();
  for (const item of [...node.items].reverse()) {
    if (item.kind !== 'map') wantMap();
    else mapping(item, into);
  }
}

/** Decodes a node the way go-yaml v2's Unmarshal decodes it into `interface{}`. */
export function goValue(node: YamlNode | null): GoValue {
  if (node === null) return { t: 'null' };
  if (node.kind === 'seq') return { t: 'seq', v: node.items.map(goValue) };
  if (node.kind === 'map') {
    const into = new Map<string, { key: GoScalar; value: GoValue }>();
    mapping(node, into);
    return { t: 'map', v: into };
  }
  const { value } = scalar(node);
  // A lone `<<` outside a mapping key is the string go-yaml gives its merge tag's value.
  return value === 'merge' ? { t: 'str', v: '<<' } : value;
}
