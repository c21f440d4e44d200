/**
 * True when two JSON values are equal: key order of mappings ignored, and a key holding
 * `undefined` counts as absent (as JSON.stringify and the writer treat it).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length === Object.keys(rb).length) {
    // Fast path (no undefined on this side): same count and every value equal means equal.
    let clean = true;
    for (const key of keys) {
      const value = ra[key];
      if (value === undefined) {
        clean = false;
        break;
      }
      if (!deepEqual(value, rb[key])) return false;
    }
    if (clean) return true;
  }
  let count = 0;
  for (const key of Object.keys(ra)) {
    const value = ra[key];
    if (value === undefined) continue;
    count += 1;
    if (!deepEqual(value, rb[key])) return false;
  }
  for (const key of Object.keys(rb)) if (rb[key] !== undefined) count -= 1;
  return count === 0;
}

/** True when `object` has `key` with a value other than `undefined`. */
export function hasValue(object: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}
