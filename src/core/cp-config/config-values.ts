import { formatGoDuration, parseGoDuration } from '../kuma-api/go-duration.ts';
import type { CpConfigKey, CpConfigRelease, CpKeyType } from './key-table.ts';

/**
 * A kuma-cp config being loaded: one value per leaf, by JSON path. Durations are nanoseconds
 * (bigint) while loading and Go `Duration.String()` text in `plainValue`, the form config files,
 * the conformance data and reports use.
 */
export type CpValue = boolean | number | string | bigint | string[] | number[] | unknown[] | Record<string, string>;

export type CpValues = Map<string, CpValue>;

/** Go's zero value of a leaf type: what a key absent from the defaults file holds. */
export function zeroValue(type: CpKeyType): CpValue {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'duration':
      return 0n;
    case 'list<string>':
    case 'list<uint32>':
    case 'list<object>':
      return [];
    case 'map<string,string>':
      return {};
    default:
      return 0;
  }
}

/** The typed default of a key as the table writes it (durations as Go text). */
function defaultValue(key: CpConfigKey): CpValue {
  if (key.type === 'duration') {
    const parsed = parseGoDuration(String(key.default));
    if (!parsed.ok) throw new Error(`key table: default of ${key.path} is not a Go duration: ${String(key.default)}`);
    return parsed.nanos;
  }
  return structuredClone(key.default) as CpValue;
}

/** The keys under `root` (a config subtree loaded as the document root; '' is the whole config). */
export function keysUnder(release: CpConfigRelease, root: string): CpConfigKey[] {
  return root === '' ? [...release.keys] : release.keys.filter((key) => key.path.startsWith(`${root}.`));
}

/** Starting values: the release's defaults, or every leaf Go-zero. */
export function startValues(keys: readonly CpConfigKey[], start: 'defaults' | 'zero'): CpValues {
  return new Map(keys.map((key) => [key.path, start === 'defaults' ? defaultValue(key) : zeroValue(key.type)]));
}

/** JSON form of a value: durations as Go text, everything else as it is. */
export function plainValue(value: CpValue): unknown {
  return typeof value === 'bigint' ? formatGoDuration(value) : structuredClone(value);
}

/** The values below `root` as the nested document kuma-cp would serialise (JSON form, paths relative to `root`). */
export function nestedValues(values: CpValues, root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of values) {
    if (root !== '' && !path.startsWith(`${root}.`)) continue;
    const parts = (root === '' ? path : path.slice(root.length + 1)).split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1] as string] = plainValue(value);
  }
  return out;
}
