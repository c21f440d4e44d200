/**
 * A deep copy of a JSON value in which every mapping and list is a new object, also where the
 * input used one object twice: a YAML alias (`readinessProbe: *probe`) parses to a shared
 * reference, and structuredClone would keep it shared, so changing one copy in place (the
 * injector rewrites probes in place) would change the other too.
 */
export function treeCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => treeCopy(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = treeCopy(item);
  return out as T;
}
