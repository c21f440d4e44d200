import type { Violation } from './violations.ts';
import type { PolicyValidator, ValidationContext } from './common.ts';
import type { Spec } from './values.ts';
import { validateMeshTrafficPermission } from './mesh-traffic-permission.ts';
import { validateMeshTimeout } from './mesh-timeout.ts';
import { validateMeshCircuitBreaker } from './mesh-circuit-breaker.ts';
import { validateMeshHealthCheck } from './mesh-health-check.ts';
import { validateMeshRetry } from './mesh-retry.ts';
import { validateMeshTCPRoute } from './mesh-tcp-route.ts';
import { validateMeshHTTPRoute } from './mesh-http-route.ts';
import { validateMeshFaultInjection } from './mesh-fault-injection.ts';
import { validateMeshRateLimit } from './mesh-rate-limit.ts';
import { validateMeshTLS } from './mesh-tls.ts';
import { validateMeshTrace } from './mesh-trace.ts';
import { validateMeshAccessLog } from './mesh-access-log.ts';
import { validateMeshLoadBalancingStrategy } from './mesh-load-balancing-strategy.ts';
import { validateMeshMetric } from './mesh-metric.ts';
import { validateMeshPassthrough } from './mesh-passthrough.ts';
import { validateMeshProxyPatch } from './mesh-proxy-patch.ts';
import { ownValue } from '../../json-record.ts';

/**
 * The Kuma validator of each of the 16 policy kinds (spec §7.2–7.3), proven by the 285 upstream
 * validator cases (test/conformance/policies-validators.test.ts).
 */
const VALIDATORS: Readonly<Record<string, PolicyValidator>> = {
  MeshAccessLog: validateMeshAccessLog,
  MeshCircuitBreaker: validateMeshCircuitBreaker,
  MeshFaultInjection: validateMeshFaultInjection,
  MeshHealthCheck: validateMeshHealthCheck,
  MeshHTTPRoute: validateMeshHTTPRoute,
  MeshLoadBalancingStrategy: validateMeshLoadBalancingStrategy,
  MeshMetric: validateMeshMetric,
  MeshPassthrough: validateMeshPassthrough,
  MeshProxyPatch: validateMeshProxyPatch,
  MeshRateLimit: validateMeshRateLimit,
  MeshRetry: validateMeshRetry,
  MeshTCPRoute: validateMeshTCPRoute,
  MeshTimeout: validateMeshTimeout,
  MeshTLS: validateMeshTLS,
  MeshTrace: validateMeshTrace,
  MeshTrafficPermission: validateMeshTrafficPermission,
};

/** The kinds whose Kuma validator is reproduced. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(VALIDATORS);

/** The violations Kuma's validator reports for `spec`, or undefined when it is not reproduced for `kind`. */
export function validatePolicySpec(kind: string, spec: Spec, context: ValidationContext): Violation[] | undefined {
  const validator = ownValue(VALIDATORS, kind);
  return validator === undefined ? undefined : validator(spec, context);
}
