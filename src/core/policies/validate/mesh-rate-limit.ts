import { Violations, field, index, MUST_NOT_BE_DEFINED } from './violations.ts';
import { affectsInbounds, includesGateways } from './target-ref.ts';
import { FROM_RULES_EXCLUSIVE, byRole, forEachItem, validateSourceMatches, validateTop, type PolicyValidator } from './common.ts';
import { duration, goDurationText, isSet, list, obj, topKindOf, type Spec } from './values.ts';

const SOURCE_MESSAGE = "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";
const GATEWAY_FROM = `${MUST_NOT_BE_DEFINED} when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to`;

/** MeshRateLimit (`meshratelimit/api/v1alpha1/validator.go`). */
export const validateMeshRateLimit: PolicyValidator = (spec, context) => {
  const v = new Violations();
  const rules = list(spec['rules']);
  const from = list(spec['from']);
  const to = list(spec['to']);
  if (rules.length > 0 && (to.length > 0 || from.length > 0)) v.add('spec', FROM_RULES_EXCLUSIVE);
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
    gatewayTags: context.role === 'system',
    inbound: affectsInbounds(spec),
  });
  const gateways = includesGateways(spec);
  const route = topKindOf(spec) === 'MeshHTTPRoute';
  if ((gateways || route) && rules.length > 0) v.add('spec.rules', MUST_NOT_BE_DEFINED);
  else {
    rules.forEach((raw, i) => {
      const rule = obj(raw) ?? {};
      const path = index('spec.rules', i);
      const conf = obj(rule['default']) ?? {};
      if (validateSourceMatches(v, field(path, 'matches'), list(rule['matches'])) && isSet(obj(conf['local'])?.['tcp']))
        v.add(field(path, 'default.local.tcp'), SOURCE_MESSAGE);
      validateConf(v, field(path, 'default'), conf);
    });
  }
  if (gateways && from.length > 0) v.add('spec.from', GATEWAY_FROM);
  else if (route && from.length > 0) v.add('spec.from', `${MUST_NOT_BE_DEFINED} when spec.kind is MeshHTTPRoute`);
  else
    forEachItem(v, spec, 'from', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']) ?? {}));
  if (!gateways && to.length > 0) v.add('spec.to', MUST_NOT_BE_DEFINED);
  else forEachItem(v, spec, 'to', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']) ?? {}));
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec): void {
  const p = field(path, 'local');
  const local = obj(conf['local']);
  if (local === undefined) {
    v.add(p, 'must be defined');
    return;
  }
  const http = obj(local['http']);
  const tcp = obj(local['tcp']);
  if (http === undefined && tcp === undefined) v.add(p, 'must have at least one defined: tcp, http');
  if (http !== undefined) {
    const hp = field(p, 'http');
    if (!isSet(http['disabled']) && !isSet(http['requestRate']) && !isSet(http['onRateLimit']))
      v.add(hp, 'must have at least one defined: disabled, requestRate, onRateLimit');
    else {
      const rate = obj(http['requestRate']);
      if (rate !== undefined) validateRate(v, field(hp, 'requestRate'), rate);
      const onLimit = obj(http['onRateLimit']);
      const status = onLimit?.['status'];
      if (typeof status === 'number' && status <= 0) v.add(field(hp, 'onRateLimit.status'), 'must be greater than 0');
    }
  }
  if (tcp !== undefined) {
    const tp = field(p, 'tcp');
    if (!isSet(tcp['disabled']) && !isSet(tcp['connectionRate'])) v.add(tp, 'must have at least one defined: disabled, connectionRate');
    else {
      const rate = obj(tcp['connectionRate']);
      if (rate !== undefined) validateRate(v, field(tp, 'connectionRate'), rate);
    }
  }
}

const MIN_INTERVAL_NS = 50e6;

function validateRate(v: Violations, path: string, rate: Spec): void {
  const num = typeof rate['num'] === 'number' ? rate['num'] : 0;
  if (num <= 0) v.add(field(path, 'num'), 'must be greater than 0');
  const interval = duration(rate['interval']) ?? 0;
  if (interval <= MIN_INTERVAL_NS) v.add(field(path, 'interval'), `must be greater than: ${goDurationText(MIN_INTERVAL_NS)}`);
}
