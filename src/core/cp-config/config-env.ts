import { parseGoDuration } from '../kuma-api/go-duration.ts';
import { parseGoBool, parseGoInt, parseGoUint, type Parsed } from './go-int.ts';
import { GO_TYPE, type CpConfigKey, type CpKeyType } from './key-table.ts';
import type { CpValue, CpValues } from './config-values.ts';

/**
 * kuma-cp's environment read the way envconfig v1.4.0 reads it: every key with a variable, in
 * struct order; a variable that is set (even to "") overwrites the value; strings verbatim, booleans
 * by strconv.ParseBool, integers in base 0 (`010` is octal), durations by time.ParseDuration, lists
 * split on `,` without trimming (blank = empty), maps of `k:v` pairs that replace the default map.
 * The first parse error stops kuma-cp.
 */

function scalar(raw: string, type: CpKeyType): Parsed<CpValue> {
  switch (type) {
    case 'string':
      return { ok: true, value: raw };
    case 'bool':
      return parseGoBool(raw);
    case 'duration': {
      const parsed = parseGoDuration(raw);
      return parsed.ok ? { ok: true, value: parsed.nanos } : { ok: false, error: parsed.error };
    }
    case 'int':
    case 'int64':
      return parseGoInt(raw, 64);
    case 'int32':
      return parseGoInt(raw, 32);
    case 'uint':
    case 'uint64':
      return parseGoUint(raw, 64);
    case 'uint32':
      return parseGoUint(raw, 32);
    case 'uint16':
      return parseGoUint(raw, 16);
    default:
      return { ok: false, error: `no scalar parser for ${type}` };
  }
}

/** envconfig's processField for one raw value. */
function parseEnvValue(raw: string, type: CpKeyType): Parsed<CpValue> {
  if (type === 'list<string>' || type === 'list<uint32>' || type === 'list<object>') {
    if (raw.trim() === '') return { ok: true, value: [] };
    const out: unknown[] = [];
    for (const item of raw.split(',')) {
      if (type === 'list<object>') return { ok: false, error: 'envconfig cannot set a list of objects' };
      const parsed = scalar(item, type === 'list<string>' ? 'string' : 'uint32');
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
    return { ok: true, value: out as CpValue };
  }
  if (type === 'map<string,string>') {
    const out: Record<string, string> = {};
    if (raw.trim() === '') return { ok: true, value: out };
    for (const pair of raw.split(',')) {
      const kv = pair.split(':');
      if (kv.length !== 2) return { ok: false, error: `invalid map item: ${JSON.stringify(pair)}` };
      out[kv[0] as string] = kv[1] as string;
    }
    return { ok: true, value: out };
  }
  return scalar(raw, type);
}

export type EnvOutcome = { ok: true; envKeys: Map<string, string> } | { ok: false; error: string; env: string; path: string };

/**
 * Applies the set variables to `values` (in place) in the keys' order. Returns which config path
 * each variable set, or the first failure in envconfig's words (naming the variable, not
 * envconfig's composite key, which nobody sets).
 */
export function applyEnv(keys: readonly CpConfigKey[], env: ReadonlyMap<string, string>, values: CpValues): EnvOutcome {
  const envKeys = new Map<string, string>();
  for (const key of keys) {
    if (key.env === null) continue;
    const raw = env.get(key.env);
    if (raw === undefined) continue;
    const parsed = parseEnvValue(raw, key.type);
    if (!parsed.ok) {
      return {
        ok: false,
        env: key.env,
        path: key.path,
        error: `envconfig.Process: assigning ${key.env} to ${key.path}: converting '${raw}' to type ${GO_TYPE[key.type]}. details: ${parsed.error}`,
      };
    }
    values.set(key.path, parsed.value);
    envKeys.set(key.path, key.env);
  }
  return { ok: true, envKeys };
}
