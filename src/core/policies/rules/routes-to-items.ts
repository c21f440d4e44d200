import type { PolicyView } from '../match/policy-view.ts';
import { isReferenced } from '../match/resource-meta.ts';
import { readTargetRef, type TargetRef } from '../match/target-ref.ts';

/** The tag kuma-cp gives a MeshHTTPRoute rule in legacy `to` rules: a hash of the rule's matches. */
const RULE_MATCHES_HASH_TAG = '__rule-matches-hash__';

/**
 * The JSON kuma-cp hashes for a route rule's `matches` (Go's encoding of its Match structs: field
 * order path{value,type}, method, queryParams[{type,name,value}], headers[{type,name,value}],
 * empty fields left out, `<`, `>`, `&` escaped). The hash itself (sha256, base64) is the host's.
 */
export function matchesJson(matches: unknown): string {
  const list = Array.isArray(matches) ? matches : [];
  const rec = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const out = list.map((raw) => {
    const m = rec(raw);
    const o: Record<string, unknown> = {};
    if (m['path'] !== undefined) o['path'] = { value: String(rec(m['path'])['value'] ?? ''), type: String(rec(m['path'])['type'] ?? '') };
    if (m['method'] !== undefined && m['method'] !== '') o['method'] = m['method'];
    if (Array.isArray(m['queryParams']))
      o['queryParams'] = m['queryParams'].map((q) => ({
        type: String(rec(q)['type'] ?? ''),
        name: String(rec(q)['name'] ?? ''),
        value: String(rec(q)['value'] ?? ''),
      }));
    if (Array.isArray(m['headers'])) {
      o['headers'] = m['headers'].map((h) => {
        const header: Record<string, unknown> = {};
        if (rec(h)['type'] !== undefined) header['type'] = rec(h)['type'];
        header['name'] = String(rec(h)['name'] ?? '');
        if (rec(h)['value'] !== undefined && rec(h)['value'] !== '') header['value'] = rec(h)['value'];
        return header;
      });
    }
    return o;
  });
  return JSON.stringify(out).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * A policy's `to` items for the legacy rules (`buildToListWithRoutes`): as written, or, when its
 * top-level targetRef names a MeshHTTPRoute, one item per (route rule, to item) whose ref is the
 * route rule as a tag subset (the route's destination and the rule's matches hash). Undefined when
 * the named route does not exist.
 */
export function legacyToItems(
  policy: PolicyView,
  routes: readonly PolicyView[],
  hash: (json: string) => string,
): { ref: TargetRef; index: number }[] | undefined {
  const to = Array.isArray(policy.spec['to']) ? (policy.spec['to'] as unknown[]) : [];
  const refOf = (item: unknown): TargetRef => readTargetRef((item as Record<string, unknown> | null)?.['targetRef']) ?? { kind: '' };
  if (policy.targetRef.kind !== 'MeshHTTPRoute') return to.map((item, index) => ({ ref: refOf(item), index }));
  let route: PolicyView | undefined;
  for (const r of routes) if (isReferenced(policy.meta, policy.targetRef.name ?? '', r.meta)) route = r;
  if (route === undefined) return undefined;
  const out: { ref: TargetRef; index: number }[] = [];
  for (const routeTo of Array.isArray(route.spec['to']) ? (route.spec['to'] as unknown[]) : []) {
    const destination = refOf(routeTo);
    const rules = (routeTo as Record<string, unknown> | null)?.['rules'];
    for (const rule of Array.isArray(rules) ? rules : []) {
      const tag = { [RULE_MATCHES_HASH_TAG]: hash(matchesJson((rule as Record<string, unknown> | null)?.['matches'])) };
      to.forEach((_, index) => {
        out.push({
          index,
          ref:
            destination.kind === 'Mesh' || destination.kind === 'MeshSubset'
              ? { kind: 'MeshSubset', tags: tag }
              : { kind: 'MeshServiceSubset', name: destination.name ?? '', tags: tag },
        });
      });
    }
  }
  return out;
}
