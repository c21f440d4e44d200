import { parseUint32 } from '../kuma-api/go-strconv.ts';
import { formatFloat32G, jsonFloat64 } from './go-float.ts';
import { goValue, GoYamlError, type GoScalar, type GoValue } from './resolve.ts';
import type { YamlNode } from './yaml-node.ts';

/**
 * sigs.k8s.io/yaml's Unmarshal into a Go type: go-yaml v2 decodes the YAML into interface{}; that
 * value is made JSON-able with the target type in hand (a number or boolean headed for a string
 * field becomes its text, map keys become strings); encoding/json writes it (keys sorted) and reads
 * it back into the type, matching field names case-insensitively and ignoring unknown ones.
 */

/** The Go types a target can be built from; struct fields by their JSON names. */
export type GoType =
  | { kind: 'string' }
  | { kind: 'uint32' }
  | { kind: 'ptr'; elem: GoType }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'map'; elem: GoType }
  | { kind: 'struct'; fields: Readonly<Record<string, GoType>> };

/** A decoded Go value: string, number (uint32), null (nil pointer, slice or map), array, record (map or struct). */
export type GoData = string | number | null | GoData[] | { [key: string]: GoData };

type Json = null | boolean | string | { num: string } | Json[] | { obj: [string, Json][] };

/** encoding/json's case-insensitive field match, for ASCII field names: ASCII case, plus the Kelvin sign and long s. */
function folded(name: string): string {
  return name.replace(/[A-Z\u212a\u017f]/g, (c) => (c === '\u212a' ? 'k' : c === '\u017f' ? 's' : c.toLowerCase()));
}

function field(fields: Readonly<Record<string, GoType>>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(fields, key)) return key;
  const want = folded(key);
  return Object.keys(fields).find((name) => folded(name) === want);
}

function indirect(type: GoType | undefined): GoType | undefined {
  let t = type;
  while (t?.kind === 'ptr') t = t.elem;
  return t;
}

/** sigs.k8s.io/yaml's text for a typed mapping key (JSON object keys are strings). */
export function keyText(key: GoScalar): string {
  switch (key.t) {
    case 'str':
      return key.v;
    case 'bool':
      return key.v ? 'true' : 'false';
    case 'int':
      // sigs.k8s.io/yaml has no case for a uint64 key (above int64).
      if (key.v > 2n ** 63n - 1n) throw new GoYamlError(`unsupported map key of type: uint64, key: ${key.v}`);
      return key.v.toString();
    case 'float': {
      const text = formatFloat32G(key.v);
      return text === '+Inf' ? '.inf' : text === '-Inf' ? '-.inf' : text === 'NaN' ? '.nan' : text;
    }
    default:
      throw new GoYamlError('unsupported map key of type: <nil> (a null mapping key)');
  }
}

function jsonable(value: GoValue, type: GoType | undefined): Json {
  const target = indirect(type);
  switch (value.t) {
    case 'map': {
      const out = new Map<string, Json>();
      for (const { key, value: v } of value.v.values()) {
        const text = keyText(key);
        let elem: GoType | undefined;
        if (target?.kind === 'struct') {
          const name = field(target.fields, text);
          elem = name === undefined ? undefined : target.fields[name];
        } else if (target?.kind === 'map') {
          elem = target.elem;
        }
        out.set(text, jsonable(v, elem));
      }
      // json.Marshal writes map keys sorted, so among keys that fold to one field the last in this order wins.
      return { obj: [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
    }
    case 'seq':
      return value.v.map((v) => jsonable(v, target?.kind === 'slice' ? target.elem : undefined));
    case 'null':
      return null;
    case 'str':
      return value.v;
    case 'bool':
      return target?.kind === 'string' ? String(value.v) : value.v;
    case 'int':
      return target?.kind === 'string' ? value.v.toString() : { num: value.v.toString() };
    case 'float':
      if (target?.kind === 'string') return formatFloat32G(value.v);
      if (!Number.isFinite(value.v)) throw new GoYamlError(`json: unsupported value: ${formatFloat32G(value.v)}`);
      return { num: jsonFloat64(value.v) };
  }
}

function describe(json: Json): string {
  if (json === null) return 'null';
  if (typeof json === 'boolean') return 'bool';
  if (typeof json === 'string') return 'string';
  if (Array.isArray(json)) return 'array';
  return 'num' in json ? `number ${json.num}` : 'object';
}

function zero(type: GoType): GoData {
  if (type.kind === 'string') return '';
  if (type.kind === 'uint32') return 0;
  if (type.kind === 'struct') return Object.fromEntries(Object.entries(type.fields).map(([k, t]) => [k, zero(t)]));
  return null;
}

/** encoding/json's decode of `json` into a value of `type` holding `current` (objects merge into what is there). */
function decode(json: Json, type: GoType, current: GoData, path: string): GoData {
  const mismatch = (): never => {
    throw new GoYamlError(
      `${path || 'the value'}: cannot unmarshal ${describe(json)} into a Go ${type.kind === 'ptr' ? type.elem.kind : type.kind}`,
    );
  };
  if (json === null) {
    // null clears pointers, slices and maps and leaves everything else as it was.
    return type.kind === 'ptr' || type.kind === 'slice' || type.kind === 'map' ? null : current;
  }
  switch (type.kind) {
    case 'ptr':
      return decode(json, type.elem, current ?? zero(type.elem), path);
    case 'string':
      return typeof json === 'string' ? json : mismatch();
    case 'uint32': {
      if (typeof json !== 'object' || Array.isArray(json) || !('num' in json)) return mismatch();
      const parsed = parseUint32(json.num);
      return parsed.ok ? parsed.value : mismatch();
    }
    case 'slice': {
      if (!Array.isArray(json)) return mismatch();
      const existing = Array.isArray(current) ? current : [];
      return json.map((item, i) =>
        decode(item, type.elem, i < existing.length ? (existing[i] as GoData) : zero(type.elem), `${path}[${i}]`),
      );
    }
    case 'map': {
      if (typeof json !== 'object' || Array.isArray(json) || !('obj' in json)) return mismatch();
      const out: { [key: string]: GoData } = { ...((current as { [key: string]: GoData } | null) ?? {}) };
      for (const [k, v] of json.obj) out[k] = decode(v, type.elem, zero(type.elem), `${path}.${k}`);
      return out;
    }
    case 'struct': {
      if (typeof json !== 'object' || Array.isArray(json) || !('obj' in json)) return mismatch();
      const out: { [key: string]: GoData } = { ...(current as { [key: string]: GoData }) };
      for (const [k, v] of json.obj) {
        const name = field(type.fields, k);
        if (name !== undefined)
          out[name] = decode(v, type.fields[name] as GoType, out[name] as GoData, path === '' ? name : `${path}.${name}`);
      }
      return out;
    }
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal(text, &value) for a value of `type`: the decoded value, or why Go
 * would refuse it. `node` is the parsed document (null when empty).
 */
export function sigsUnmarshal(node: YamlNode | null, type: GoType): { ok: true; value: GoData } | { ok: false; error: string } {
  try {
    return { ok: true, value: decode(jsonable(goValue(node), type), type, zero(type), '') };
  } catch (error) {
    if (error instanceof GoYamlError) return { ok: false, error: error.message };
    throw error;
  }
}
