import { deepCopy, getKey, hasKey, isTable, setKey, sortedKeys, type HelmMap, type HelmValue } from './values.ts';

/**
 * The two ways Helm combines values, reproduced because they differ on the cases users hit:
 *
 * - `mergeMaps` layers the user's own inputs (`-f a.yaml -f b.yaml`, kumactl's flags under its
 *   `--values`): maps merge recursively, anything else (lists, scalars, null) replaces.
 * - `coalesceValues` puts the result over the chart's values.yaml (Helm `chartutil.CoalesceValues`):
 *   the user's value wins, maps merge, and a user `null` deletes the key (it does not fall back to
 *   the chart default). Nulls in a user map the chart also has are deleted at any depth; a null at
 *   the top level or inside a map the chart does not have stays (Helm's own asymmetry).
 *
 * Helm's warnings for a table meeting a non-table are kept, worded with the key path.
 */

/** Helm `pkg/cli/values` mergeMaps: `b` over `a`, new maps, inputs untouched. */
export function mergeMaps(a: HelmMap, b: HelmMap): HelmMap {
  const out: HelmMap = {};
  for (const key of Object.keys(a)) setKey(out, key, a[key] as HelmValue);
  for (const key of Object.keys(b)) {
    const next = b[key] as HelmValue;
    const current = getKey(out, key);
    setKey(out, key, isTable(next) && isTable(current) ? mergeMaps(current, next) : next);
  }
  return out;
}

const join = (prefix: string, key: string): string => (prefix === '' ? key : `${prefix}.${key}`);

/** Helm coalesceTablesFullKey: `src` (lower precedence) into `dst`, in place. */
function coalesceTables(dst: HelmMap, src: HelmMap, prefix: string, merge: boolean, warn: (message: string) => void): void {
  // A null the user wrote deletes the key even where the chart has no such key.
  for (const key of Object.keys(dst)) if (dst[key] === null) setKey(src, key, null);
  for (const key of sortedKeys(src)) {
    const value = src[key] as HelmValue;
    const path = join(prefix, key);
    const present = hasKey(dst, key);
    const current = getKey(dst, key);
    if (present && !merge && current === null) {
      delete dst[key];
    } else if (!present) {
      setKey(dst, key, value);
    } else if (isTable(value)) {
      if (isTable(current)) coalesceTables(current, value, path, merge, warn);
      else warn(`cannot overwrite table with non table for ${path}: the chart's map is replaced by the value given`);
    } else if (isTable(current) && value !== null) {
      warn(`destination for ${path} is a table: the chart's non-table value is ignored`);
    }
  }
}

/**
 * Helm coalesceValues for one chart: `user` (already merged from every values file) over
 * `chartValues`. Returns new values; neither input is changed.
 */
export function coalesceValues(chartValues: HelmMap, user: HelmMap, warn: (message: string) => void = () => {}, prefix = ''): HelmMap {
  const out = deepCopy(user) as HelmMap;
  const defaults = deepCopy(chartValues) as HelmMap;
  for (const key of sortedKeys(defaults)) {
    const chartValue = defaults[key] as HelmValue;
    if (!hasKey(out, key)) {
      setKey(out, key, chartValue);
      continue;
    }
    const value = out[key] as HelmValue;
    if (value === null) {
      delete out[key];
    } else if (isTable(value)) {
      if (isTable(chartValue)) coalesceTables(value, chartValue, join(prefix, key), false, warn);
      else if (chartValue !== null) warn(`skipped value for ${join(prefix, key)}: not a table in the chart`);
    }
  }
  return out;
}

/**
 * Helm coalesceGlobals: a parent chart's `global` copied into a subchart's values before the
 * subchart is coalesced; the parent's keys win, its maps merge over the subchart's.
 */
export function coalesceGlobals(subchart: HelmMap, parent: HelmMap, warn: (message: string) => void = () => {}): void {
  const parentGlobal = getKey(parent, 'global') ?? {};
  const ownGlobal = getKey(subchart, 'global') ?? {};
  if (!isTable(ownGlobal)) {
    warn("global of the subchart is not a table: the parent chart's global values are not copied");
    return;
  }
  if (!isTable(parentGlobal)) {
    warn('global is not a table: its values are not copied to the subchart');
    return;
  }
  for (const key of sortedKeys(parentGlobal)) {
    const value = parentGlobal[key] as HelmValue;
    if (isTable(value)) {
      const copy = deepCopy(value) as HelmMap;
      const existing = getKey(ownGlobal, key);
      if (existing === undefined) {
        setKey(ownGlobal, key, copy);
      } else if (!isTable(existing)) {
        warn(`conflict: cannot merge map onto non-map for global.${key}; skipped`);
      } else {
        coalesceTables(copy, existing, `global.${key}`, true, warn);
        setKey(ownGlobal, key, copy);
      }
    } else if (isTable(getKey(ownGlobal, key))) {
      warn(`key global.${key} is a table in the subchart; the parent's value is skipped`);
    } else {
      setKey(ownGlobal, key, value);
    }
  }
  setKey(subchart, 'global', ownGlobal);
}
