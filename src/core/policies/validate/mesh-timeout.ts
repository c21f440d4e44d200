import { Violations, field, index, GREATER_THAN_ZERO, NOT_NEGATIVE, MUST_NOT_BE_DEFINED } from './violations.ts';
import { affectsInbounds } from './target-ref.ts';
import {
  AT_LEAST_ONE_OF_THREE,
  FROM_RULES_EXCLUSIVE,
  byRole,
  forEachItem,
  validateSourceMatches,
  validateTop,
  type PolicyValidator,
} from './common.ts';
import { duration, isSet, list, obj, topKindOf, type Spec } from './values.ts';

const ROUTE_MESSAGE = "can't be specified when top-level TargetRef is referencing MeshHTTPRoute";
const SOURCE_MESSAGE = "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";

/** MeshTimeout (`meshtimeout/api/v1alpha1/validator.go`). */
export const validateMeshTimeout: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'Dataplane', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute'],
      ['Mesh', 'Dataplane', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    ),
    gatewayTags: context.role === 'system',
    inbound: affectsInbounds(spec),
  });
  const to = list(spec['to']);
  const from = list(spec['from']);
  const rules = list(spec['rules']);
  if (rules.length > 0 && (to.length > 0 || from.length > 0)) v.add('spec', FROM_RULES_EXCLUSIVE);
  if (rules.length === 0 && to.length === 0 && from.length === 0) v.add('spec', AT_LEAST_ONE_OF_THREE);
  const top = topKindOf(spec);
  const routeOrGateway = top === 'MeshHTTPRoute' || top === 'MeshGateway';
  if (routeOrGateway) {
    if (from.length > 0) v.add('spec.from', MUST_NOT_BE_DEFINED);
  } else {
    forEachItem(v, spec, 'from', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']), top));
  }
  forEachItem(
    v,
    spec,
    'to',
    {
      kinds: routeOrGateway
        ? ['Mesh', 'MeshExternalService']
        : ['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute'],
    },
    (item, path) => validateConf(v, field(path, 'default'), obj(item['default']), top),
  );
  rules.forEach((raw, i) => {
    const rule = obj(raw) ?? {};
    const path = index('spec.rules', i);
    const conf = obj(rule['default']);
    if (validateSourceMatches(v, field(path, 'matches'), list(rule['matches']))) {
      const c = conf ?? {};
      const base = field(path, 'default');
      if (isSet(c['connectionTimeout'])) v.add(field(base, 'connectionTimeout'), SOURCE_MESSAGE);
      if (isSet(c['idleTimeout'])) v.add(field(base, 'idleTimeout'), SOURCE_MESSAGE);
      const http = obj(c['http']);
      if (http !== undefined) {
        for (const name of ['requestHeadersTimeout', 'maxStreamDuration', 'maxConnectionDuration'])
          if (isSet(http[name])) v.add(field(base, `http.${name}`), SOURCE_MESSAGE);
      }
    }
    validateConf(v, field(path, 'default'), conf, top);
  });
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec | undefined, top: string): void {
  const c = conf ?? {};
  const http = obj(c['http']);
  if (!isSet(c['connectionTimeout']) && !isSet(c['idleTimeout']) && http === undefined) {
    v.add(path, 'at least one timeout should be configured');
    return;
  }
  if (top === 'MeshHTTPRoute') {
    if (isSet(c['connectionTimeout'])) v.add(field(path, 'connectionTimeout'), ROUTE_MESSAGE);
    if (isSet(c['idleTimeout'])) v.add(field(path, 'idleTimeout'), ROUTE_MESSAGE);
    if (http !== undefined) {
      if (isSet(http['maxStreamDuration'])) v.add(field(path, 'http.maxStreamDuration'), ROUTE_MESSAGE);
      if (isSet(http['maxConnectionDuration'])) v.add(field(path, 'http.maxConnectionDuration'), ROUTE_MESSAGE);
    }
  }
  const connect = duration(c['connectionTimeout']);
  if (connect !== undefined && connect <= 0) v.add(field(path, 'connectionTimeout'), GREATER_THAN_ZERO);
  const idle = duration(c['idleTimeout']);
  if (idle !== undefined && idle < 0) v.add(field(path, 'idleTimeout'), NOT_NEGATIVE);
  if (http === undefined) return;
  const names = ['requestTimeout', 'streamIdleTimeout', 'maxStreamDuration', 'maxConnectionDuration'];
  if (names.every((name) => !isSet(http[name]))) v.add(field(path, 'http'), 'at least one timeout in this section should be configured');
  for (const name of [...names, 'requestHeadersTimeout']) {
    const d = duration(http[name]);
    if (d !== undefined && d < 0) v.add(field(path, `http.${name}`), NOT_NEGATIVE);
  }
}
