import { isLocalZoneResource, META_LABEL, originOf, type ResourceMeta } from './resource-meta.ts';
import { tagsMatch } from './target-ref.ts';
import type { DataplaneView, GatewayListenerView } from './dataplane-view.ts';
import { asRecord, stringEntries } from '../../json-record.ts';

/** One listener of a MeshGateway (`conf.listeners[]`). */
interface GatewayListener {
  readonly port: number;
  /** `hostname`, `*` when empty (every listener serves some host). */
  readonly hostname: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A MeshGateway as matching reads it. */
export interface GatewayView {
  readonly meta: ResourceMeta;
  /** `selectors[].match`; an empty list (or an empty match) selects every gateway Dataplane. */
  readonly selectors: readonly Readonly<Record<string, string>>[];
  readonly tags: Readonly<Record<string, string>>;
  readonly listeners: readonly GatewayListener[];
}

function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((v) => asRecord(v) ?? {}) : [];
}

/** Reads a MeshGateway spec (`selectors`, `tags`, `conf.listeners`; the same shape in REST and Kubernetes form). */
export function gatewayView(meta: ResourceMeta, spec: unknown): GatewayView {
  const raw = asRecord(spec) ?? {};
  const listeners = items(asRecord(raw['conf'])?.['listeners']).map((l): GatewayListener => {
    const port = typeof l['port'] === 'number' ? l['port'] : Number.parseInt(String(l['port'] ?? ''), 10) || 0;
    const hostname = typeof l['hostname'] === 'string' && l['hostname'] !== '' ? l['hostname'] : '*';
    return { port, hostname, tags: stringEntries(l['tags']) };
  });
  return { meta, selectors: items(raw['selectors']).map((s) => stringEntries(s['match'])), tags: stringEntries(raw['tags']), listeners };
}

/** Gateways a Dataplane may serve: created globally (or with no origin), or in the Dataplane's zone. */
function inZoneOf(dp: DataplaneView, gateways: readonly GatewayView[]): GatewayView[] {
  const zone = dp.meta.labels[META_LABEL.zone];
  return gateways.filter((gw) => {
    const origin = originOf(gw.meta.labels);
    if (origin === undefined || origin === 'global') return true;
    return zone === undefined || isLocalZoneResource(gw.meta.labels, zone);
  });
}

/** Whether a selector matches some inbound's tags or the gateway tags of the Dataplane. */
function dataplaneMatches(dp: DataplaneView, selector: Readonly<Record<string, string>>): boolean {
  return dp.inbounds.some((i) => tagsMatch(selector, i.tags)) || tagsMatch(selector, dp.gateway?.tags ?? {});
}

/** Exact-value and wildcard counts of a selector: more tags win, then more exact ones. */
function rank(selector: Readonly<Record<string, string>>): [number, number] {
  const values = Object.values(selector);
  return [values.length, values.filter((v) => v !== '*').length];
}

function compareRank(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/**
 * kuma-cp's choice of the MeshGateway a built-in gateway Dataplane serves: among the gateways of its
 * zone, sorted by name, the one whose matching selector has the highest rank; a gateway without
 * selectors (or with an empty one) matches with rank zero. On a tie the first by name stays (the
 * creation times kuma-cp compares next are not known offline).
 */
export function selectGateway(dp: DataplaneView, gateways: readonly GatewayView[]): GatewayView | undefined {
  const candidates = inZoneOf(dp, gateways).sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  let best: GatewayView | undefined;
  let bestRank: [number, number] = [0, 0];
  for (const gw of candidates) {
    const selectors = gw.selectors.length === 0 ? [{}] : gw.selectors;
    for (const selector of selectors) {
      if (Object.keys(selector).length === 0) {
        if (best === undefined) best = gw;
        continue;
      }
      if (!dataplaneMatches(dp, selector)) continue;
      const r = rank(selector);
      if (compareRank(r, bestRank) > 0) {
        best = gw;
        bestRank = r;
      }
    }
  }
  return best;
}

/**
 * The Dataplane with the MeshGateway it serves attached, when it is a built-in gateway and some
 * gateway of `gateways` (the mesh's) selects it; otherwise the Dataplane unchanged.
 */
export function withBuiltinGateway(dp: DataplaneView, gateways: readonly GatewayView[]): DataplaneView {
  const own = dp.gateway;
  if (own?.builtin !== true) return dp;
  const gw = selectGateway(dp, gateways);
  if (gw === undefined) return dp;
  const listeners = gw.listeners.map((l): GatewayListenerView => ({
    key: `${dp.address}:${l.port}`,
    port: l.port,
    hostnameKey: `${dp.address}:${l.port}:${l.hostname}`,
    tags: { ...own.tags, ...gw.tags, ...l.tags },
  }));
  return { ...dp, builtinGateway: { meta: gw.meta, listeners } };
}
