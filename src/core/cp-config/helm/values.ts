import { keyText } from '../../go-yaml/sigs-unmarshal.ts';
import { goValue, GoYamlError, type GoValue } from '../../go-yaml/resolve.ts';
import type { YamlNode } from '../../go-yaml/yaml-node.ts';
import { ownValue, setOwn } from '../../json-record.ts';

/**
 * Helm values as Helm holds them (`map[string]interface{}`): what sigs.k8s.io/yaml makes of a
 * values file (every number a float64, because the YAML goes through encoding/json), plus the
 * int64 that `--set` writes (`bigint` here, so `--set x=1000000` prints "1000000" where a values
 * file's 1000000 prints "1e+06").
 */
export type HelmValue = null | boolean | number | bigint | string | HelmValue[] | HelmMap;
export interface HelmMap {
  [key: string]: HelmValue;
}

/** A Helm "table": a map (Helm's `istable`). */
export function isTable(value: HelmValue | undefined): value is HelmMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes a key as an own property even when it is `__proto__` (values keys are user data). */
export function setKey(map: HelmMap, key: string, value: HelmValue): void {
  setOwn(map, key, value);
}

export function hasKey(map: HelmMap, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** The value at `key`, undefined when the key is absent (null is a present key holding nil). */
export function getKey(map: HelmMap, key: string): HelmValue | undefined {
  return ownValue(map, key);
}

/** Keys in Go's order for ranging over a map in a template: sorted by bytes. */
export function sortedKeys(map: HelmMap): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function deepCopy(value: HelmValue): HelmValue {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isTable(value)) {
    const out: HelmMap = {};
    for (const key of Object.keys(value)) setKey(out, key, deepCopy(value[key] as HelmValue));
    return out;
  }
  return value;
}

/** Plain data (the chart defaults written in TypeScript) as values; numbers are float64 as in a values file. */
export function fromPlain(value: unknown): HelmValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object') {
    const out: HelmMap = {};
    for (const [key, v] of Object.entries(value)) setKey(out, key, fromPlain(v));
    return out;
  }
  throw new Error(`not a values item: ${typeof value}`);
}

/**
 * sigs.k8s.io/yaml.Unmarshal into `map[string]interface{}`: go-yaml v2 types the scalars (YAML
 * 1.1), keys become their text, the tree goes through encoding/json, so integers arrive as float64
 * (2^53 + 1 rounds) and NaN / infinities are refused as JSON cannot hold them.
 */
function fromGo(value: GoValue): HelmValue {
  switch (value.t) {
    case 'null':
      return null;
    case 'bool':
      return value.v;
    case 'str':
      return value.v;
    case 'int':
      return Number(value.v);
    case 'float':
      if (!Number.isFinite(value.v)) throw new GoYamlError(`json: unsupported value: ${String(value.v).replace('Infinity', 'Inf')}`);
      return value.v;
    case 'seq':
      return value.v.map(fromGo);
    case 'map': {
      // encoding/json decodes object keys in the order json.Marshal wrote them (sorted); the last of equal texts wins.
      const entries = [...value.v.values()].map(({ key, value: v }) => [keyText(key), v] as const);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const out: HelmMap = {};
      for (const [key, v] of entries) setKey(out, key, fromGo(v));
      return out;
    }
  }
}

export type ValuesRead = { ok: true; values: HelmMap } | { ok: false; error: string };

/**
 * A values file as Helm's `chartutil.ReadValues` reads it: the first YAML document, an empty one
 * being no values; anything but a mapping at the top is refused (Helm: "cannot unmarshal ... into
 * Go value of type chartutil.Values").
 */
export function valuesFromYaml(node: YamlNode | null): ValuesRead {
  try {
    const value = fromGo(goValue(node));
    if (value === null) return { ok: true, values: {} };
    if (!isTable(value)) {
      const kind = Array.isArray(value)
        ? 'a list'
        : `a ${typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number'}`;
      return { ok: false, error: `the file holds ${kind}, not a mapping of values (Helm cannot unmarshal it into chartutil.Values)` };
    }
    return { ok: true, values: value };
  } catch (error) {
    if (error instanceof GoYamlError) return { ok: false, error: error.message };
    throw error;
  }
}
