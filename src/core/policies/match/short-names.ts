/**
 * KRI short names of the types matching names (kuma-cp's resource descriptors, v2.14.3).
 * Types without a short name are not addressable by KRI.
 */
const SHORT_NAMES: Record<string, string> = {
  Dataplane: 'dp',
  Mesh: 'm',
  MeshService: 'msvc',
  MeshExternalService: 'extsvc',
  MeshMultiZoneService: 'mzsvc',
  MeshGateway: 'mgw',
  MeshAccessLog: 'mal',
  MeshCircuitBreaker: 'mcb',
  MeshFaultInjection: 'mfi',
  MeshHealthCheck: 'mhc',
  MeshHTTPRoute: 'mhttpr',
  MeshLoadBalancingStrategy: 'mlbs',
  MeshMetric: 'mm',
  MeshPassthrough: 'mp',
  MeshProxyPatch: 'mpp',
  MeshRateLimit: 'mrl',
  MeshRetry: 'mr',
  MeshTCPRoute: 'mtcpr',
  MeshTimeout: 'mt',
  MeshTLS: 'mtls',
  MeshTrace: 'mtr',
  MeshTrafficPermission: 'mtp',
};

export function shortNameOf(type: string): string | undefined {
  return SHORT_NAMES[type];
}
