/**
 * The Kuma policy types of the releases kuma-inject reproduces (the 16 plugin policies registered in
 * `pkg/plugins/policies/zz_generated.modules.go` at v2.14.3; the same 16 at v2.13), what each spec
 * holds, and which targetRef kinds each position admits (spec `kuma-policies-2.14.md` §2.1, §2.2,
 * read from each `validator.go`). Also the kinds that are recognised but not analysed: legacy
 * source/destination policies, Kong Mesh (enterprise) policies Kuma's source does not define, and
 * the non-policy Kuma resources a bundle may hold.
 */

/** Every `kind` a targetRef may name (the CRD enum of `api/common/v1alpha1/targetref.go`). */
export type TargetRefKind =
  | 'Mesh'
  | 'MeshSubset'
  | 'MeshGateway'
  | 'MeshService'
  | 'MeshExternalService'
  | 'MeshMultiZoneService'
  | 'MeshServiceSubset'
  | 'MeshHTTPRoute'
  | 'Dataplane';

export const TARGET_REF_KINDS: readonly TargetRefKind[] = [
  'Mesh',
  'MeshSubset',
  'MeshGateway',
  'MeshService',
  'MeshExternalService',
  'MeshMultiZoneService',
  'MeshServiceSubset',
  'MeshHTTPRoute',
  'Dataplane',
];

/**
 * Rank of a top-level targetRef kind in `SortByTargetRef` (least specific first,
 * `api/common/v1alpha1/targetref.go`, `order`).
 */
export const TARGET_REF_KIND_RANK: Readonly<Record<TargetRefKind, number>> = {
  Mesh: 1,
  Dataplane: 2,
  MeshSubset: 3,
  MeshGateway: 4,
  MeshService: 5,
  MeshExternalService: 6,
  MeshMultiZoneService: 7,
  MeshServiceSubset: 8,
  MeshHTTPRoute: 9,
};

/** `kuma.io/policy-role` values; a missing label means `system`. */
export type PolicyRole = 'system' | 'producer' | 'consumer' | 'workload-owner';

/** The targetRef kinds one position admits, as the policy's validator checks them. */
interface AllowedKinds {
  /** Top-level targetRef of a `system` policy (system namespace, or no role label). */
  topSystem: readonly TargetRefKind[];
  /** Top-level targetRef of a producer / consumer / workload-owner policy. */
  topNonSystem: readonly TargetRefKind[];
  /** `to[].targetRef` when the top-level kind is neither MeshGateway nor MeshHTTPRoute. */
  to: readonly TargetRefKind[];
  /** `to[].targetRef` when the top-level kind is MeshGateway (and MeshHTTPRoute, where admitted). */
  toFromGateway: readonly TargetRefKind[];
  /** `from[].targetRef`. */
  from: readonly TargetRefKind[];
}

export interface PolicyKindInfo {
  kind: string;
  /** Resource plural (`kuma.io_<plural>.yaml`, `kubectl get <plural>`). */
  plural: string;
  /** KRI short name (`kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>`), spec §2.1. */
  short: string;
  /** The spec has `to[]`. */
  hasTo: boolean;
  /** The spec has `from[]`. */
  hasFrom: boolean;
  /** The spec has `rules[]` (inbound rules). */
  hasRules: boolean;
  /** Single-item policy: only a top-level targetRef and a `default` (no to/from/rules). */
  singleItem: boolean;
  /** Descriptor `IsFromAsRules`: its `from[]` items also become match-less inbound rules. */
  fromAsRules: boolean;
  /** Descriptor `Order`: the order xDS generators apply plugins (not a priority between policies). */
  order: number;
  allowed: AllowedKinds;
}

const ALL_TOP: readonly TargetRefKind[] = ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'];
const TOP_NO_GATEWAY: readonly TargetRefKind[] = ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'];
const TOP_WITH_ROUTE: readonly TargetRefKind[] = [
  'Mesh',
  'MeshSubset',
  'MeshGateway',
  'MeshService',
  'MeshServiceSubset',
  'MeshHTTPRoute',
  'Dataplane',
];
const TO_DESTINATIONS: readonly TargetRefKind[] = ['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService'];
const NONE: readonly TargetRefKind[] = [];

function kind(info: Omit<PolicyKindInfo, 'singleItem'>): PolicyKindInfo {
  return { ...info, singleItem: !info.hasTo && !info.hasFrom && !info.hasRules };
}

/** The 16 policy types, in the order of `zz_generated.modules.go`. */
export const POLICY_KINDS: readonly PolicyKindInfo[] = [
  kind({
    kind: 'MeshAccessLog',
    plural: 'meshaccesslogs',
    short: 'mal',
    hasTo: true,
    hasFrom: true,
    hasRules: true,
    fromAsRules: true,
    order: 600,
    allowed: {
      topSystem: ALL_TOP,
      topNonSystem: ALL_TOP,
      to: [...TO_DESTINATIONS, 'MeshHTTPRoute'],
      toFromGateway: ['Mesh'],
      from: ['Mesh'],
    },
  }),
  kind({
    kind: 'MeshCircuitBreaker',
    plural: 'meshcircuitbreakers',
    short: 'mcb',
    hasTo: true,
    hasFrom: true,
    hasRules: true,
    fromAsRules: true,
    order: 1300,
    allowed: { topSystem: ALL_TOP, topNonSystem: ALL_TOP, to: TO_DESTINATIONS, toFromGateway: TO_DESTINATIONS, from: ['Mesh'] },
  }),
  kind({
    kind: 'MeshFaultInjection',
    plural: 'meshfaultinjections',
    short: 'mfi',
    hasTo: true,
    hasFrom: true,
    hasRules: true,
    fromAsRules: false,
    order: 800,
    allowed: {
      topSystem: ALL_TOP,
      topNonSystem: TOP_NO_GATEWAY,
      to: ['Mesh'],
      toFromGateway: ['Mesh'],
      from: ['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService'],
    },
  }),
  kind({
    kind: 'MeshHealthCheck',
    plural: 'meshhealthchecks',
    short: 'mhc',
    hasTo: true,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 1200,
    allowed: { topSystem: ALL_TOP, topNonSystem: ALL_TOP, to: TO_DESTINATIONS, toFromGateway: TO_DESTINATIONS, from: NONE },
  }),
  kind({
    kind: 'MeshHTTPRoute',
    plural: 'meshhttproutes',
    short: 'mhttpr',
    hasTo: true,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 100,
    allowed: {
      topSystem: ALL_TOP,
      topNonSystem: TOP_NO_GATEWAY,
      to: ['MeshService', 'MeshExternalService', 'MeshMultiZoneService'],
      toFromGateway: ['Mesh'],
      from: NONE,
    },
  }),
  kind({
    kind: 'MeshLoadBalancingStrategy',
    plural: 'meshloadbalancingstrategies',
    short: 'mlbs',
    hasTo: true,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 400,
    allowed: {
      topSystem: ALL_TOP,
      topNonSystem: ALL_TOP,
      to: ['Mesh', 'MeshService', 'MeshMultiZoneService', 'MeshHTTPRoute'],
      toFromGateway: ['Mesh', 'MeshService', 'MeshMultiZoneService'],
      from: NONE,
    },
  }),
  kind({
    kind: 'MeshMetric',
    plural: 'meshmetrics',
    short: 'mm',
    hasTo: false,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 1500,
    allowed: { topSystem: ALL_TOP, topNonSystem: TOP_NO_GATEWAY, to: NONE, toFromGateway: NONE, from: NONE },
  }),
  kind({
    kind: 'MeshPassthrough',
    plural: 'meshpassthroughs',
    short: 'mp',
    hasTo: false,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 500,
    allowed: {
      topSystem: ['Mesh', 'MeshSubset', 'Dataplane'],
      topNonSystem: ['Mesh', 'MeshSubset', 'Dataplane'],
      to: NONE,
      toFromGateway: NONE,
      from: NONE,
    },
  }),
  kind({
    kind: 'MeshProxyPatch',
    plural: 'meshproxypatches',
    short: 'mpp',
    hasTo: false,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 9999,
    allowed: { topSystem: ALL_TOP, topNonSystem: TOP_NO_GATEWAY, to: NONE, toFromGateway: NONE, from: NONE },
  }),
  kind({
    kind: 'MeshRateLimit',
    plural: 'meshratelimits',
    short: 'mrl',
    hasTo: true,
    hasFrom: true,
    hasRules: true,
    fromAsRules: true,
    order: 900,
    allowed: { topSystem: TOP_WITH_ROUTE, topNonSystem: TOP_NO_GATEWAY, to: ['Mesh'], toFromGateway: ['Mesh'], from: ['Mesh'] },
  }),
  kind({
    kind: 'MeshRetry',
    plural: 'meshretries',
    short: 'mr',
    hasTo: true,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 1400,
    allowed: {
      topSystem: TOP_WITH_ROUTE,
      topNonSystem: TOP_NO_GATEWAY,
      to: [...TO_DESTINATIONS, 'MeshHTTPRoute'],
      toFromGateway: ['Mesh', 'MeshExternalService'],
      from: NONE,
    },
  }),
  kind({
    kind: 'MeshTCPRoute',
    plural: 'meshtcproutes',
    short: 'mtcpr',
    hasTo: true,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 200,
    allowed: {
      topSystem: ALL_TOP,
      topNonSystem: TOP_NO_GATEWAY,
      to: ['MeshService', 'MeshExternalService', 'MeshMultiZoneService'],
      toFromGateway: ['Mesh'],
      from: NONE,
    },
  }),
  kind({
    kind: 'MeshTimeout',
    plural: 'meshtimeouts',
    short: 'mt',
    hasTo: true,
    hasFrom: true,
    hasRules: true,
    fromAsRules: true,
    order: 1000,
    allowed: {
      topSystem: TOP_WITH_ROUTE,
      topNonSystem: TOP_NO_GATEWAY,
      to: [...TO_DESTINATIONS, 'MeshHTTPRoute'],
      toFromGateway: ['Mesh', 'MeshExternalService'],
      from: ['Mesh'],
    },
  }),
  kind({
    kind: 'MeshTLS',
    plural: 'meshtlses',
    short: 'mtls',
    hasTo: false,
    hasFrom: true,
    hasRules: true,
    fromAsRules: true,
    order: 300,
    allowed: {
      topSystem: ['Mesh', 'MeshSubset', 'Dataplane'],
      topNonSystem: ['Mesh', 'MeshSubset', 'Dataplane'],
      to: NONE,
      toFromGateway: NONE,
      from: ['Mesh'],
    },
  }),
  kind({
    kind: 'MeshTrace',
    plural: 'meshtraces',
    short: 'mtr',
    hasTo: false,
    hasFrom: false,
    hasRules: false,
    fromAsRules: false,
    order: 700,
    allowed: { topSystem: ALL_TOP, topNonSystem: TOP_NO_GATEWAY, to: NONE, toFromGateway: NONE, from: NONE },
  }),
  kind({
    kind: 'MeshTrafficPermission',
    plural: 'meshtrafficpermissions',
    short: 'mtp',
    hasTo: false,
    hasFrom: true,
    hasRules: true,
    fromAsRules: false,
    order: 1100,
    allowed: {
      topSystem: TOP_NO_GATEWAY,
      topNonSystem: TOP_NO_GATEWAY,
      to: NONE,
      toFromGateway: NONE,
      from: ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    },
  }),
];

const BY_KIND = new Map(POLICY_KINDS.map((info) => [info.kind, info]));

/** The policy type named `kind`, or undefined when it is not one of the 16. */
export function policyKind(kind: string): PolicyKindInfo | undefined {
  return BY_KIND.get(kind);
}

/**
 * Legacy source/destination policies (CRDs still shipped in 2.14, `kuma.io_<plural>.yaml`): out of
 * scope of the analysis, listed as legacy so they are never silently passed.
 */
export const LEGACY_POLICY_KINDS: readonly string[] = [
  'CircuitBreaker',
  'FaultInjection',
  'HealthCheck',
  'MeshGatewayRoute',
  'ProxyTemplate',
  'RateLimit',
  'Retry',
  'Timeout',
  'TrafficLog',
  'TrafficPermission',
  'TrafficRoute',
  'TrafficTrace',
  'VirtualOutbound',
];

/**
 * Kong Mesh policies that Kuma's source does not define (so neither their schema nor their
 * validator is known here): recognised by name, reported "not analyzed", passed through untouched.
 */
const ENTERPRISE_POLICY_KINDS: readonly string[] = ['MeshOPA', 'MeshGlobalRateLimit', 'OPAPolicy'];

/**
 * Kuma resources of group kuma.io that are not policies (CRDs of the 2.14 chart): no policy
 * analysis applies to them (Mesh, MeshService, ... are read by the matcher as context).
 */
const NON_POLICY_RESOURCE_KINDS: readonly string[] = [
  'ContainerPatch',
  'Dataplane',
  'DataplaneInsight',
  'ExternalService',
  'HostnameGenerator',
  'Mesh',
  'MeshExternalService',
  'MeshGateway',
  'MeshGatewayConfig',
  'MeshGatewayInstance',
  'MeshIdentity',
  'MeshInsight',
  'MeshMultiZoneService',
  'MeshOpenTelemetryBackend',
  'MeshService',
  'MeshTrust',
  'MeshZoneAddress',
  'ServiceInsight',
  'Workload',
  'Zone',
  'ZoneEgress',
  'ZoneEgressInsight',
  'ZoneIngress',
  'ZoneIngressInsight',
  'ZoneInsight',
];

/** How the analysis treats an object of group `kuma.io`. */
export type KumaKindClass = 'policy' | 'legacy-policy' | 'enterprise-policy' | 'resource' | 'unknown';

export function classifyKumaKind(kind: string): KumaKindClass {
  if (BY_KIND.has(kind)) return 'policy';
  if (LEGACY_POLICY_KINDS.includes(kind)) return 'legacy-policy';
  if (ENTERPRISE_POLICY_KINDS.includes(kind)) return 'enterprise-policy';
  if (NON_POLICY_RESOURCE_KINDS.includes(kind)) return 'resource';
  return 'unknown';
}
