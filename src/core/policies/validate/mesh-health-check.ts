import { Violations, field, index } from './violations.ts';
import { durationAboveZero, forEachItem, percentageOrNil, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, type Spec } from './values.ts';
import { isFilePath } from './go-text.ts';

/** MeshHealthCheck (`meshhealthcheck/api/v1alpha1/validator.go`): no from/rules, an empty `to` passes. */
export const validateMeshHealthCheck: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    gatewayTags: true,
  });
  forEachItem(v, spec, 'to', { kinds: ['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService'] }, (item, path) =>
    validateConf(v, field(path, 'default'), obj(item['default']) ?? {}),
  );
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec): void {
  durationAboveZero(v, field(path, 'interval'), conf['interval']);
  durationAboveZero(v, field(path, 'timeout'), conf['timeout']);
  for (const name of ['unhealthyThreshold', 'healthyThreshold']) {
    const n = conf[name];
    if (typeof n === 'number' && n <= 0) v.add(field(path, name), 'must be greater than zero when defined');
  }
  durationAboveZero(v, field(path, 'initialJitter'), conf['initialJitter']);
  durationAboveZero(v, field(path, 'intervalJitter'), conf['intervalJitter']);
  const jitter = conf['intervalJitterPercent'];
  if (typeof jitter === 'number' && (jitter < 0 || jitter > 100))
    v.add(field(path, 'intervalJitterPercent'), 'must be in inclusive range [0, 100]');
  percentageOrNil(v, field(path, 'healthyPanicThreshold'), conf['healthyPanicThreshold']);
  durationAboveZero(v, field(path, 'noTrafficInterval'), conf['noTrafficInterval']);
  if (typeof conf['eventLogPath'] === 'string' && !isFilePath(conf['eventLogPath']))
    v.add(field(path, 'eventLogPath'), 'must be a valid path when defined');
  const http = obj(conf['http']);
  if (http !== undefined) {
    if (typeof http['path'] === 'string' && http['path'] === '') v.add(field(path, 'http.path'), 'must be defined');
    list(http['expectedStatuses']).forEach((status, i) => {
      if (typeof status === 'number' && (status < 100 || status >= 600))
        v.add(index(field(path, 'http.expectedStatuses'), i), 'must be in inclusive range [100, 599]');
    });
  }
  if (!isSet(conf['http']) && !isSet(conf['tcp']) && !isSet(conf['grpc'])) v.add(path, 'must have at least one defined: http, tcp, grpc');
}
