import { Violations, field, index } from './violations.ts';
import { affectsInbounds } from './target-ref.ts';
import {
  AT_LEAST_ONE_OF_THREE,
  FROM_RULES_EXCLUSIVE,
  durationAboveZero,
  forEachItem,
  percentageOrNil,
  uintAboveZero,
  uintPercentage,
  validateTop,
  type PolicyValidator,
} from './common.ts';
import { decimalOf, isSet, list, obj, type Spec } from './values.ts';

/**
 * MeshCircuitBreaker (`meshcircuitbreaker/api/v1alpha1/validator.go`). Upstream reports errors of
 * `rules[i].default` under `spec.from[i].default` (its rules loop uses the path `from`); kept.
 */
export const validateMeshCircuitBreaker: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshGateway', 'MeshServiceSubset', 'Dataplane'],
    gatewayTags: true,
    inbound: affectsInbounds(spec),
  });
  const rules = list(spec['rules']);
  const to = list(spec['to']);
  const from = list(spec['from']);
  if (rules.length === 0 && to.length === 0 && from.length === 0) v.add('spec', AT_LEAST_ONE_OF_THREE);
  if (rules.length > 0 && (to.length > 0 || from.length > 0)) v.add('spec', FROM_RULES_EXCLUSIVE);
  rules.forEach((rule, i) => validateConf(v, field(index('spec.from', i), 'default'), obj(obj(rule)?.['default'])));
  forEachItem(v, spec, 'from', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default'])));
  forEachItem(v, spec, 'to', { kinds: ['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService'] }, (item, path) =>
    validateConf(v, field(path, 'default'), obj(item['default'])),
  );
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec | undefined): void {
  const limits = obj(conf?.['connectionLimits']);
  const outlier = obj(conf?.['outlierDetection']);
  if (limits === undefined && outlier === undefined) {
    v.add(path, "at least one of: 'connectionLimits' or 'outlierDetection' should be configured");
    return;
  }
  if (limits !== undefined) {
    for (const name of ['maxConnections', 'maxConnectionPools', 'maxPendingRequests', 'maxRetries', 'maxRequests'])
      uintAboveZero(v, field(path, `connectionLimits.${name}`), limits[name]);
  }
  if (outlier === undefined) return;
  const o = field(path, 'outlierDetection');
  durationAboveZero(v, field(o, 'interval'), outlier['interval']);
  durationAboveZero(v, field(o, 'baseEjectionTime'), outlier['baseEjectionTime']);
  uintPercentage(v, field(o, 'maxEjectionPercent'), outlier['maxEjectionPercent']);
  percentageOrNil(v, field(o, 'healthyPanicThreshold'), outlier['healthyPanicThreshold']);
  const detectors = obj(outlier['detectors']);
  const d = field(o, 'detectors');
  if (detectors === undefined) {
    v.add(d, 'must be defined');
    return;
  }
  const names = ['totalFailures', 'gatewayFailures', 'localOriginFailures', 'successRate', 'failurePercentage'];
  if (names.every((name) => !isSet(detectors[name]))) {
    v.add(d, `must have at least one defined: ${names.join(', ')}`);
    return;
  }
  for (const name of ['totalFailures', 'gatewayFailures', 'localOriginFailures']) {
    const detector = obj(detectors[name]);
    if (detector !== undefined) uintAboveZero(v, field(d, `${name}.consecutive`), detector['consecutive']);
  }
  const success = obj(detectors['successRate']);
  if (success !== undefined) {
    uintAboveZero(v, field(d, 'successRate.minimumHosts'), success['minimumHosts']);
    uintAboveZero(v, field(d, 'successRate.requestVolume'), success['requestVolume']);
    const factor = success['standardDeviationFactor'];
    if (isSet(factor)) {
      const n = decimalOf(factor);
      if (n === undefined) v.add(field(d, 'successRate.standardDeviationFactor'), 'invalid number');
      else if (n <= 0) v.add(field(d, 'successRate.standardDeviationFactor'), 'must be greater than 0');
    }
  }
  const failure = obj(detectors['failurePercentage']);
  if (failure !== undefined) {
    uintAboveZero(v, field(d, 'failurePercentage.minimumHosts'), failure['minimumHosts']);
    uintAboveZero(v, field(d, 'failurePercentage.requestVolume'), failure['requestVolume']);
    uintPercentage(v, field(d, 'failurePercentage.threshold'), failure['threshold']);
  }
}
