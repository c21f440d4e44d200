import { formatFloat32G, jsonFloat64 } from '../go-yaml/go-float.ts';
import { goValue, GoYamlError, type GoScalar, type GoValue } from '../go-yaml/resolve.ts';
import type { YamlNode } from '../go-yaml/yaml-node.ts';
import { parseGoDuration } from '../kuma-api/go-duration.ts';
import { GO_TYPE, type CpConfigKey, type CpKeyType } from './key-table.ts';
import type { CpValue, CpValues } from './config-values.ts';

/**
 * kuma-cp's config file read the way kuma-cp reads it: sigs.k8s.io/yaml turns the YAML 1.1 document
 * (go-yaml v2 typing: `yes`/`on` are booleans, `0x1F` and `017` integers) into JSON with the target
 * type in hand, so numbers and booleans headed for a string become text; Go's encoding/json then
 * decodes that over the already-defaulted config: keys match case-insensitively (exact first),
 * unknown keys are ignored, maps merge into the default map, lists replace, `null` clears a list or
 * map and leaves a scalar alone, a duration takes a Go duration string or a bare number of
 * nanoseconds. The first type error is kuma-cp's start-up error.
 */

type Tree = { kind: 'struct'; fields: Map<string, Tree> } | { kind: 'leaf'; key: CpConfigKey };

/** The config struct as a tree of JSON field names over the table's leaves, below `root`. */
export function configTree(keys: readonly CpConfigKey[], root: string): Tree {
  const top: Tree = { kind: 'struct', fields: new Map() };
  for (const key of keys) {
    const parts = (root === '' ? key.path : key.path.slice(root.length + 1)).split('.');
    let node: Tree = top;
    parts.forEach((part, i) => {
      if (node.kind !== 'struct') throw new Error(`key table: ${key.path} is below a leaf`);
      if (i === parts.length - 1) {
        node.fields.set(part, { kind: 'leaf', key });
        return;
      }
      let next: Tree | undefined = node.fields.get(part);
      if (next === undefined) {
        next = { kind: 'struct', fields: new Map() };
        node.fields.set(part, next);
      }
      node = next;
    });
  }
  return top;
}

/** encoding/json's case-insensitive match of a field name (ASCII folding plus the Kelvin sign and long s). */
function folded(name: string): string {
  return name.replace(/[A-Z\u212a\u017f]/g, (c) => (c === '\u212a' ? 'k' : c === '\u017f' ? 's' : c.toLowerCase()));
}

function fieldOf(fields: ReadonlyMap<string, Tree>, key: string): string | undefined {
  if (fields.has(key)) return key;
  const want = folded(key);
  return [...fields.keys()].find((name) => folded(name) === want);
}

const INT_RANGE: Partial<Record<CpKeyType, readonly [bigint, bigint]>> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint: [0n, 2n ** 64n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
};

/** A decode failure: the JSON path it happened at and Go's words. */
class FileDecodeError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

/** What a JSON value is called in encoding/json's "cannot unmarshal X" (numbers with their text). */
function jsonKind(value: GoValue): string {
  switch (value.t) {
    case 'map':
      return 'object';
    case 'seq':
      return 'array';
    case 'str':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return `number ${value.v.toString()}`;
    case 'float':
      return `number ${jsonFloat64(value.v)}`;
    default:
      return 'null';
  }
}

function mismatch(value: GoValue, path: string, type: string): never {
  throw new FileDecodeError(path, `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${path} of type ${type}`);
}

/** sigs.k8s.io/yaml's JSON conversion of a scalar headed for a string: numbers and booleans as text. */
function asString(value: GoValue, path: string, type: string): string {
  switch (value.t) {
    case 'str':
      return value.v;
    case 'bool':
      return value.v ? 'true' : 'false';
    case 'int':
      return value.v.toString();
    case 'float':
      return formatFloat32G(value.v);
    case 'null':
      return '';
    default:
      return mismatch(value, path, type);
  }
}

/** A JSON number into a Go integer: its text must parse as a base-10 integer in range. */
function asInteger(value: GoValue, path: string, type: CpKeyType): number {
  let text: string;
  if (value.t === 'int') text = value.v.toString();
  else if (value.t === 'float') {
    if (!Number.isFinite(value.v)) throw new FileDecodeError(path, `json: unsupported value: ${formatFloat32G(value.v)}`);
    text = jsonFloat64(value.v);
  } else return mismatch(value, path, GO_TYPE[type]);
  const [min, max] = INT_RANGE[type] as readonly [bigint, bigint];
  if (!/^-?[0-9]+$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
    throw new FileDecodeError(path, `json: cannot unmarshal number ${text} into Go struct field ${path} of type ${GO_TYPE[type]}`);
  }
  return Number(text);
}

function decodeLeaf(value: GoValue, key: CpConfigKey, current: CpValue, path: string): CpValue {
  const type = key.type;
  const goType = GO_TYPE[type];
  switch (type) {
    case 'string':
      return value.t === 'null' ? current : asString(value, path, goType);
    case 'bool':
      if (value.t === 'null') return current;
      return value.t === 'bool' ? value.v : mismatch(value, path, goType);
    case 'duration':
      // types.Duration.UnmarshalJSON: a number is nanoseconds, a string a Go duration, anything else (null too) fails.
      if (value.t === 'int') return value.v;
      if (value.t === 'float' && Number.isFinite(value.v)) return BigInt(Math.trunc(value.v));
      if (value.t === 'str') {
        const parsed = parseGoDuration(value.v);
        if (!parsed.ok) throw new FileDecodeError(path, parsed.error);
        return parsed.nanos;
      }
      throw new FileDecodeError(path, 'invalid duration');
    case 'list<string>':
      if (value.t === 'null') return [];
      if (value.t !== 'seq') return mismatch(value, path, goType);
      return value.v.map((item, i) => asString(item, `${path}[${i}]`, 'string'));
    case 'list<uint32>':
      if (value.t === 'null') return [];
      if (value.t !== 'seq') return mismatch(value, path, goType);
      return value.v.map((item, i) => (item.t === 'null' ? 0 : asInteger(item, `${path}[${i}]`, 'uint32')));
    case 'list<object>':
      if (value.t === 'null') return [];
      if (value.t !== 'seq') return mismatch(value, path, goType);
      return value.v.map(plainGo);
    case 'map<string,string>': {
      if (value.t === 'null') return {};
      if (value.t !== 'map') return mismatch(value, path, goType);
      const out: Record<string, string> = { ...(current as Record<string, string>) };
      for (const { key: k, value: v } of value.v.values()) out[keyText(k)] = asString(v, `${path}.${keyText(k)}`, 'string');
      return out;
    }
    default:
      return value.t === 'null' ? current : asInteger(value, path, type);
  }
}

function keyText(key: GoScalar): string {
  switch (key.t) {
    case 'str':
      return key.v;
    case 'bool':
      return key.v ? 'true' : 'false';
    case 'int':
      return key.v.toString();
    case 'float':
      return formatFloat32G(key.v);
    default:
      throw new GoYamlError('unsupported map key of type: <nil> (a null mapping key)');
  }
}

function plainGo(value: GoValue): unknown {
  switch (value.t) {
    case 'map':
      return Object.fromEntries([...value.v.values()].map(({ key, value: v }) => [keyText(key), plainGo(v)]));
    case 'seq':
      return value.v.map(plainGo);
    case 'null':
      return null;
    case 'int':
      return Number(value.v);
    default:
      return value.v;
  }
}

/** Where each file key landed: config path → the spelling of the file's key path (for messages). */
export type FileKeys = Map<string, string>;

function decodeStruct(
  value: GoValue,
  tree: Extract<Tree, { kind: 'struct' }>,
  values: CpValues,
  fileKeys: FileKeys,
  path: string,
  written: string,
  strict: boolean,
  rootType: string,
  unknown: string[],
): void {
  if (value.t === 'null') return;
  if (value.t !== 'map') {
    if (path === '') throw new FileDecodeError('', `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${rootType}`);
    return mismatch(value, path, 'struct');
  }
  // json.Marshal writes the converted map with sorted keys; encoding/json lets the last key that matches a field win.
  const entries = [...value.v.values()]
    .map(({ key, value: v }) => ({ text: keyText(key), value: v }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const entry of entries) {
    const name = fieldOf(tree.fields, entry.text);
    const childWritten = written === '' ? entry.text : `${written}.${entry.text}`;
    if (name === undefined) {
      if (strict) throw new FileDecodeError(childWritten, `json: unknown field ${JSON.stringify(entry.text)}`);
      unknown.push(childWritten);
      continue;
    }
    const child = tree.fields.get(name) as Tree;
    const childPath = path === '' ? name : `${path}.${name}`;
    if (child.kind === 'struct') {
      decodeStruct(entry.value, child, values, fileKeys, childPath, childWritten, strict, rootType, unknown);
    } else {
      values.set(child.key.path, decodeLeaf(entry.value, child.key, values.get(child.key.path) as CpValue, childPath));
      fileKeys.set(child.key.path, childWritten);
    }
  }
}

/** Duplicate keys in one mapping: strict parsing (go-yaml's UnmarshalStrict) refuses them. */
function duplicateKey(node: YamlNode | null): string | undefined {
  if (node === null || node.kind === 'scalar') return undefined;
  if (node.kind === 'seq') return node.items.map(duplicateKey).find((d) => d !== undefined);
  const seen = new Set<string>();
  for (const { key, value } of node.entries) {
    const text = key.kind === 'scalar' ? key.value : '';
    if (seen.has(text)) return text;
    seen.add(text);
    const inner = duplicateKey(value);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Decodes a parsed config file over `values` (changed in place). Returns the file keys that set a
 * leaf and the keys kuma-cp ignores (no such field: a typo keeps the default silently), or the error kuma-cp would exit with (without
 * kuma-cp's outer "parsing configuration
 * from file" wrapping, which the loader adds).
 */
export function decodeConfigFile(
  node: YamlNode | null,
  tree: Tree,
  values: CpValues,
  options: { strict: boolean; rootType: string },
): { ok: true; fileKeys: FileKeys; unknownKeys: string[] } | { ok: false; error: string; path: string } {
  const fileKeys: FileKeys = new Map();
  const unknownKeys: string[] = [];
  try {
    if (options.strict) {
      const dup = duplicateKey(node);
      if (dup !== undefined)
        return { ok: false, error: `error converting YAML to JSON: yaml: key ${JSON.stringify(dup)} already set in map`, path: '' };
    }
    if (tree.kind !== 'struct') throw new Error('config tree root is a leaf');
    decodeStruct(goValue(node), tree, values, fileKeys, '', '', options.strict, options.rootType, unknownKeys);
    return { ok: true, fileKeys, unknownKeys };
  } catch (error) {
    if (error instanceof FileDecodeError)
      return { ok: false, error: `error unmarshaling JSON: while decoding JSON: ${error.message}`, path: error.path };
    if (error instanceof GoYamlError) return { ok: false, error: `error converting YAML to JSON: ${error.message}`, path: '' };
    throw error;
  }
}
