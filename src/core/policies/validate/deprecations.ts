import { list, obj, str, type Spec } from './values.ts';

/**
 * `Deprecations()` of each policy kind (`<policy>/api/v1alpha1/deprecated.go`): the warnings the
 * validating webhook returns with an allowed request (`kubectl` prints them as `Warning:`).
 */
const FROM = "'from' field is deprecated, use 'rules' instead";
const OTEL = 'openTelemetry.endpoint is deprecated, use openTelemetry.backendRef with a MeshOpenTelemetryBackend resource instead';

/** `TopLevelTargetRefDeprecations`. */
function topLevel(spec: Spec): string[] {
  const ref = obj(spec['targetRef']);
  if (ref === undefined) return [];
  const kind = str(ref['kind']);
  if (kind === 'MeshService' || kind === 'MeshServiceSubset' || kind === 'MeshSubset')
    return [`${kind} value for 'targetRef.kind' is deprecated, use Dataplane with labels instead`];
  if (kind === 'MeshHTTPRoute') return ["MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"];
  return [];
}

const hasFrom = (spec: Spec): boolean => list(spec['from']).length > 0;
const confs = (spec: Spec, name: string): Spec[] => list(spec[name]).map((item) => obj(obj(item)?.['default']) ?? {});
const inlineOtel = (backends: unknown): boolean =>
  list(backends).some((b) => {
    const otel = obj(obj(b)?.['openTelemetry']);
    return otel !== undefined && str(otel['endpoint']) !== '' && obj(otel['backendRef']) === undefined;
  });

function meshRateLimit(spec: Spec): string[] {
  const out: string[] = [];
  const invalidStatus = (conf: Spec): boolean => {
    const status = obj(obj(obj(conf['local'])?.['http'])?.['onRateLimit'])?.['status'];
    return typeof status === 'number' && status < 400;
  };
  const statusMessage = (name: string, i: number): string =>
    `'spec.${name}[${i}].default.local.http.requestRate.status' must be 400 or higher. Please update your configuration.`;
  if (hasFrom(spec)) {
    out.push(FROM);
    confs(spec, 'from').forEach((conf, i) => invalidStatus(conf) && out.push(statusMessage('from', i)));
  }
  confs(spec, 'rules').forEach((conf, i) => invalidStatus(conf) && out.push(statusMessage('rules', i)));
  confs(spec, 'to').forEach((conf, i) => invalidStatus(conf) && out.push(statusMessage('to', i)));
  return out;
}

function meshLoadBalancingStrategy(spec: Spec): string[] {
  const out: string[] = [];
  confs(spec, 'to').forEach((conf, i) => {
    const balancer = obj(conf['loadBalancer']);
    const type = str(balancer?.['type']);
    const name = type === 'RingHash' ? 'ringHash' : type === 'Maglev' ? 'maglev' : undefined;
    if (balancer === undefined || name === undefined) return;
    const policies = obj(balancer[name])?.['hashPolicies'];
    if (policies === undefined || policies === null) return;
    out.push(
      `configuration 'spec.to[${i}].default.loadBalancer.${name}.hashPolicies' is deprecated, use 'spec.to[${i}].default.hashPolicies' instead`,
    );
    list(policies).forEach((p, j) => {
      if (str(obj(p)?.['type']) === 'SourceIP')
        out.push(
          `SourceIP type for 'spec.to[${i}].default.loadBalancer.${name}.hashPolicies[${j}].type' is deprecated, use Connection instead`,
        );
    });
  });
  return out;
}

const BY_KIND: Readonly<Record<string, (spec: Spec) => string[]>> = {
  MeshAccessLog: (spec) => [
    ...(hasFrom(spec) ? [FROM] : []),
    ...(['to', 'from', 'rules'].some((name) => confs(spec, name).some((conf) => inlineOtel(conf['backends']))) ? [OTEL] : []),
  ],
  MeshCircuitBreaker: (spec) => (hasFrom(spec) ? [FROM] : []),
  MeshFaultInjection: (spec) => (hasFrom(spec) ? ["'from' field is deprecated, use 'rules' with SPIFFE-based 'matches' instead"] : []),
  MeshHealthCheck: () => [],
  MeshHTTPRoute: () => [],
  MeshLoadBalancingStrategy: meshLoadBalancingStrategy,
  MeshMetric: (spec) => (inlineOtel(obj(spec['default'])?.['backends']) ? [OTEL] : []),
  MeshProxyPatch: () => [],
  MeshRateLimit: meshRateLimit,
  MeshRetry: () => [],
  MeshTCPRoute: () => [],
  MeshTimeout: (spec) => (hasFrom(spec) ? [FROM] : []),
  MeshTLS: (spec) => (hasFrom(spec) ? [FROM] : []),
  MeshTrace: (spec) => (inlineOtel(obj(spec['default'])?.['backends']) ? [OTEL] : []),
  MeshTrafficPermission: (spec) => [
    ...(hasFrom(spec) ? ["'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead"] : []),
    ...list(spec['from'])
      .filter((item) => str(obj(obj(item)?.['targetRef'])?.['kind']) === 'MeshService')
      .map(() => "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead"),
  ],
};

/** The deprecation warnings of a policy, in upstream order; [] for kinds without any (MeshPassthrough). */
export function policyDeprecations(kind: string, spec: Spec): string[] {
  const own = BY_KIND[kind];
  if (own === undefined) return [];
  const out = own(spec);
  if (kind === 'MeshHealthCheck') {
    // Upstream puts the top-level warning first here, then one per `to` item with the threshold.
    return [
      ...topLevel(spec),
      ...confs(spec, 'to')
        .filter((conf) => conf['healthyPanicThreshold'] !== undefined && conf['healthyPanicThreshold'] !== null)
        .map(
          () =>
            "healthyPanicThreshold for 'to[].default' is deprecated. The setting has been moved to MeshCircuitBreaker policy, please use MeshCircuitBreaker policy instead.",
        ),
    ];
  }
  return [...out, ...topLevel(spec)];
}
