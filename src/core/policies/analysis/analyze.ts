import type { KubeObject } from '../../types.ts';
import { roleOf } from '../match/resource-meta.ts';
import type { TargetRef } from '../match/target-ref.ts';
import { readTargetRef } from '../match/target-ref.ts';
import { indexPolicies } from '../match/policy-index.ts';
import type { PolicyView } from '../match/policy-view.ts';
import type { PreviewedDataplane } from './preview-dataplane.ts';
import type { DestinationIndex, ToResolution } from './destinations.ts';
import { inboundRules } from '../rules/inbound-order.ts';
import { sortToEntries } from '../rules/to-order.ts';
import { resourceRules } from '../rules/resource-rules.ts';

/** A policy of the bundle as the analysis matches it: its stored meta (labels admission computes). */
export interface AnalysedPolicy {
  readonly object: KubeObject;
  readonly view: PolicyView;
  /** `namespace/name` (or the name of a namespace-less one). */
  readonly title: string;
}

/** One line of what applies to a workload, in the control plane's order. */
export interface WorkloadEntry {
  /** Policy kind. */
  readonly type: string;
  readonly policy: string;
  /** proxy: the whole proxy (DataplanePolicies); inbound: one inbound; outbound: one destination. */
  readonly scope: 'proxy' | 'inbound' | 'outbound';
  /** Inbound section name, or the destination (`MeshService ns/name[:port]`, `every destination`, `kuma.io/service x`). */
  readonly on?: string;
  /** The item of the policy (`rules[0]`, `from[1]`, `to[0]`). */
  readonly item?: string;
  /** Why it applies (which targetRef matched). */
  readonly why: string;
}

interface WorkloadReport {
  readonly workload: string;
  readonly dataplane: string;
  readonly mesh: string;
  readonly entries: readonly WorkloadEntry[];
}

interface ToReport {
  readonly item: string;
  readonly ref: TargetRef;
  readonly resolution: ToResolution | { kind: 'legacy'; service: string; known: boolean };
}

export interface PolicyReport {
  readonly policy: AnalysedPolicy;
  readonly role: string;
  /** Workloads whose Dataplane the top-level targetRef selects, with the selected inbound sections (computed on access). */
  readonly selects: readonly { workload: string; sections: readonly string[] }[];
  /** How many workloads it selects (without building `selects`). */
  readonly selectCount: number;
  readonly to: readonly ToReport[];
  /** Unresolvable top-level refs (a MeshHTTPRoute that does not exist). */
  readonly errors: readonly string[];
}

export interface AnalysisInput {
  readonly policies: readonly AnalysedPolicy[];
  readonly dataplanes: readonly PreviewedDataplane[];
  readonly destinations: DestinationIndex;
  /** `spec.meshServices.mode` of a mesh ('' unset = Disabled). */
  meshServicesMode(mesh: string): string;
  /** Policy kinds whose `from[]` items are also inbound rules (descriptor IsFromAsRules). */
  fromAsRules(type: string): boolean;
  /** The release has inbound `rules[].matches` (release capability `policies.ruleMatches`); default true. */
  readonly ruleMatches?: boolean;
}

export interface Analysis {
  readonly workloads: readonly WorkloadReport[];
  readonly policies: readonly PolicyReport[];
  /** Comparisons the matcher made (the cost). */
  readonly examined: number;
}

/** `kind: Dataplane labels {app: web} sectionName http` — the ref as a reviewer reads it. */
export function describeRef(ref: TargetRef): string {
  const parts = [ref.kind];
  if (ref.name !== undefined && ref.name !== '')
    parts.push(ref.namespace !== undefined && ref.namespace !== '' ? `${ref.namespace}/${ref.name}` : ref.name);
  else if (ref.namespace !== undefined && ref.namespace !== '') parts.push(`namespace ${ref.namespace}`);
  const map = (m: Readonly<Record<string, string>>): string =>
    `{${Object.entries(m)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}}`;
  if (ref.labels !== undefined) parts.push(`labels ${map(ref.labels)}`);
  if (ref.tags !== undefined && Object.keys(ref.tags).length > 0) parts.push(`tags ${map(ref.tags)}`);
  if (ref.proxyTypes !== undefined) parts.push(`proxyTypes [${ref.proxyTypes.join(', ')}]`);
  if (ref.sectionName !== undefined && ref.sectionName !== '') parts.push(`sectionName ${ref.sectionName}`);
  return parts.join(' ');
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MeshTrafficPermission rules carry their callers in `default.allow/deny/allowWithShadowDeny`. */
function permissionSummary(policy: PolicyView, item: string): string {
  const index = /^rules\[(\d+)\]/.exec(item);
  if (policy.meta.type !== 'MeshTrafficPermission' || index === null) return '';
  const rule = list(policy.spec['rules'])[Number(index[1])] as Record<string, unknown> | undefined;
  const conf = (rule?.['default'] ?? {}) as Record<string, unknown>;
  const parts = ['allow', 'deny', 'allowWithShadowDeny'].flatMap((key) => {
    const matches = list(conf[key]).map((m) => {
      const match = (m ?? {}) as Record<string, { type?: string; value?: string } | undefined>;
      return [
        match['spiffeID'] ? `spiffeID ${match['spiffeID'].type ?? ''} ${match['spiffeID'].value ?? ''}` : '',
        match['sni'] ? `sni ${match['sni'].value ?? ''}` : '',
      ]
        .filter((x) => x !== '')
        .join(' ');
    });
    return matches.length === 0 ? [] : [`${key} ${matches.join('; ')}`];
  });
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

/**
 * Which policies apply to each previewed workload, per proxy, inbound and destination, in kuma-cp's
 * order, and which workloads each policy selects. Pure; reads the previews and the policies only.
 */
export function analyze(input: AnalysisInput): Analysis {
  const routes = input.policies.filter((p) => p.view.meta.type === 'MeshHTTPRoute').map((p) => p.view);
  const index = indexPolicies(
    input.policies.map((p) => p.view),
    routes,
  );
  const byView = new Map(input.policies.map((p) => [p.view, p]));
  const types = [...new Set(input.policies.map((p) => p.view.meta.type))].sort(byteCompare);
  const errors = new Map<PolicyView, Set<string>>();
  const legacyServices = new Map<string, Set<string>>();
  for (const dp of input.dataplanes) {
    const set = legacyServices.get(dp.view.meta.mesh) ?? new Set<string>();
    for (const inbound of dp.view.inbounds) if (inbound.tags['kuma.io/service'] !== undefined) set.add(inbound.tags['kuma.io/service']);
    legacyServices.set(dp.view.meta.mesh, set);
  }
  const toReports = new Map<PolicyView, ToReport[]>();
  const resolveTo = (policy: PolicyView): ToReport[] => {
    const cached = toReports.get(policy);
    if (cached !== undefined) return cached;
    const mode = input.meshServicesMode(policy.meta.mesh);
    const reports = list(policy.spec['to']).map((raw, i): ToReport => {
      const ref = readTargetRef((raw as Record<string, unknown> | null)?.['targetRef']) ?? { kind: '' };
      const resolution = input.destinations.resolve(policy.meta, ref);
      // Mode Disabled: no MeshService exists; a MeshService name is a legacy kuma.io/service value.
      if ((mode === '' || mode === 'Disabled') && ref.kind === 'MeshService' && resolution.kind !== 'resolved') {
        const service = ref.name ?? '';
        return {
          item: `to[${i}]`,
          ref,
          resolution: { kind: 'legacy', service, known: legacyServices.get(policy.meta.mesh)?.has(service) === true },
        };
      }
      return { item: `to[${i}]`, ref, resolution };
    });
    toReports.set(policy, reports);
    return reports;
  };

  const policyIds = new Map(input.policies.map((p, i) => [p.view, i]));
  // Dataplanes matched by the same policies have the same outbound rules: computed once.
  const outboundCache = new Map<string, WorkloadEntry[]>();
  const outboundEntries = (type: string, policies: readonly PolicyView[]): WorkloadEntry[] => {
    const title = (p: PolicyView): string => byView.get(p)?.title ?? '';
    const toEntries = policies.flatMap((policy) =>
      resolveTo(policy).map((report, index) => ({ policy, index, ref: report.ref, data: report })),
    );
    const out: WorkloadEntry[] = [];
    for (const rule of resourceRules(toEntries, input.destinations, () => true).values()) {
      const on =
        rule.id.type === 'Mesh'
          ? `every destination of mesh ${rule.id.name}`
          : `${rule.id.type} ${rule.id.namespace === '' ? '' : `${rule.id.namespace}/`}${rule.id.name}${rule.id.sectionName === '' ? '' : ` port ${rule.id.sectionName}`}`;
      for (const e of rule.entries)
        out.push({
          type,
          policy: title(e.policy),
          scope: 'outbound',
          on,
          item: e.data.item,
          why: `to ${describeRef(e.ref)}${rule.id.type === 'Mesh' ? ' (applies if the proxy has the outbound)' : ''}`,
        });
    }
    // Mesh services mode Disabled: MeshService names are kuma.io/service values (legacy rules).
    for (const e of sortToEntries(toEntries)) {
      const r = e.data.resolution;
      if (r.kind === 'legacy' && r.known)
        out.push({
          type,
          policy: title(e.policy),
          scope: 'outbound',
          on: `kuma.io/service ${r.service}`,
          item: e.data.item,
          why: `to ${describeRef(e.ref)} (legacy service name)`,
        });
    }
    return out;
  };
  // Entries are shared between Dataplanes that get the same ones (a mesh-wide policy lists the same
  // line on every proxy), so memory grows with distinct lines, not with Dataplanes x policies.
  const proxyEntries = new Map<PolicyView, WorkloadEntry>();
  const inboundCache = new Map<string, WorkloadEntry[]>();
  const selected = new Map<PolicyView, number[]>();
  const titleOf = (p: PolicyView): string => byView.get(p)?.title ?? '';
  const inboundEntries = (type: string, here: readonly PolicyView[], section: string): WorkloadEntry[] => {
    const key = `${type}\u0000${section}\u0000${here.map((p) => policyIds.get(p)).join(',')}`;
    const cached = inboundCache.get(key);
    if (cached !== undefined) return cached;
    const out: WorkloadEntry[] = [];
    // rules[] (and from[] of kinds that turn it into rules), then legacy from[].
    for (const rule of inboundRules(here, input.fromAsRules, input.ruleMatches ?? true)) {
      const callers =
        rule.match === undefined
          ? 'every caller'
          : [
              rule.match.spiffeID ? `spiffeID ${rule.match.spiffeID.type} ${rule.match.spiffeID.value}` : '',
              rule.match.sni ? `sni ${rule.match.sni.value}` : '',
            ]
              .filter((s) => s !== '')
              .join(', ');
      out.push({
        type,
        policy: titleOf(rule.policy),
        scope: 'inbound',
        on: section,
        item: rule.item,
        why: `${callers}${permissionSummary(rule.policy, rule.item)}`,
      });
    }
    for (const policy of here) {
      if (list(policy.spec['rules']).length > 0 || input.fromAsRules(type)) continue;
      list(policy.spec['from']).forEach((raw, i) => {
        const ref = readTargetRef((raw as Record<string, unknown> | null)?.['targetRef']) ?? { kind: '' };
        out.push({ type, policy: titleOf(policy), scope: 'inbound', on: section, item: `from[${i}]`, why: `callers: ${describeRef(ref)}` });
      });
    }
    inboundCache.set(key, out);
    return out;
  };
  const workloads: WorkloadReport[] = [];
  input.dataplanes.forEach((dp, dpIndex) => {
    const entries: WorkloadEntry[] = [];
    for (const type of types) {
      const match = index.match(type, dp.view);
      for (const w of match.warnings) errors.set(w.policy, (errors.get(w.policy) ?? new Set()).add(w.message));
      if (match.policies.length === 0) continue;
      for (const m of match.policies) {
        const found = selected.get(m.policy) ?? [];
        found.push(dpIndex);
        selected.set(m.policy, found);
        let entry = proxyEntries.get(m.policy);
        if (entry === undefined) {
          entry = {
            type,
            policy: titleOf(m.policy),
            scope: 'proxy',
            why: m.policy.targetRefWritten ? `targetRef ${describeRef(m.policy.targetRef)}` : 'targetRef omitted: Mesh, every proxy',
          };
          proxyEntries.set(m.policy, entry);
        }
        entries.push(entry);
      }
      for (const inbound of dp.view.inbounds) {
        const here = match.policies.filter((m) => m.selection.inbounds.includes(inbound.key)).map((m) => m.policy);
        if (here.length > 0) entries.push(...inboundEntries(type, here, inbound.sectionName));
      }
      // Per destination (object and port): the to-entries that configure it, in merge order (spec §3.5, §5.2).
      const matchedWithTo = match.policies
        .filter((m) => m.policy.targetRef.kind !== 'MeshHTTPRoute' && list(m.policy.spec['to']).length > 0)
        .map((m) => m.policy);
      if (matchedWithTo.length === 0) continue;
      const cacheKey = `${type}\u0000${matchedWithTo.map((p) => policyIds.get(p)).join(',')}`;
      let outbound = outboundCache.get(cacheKey);
      if (outbound === undefined) {
        outbound = outboundEntries(type, matchedWithTo);
        outboundCache.set(cacheKey, outbound);
      }
      entries.push(...outbound);
    }
    workloads.push({ workload: dp.workload, dataplane: String(dp.preview.metadata.name ?? ''), mesh: dp.view.meta.mesh, entries });
  });
  // Which workloads (and inbound sections) each policy selects: built when asked, from the indexes.
  const selectsOf = (policy: PolicyView): { workload: string; sections: readonly string[] }[] =>
    (selected.get(policy) ?? []).map((i) => {
      const dp = input.dataplanes[i] as PreviewedDataplane;
      const selection = index.selectionOf(policy, dp.view);
      return {
        workload: dp.workload,
        sections: dp.view.inbounds.filter((inbound) => selection.inbounds.includes(inbound.key)).map((inbound) => inbound.sectionName),
      };
    });
  const policies = input.policies.map((policy): PolicyReport => ({
    policy,
    role: roleOf(policy.view.meta),
    selectCount: selected.get(policy.view)?.length ?? 0,
    get selects() {
      return selectsOf(policy.view);
    },
    to: resolveTo(policy.view),
    errors: [...(errors.get(policy.view) ?? [])],
  }));
  return { workloads, policies, examined: index.examined };
}
