import { tagsMatch } from './target-ref.ts';
import type { DataplaneView } from './dataplane-view.ts';

/**
 * Legacy source/destination policies (TrafficPermission, Retry, ProxyTemplate, MeshGatewayRoute
 * ...) are not analysed, only listed; this is how kuma-cp's inspect API says which Dataplanes one
 * touches: any `selectors`, `sources` or `destinations` entry whose `match` matches some inbound's
 * tags (or the gateway's tags).
 */
export function legacySelects(spec: Readonly<Record<string, unknown>>, dp: DataplaneView): boolean {
  for (const field of ['selectors', 'sources', 'destinations']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const match = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)['match'] : undefined;
      const selector: Record<string, string> = {};
      if (match !== null && typeof match === 'object')
        for (const [k, v] of Object.entries(match as Record<string, unknown>)) if (typeof v === 'string') selector[k] = v;
      if (dp.inbounds.some((i) => tagsMatch(selector, i.tags))) return true;
      if (dp.gateway !== undefined && tagsMatch(selector, dp.gateway.tags)) return true;
    }
  }
  return false;
}
