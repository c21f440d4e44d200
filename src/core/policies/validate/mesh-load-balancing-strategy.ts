import { Violations, field, index } from './violations.ts';
import { validateTargetRef } from './target-ref.ts';
import { validateTop, type PolicyValidator } from './common.ts';
import { decimalOf, isSet, list, obj, str, topKindOf, type Spec } from './values.ts';

/** MeshLoadBalancingStrategy (`meshloadbalancingstrategy/api/v1alpha1/validator.go`). */
export const validateMeshLoadBalancingStrategy: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    gatewayTags: true,
  });
  const top = topKindOf(spec);
  list(spec['to']).forEach((raw, i) => {
    const to = obj(raw) ?? {};
    const path = index('spec.to', i);
    const ref = obj(to['targetRef']) ?? {};
    const conf = obj(to['default']) ?? {};
    let kinds: readonly ('Mesh' | 'MeshService' | 'MeshMultiZoneService' | 'MeshHTTPRoute')[];
    let kindsError: string | undefined;
    if (top === 'MeshGateway') {
      if (isSet(conf['loadBalancer'])) {
        kinds = ['Mesh'];
        kindsError = `value '${top}' is not supported, only Mesh is allowed if loadBalancer is set`;
      } else kinds = ['Mesh', 'MeshService', 'MeshMultiZoneService'];
    } else kinds = ['Mesh', 'MeshService', 'MeshMultiZoneService', 'MeshHTTPRoute'];
    v.addAt(field(path, 'targetRef'), validateTargetRef(ref, kindsError === undefined ? { kinds } : { kinds, kindsError }));
    if (str(ref['kind']) === 'MeshExternalService' && top !== 'Mesh') {
      v.add(
        field(path, 'targetRef.kind'),
        'kind MeshExternalService is only allowed with targetRef.kind: Mesh as it is configured on the Zone Egress and shared by all clients in the mesh',
      );
    }
    validateConf(v, field(path, 'default'), conf, ref);
  });
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec, ref: Spec): void {
  if (str(ref['kind']) === 'MeshHTTPRoute') {
    hashPolicies(v, field(path, 'hashPolicies'), conf['hashPolicies']);
    if (isSet(conf['loadBalancer']))
      v.add(field(path, 'loadBalancer'), 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported');
    if (isSet(conf['localityAwareness']))
      v.add(field(path, 'localityAwareness'), 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported');
    return;
  }
  const balancer = obj(conf['loadBalancer']);
  if (balancer !== undefined) loadBalancer(v, field(path, 'loadBalancer'), balancer);
  const locality = obj(conf['localityAwareness']);
  if (locality !== undefined) localityAwareness(v, field(path, 'localityAwareness'), locality, ref);
  hashPolicies(v, field(path, 'hashPolicies'), conf['hashPolicies']);
  if (isSet(conf['hashPolicies']) && balancer !== undefined) {
    if (isSet(obj(balancer['ringHash'])?.['hashPolicies']))
      v.add(field(path, 'loadBalancer.ringHash.hashPolicies'), 'hashPolicies already specified in the root level');
    if (isSet(obj(balancer['maglev'])?.['hashPolicies']))
      v.add(field(path, 'loadBalancer.maglev.hashPolicies'), 'hashPolicies already specified in the root level');
  }
}

function loadBalancer(v: Violations, path: string, conf: Spec): void {
  switch (str(conf['type'])) {
    case 'RingHash':
    case 'Maglev': {
      const name = str(conf['type']) === 'RingHash' ? 'ringHash' : 'maglev';
      const sub = obj(conf[name]);
      if (sub !== undefined) hashPolicies(v, field(path, `${name}.hashPolicies`), sub['hashPolicies']);
      return;
    }
    case 'LeastRequest': {
      const least = obj(conf['leastRequest']);
      const bias = least?.['activeRequestBias'];
      if (least === undefined || !isSet(bias)) return;
      const n = decimalOf(bias);
      if (n === undefined) v.add(field(path, 'leastRequest.activeRequestBias'), 'string must be a valid number');
      else if (n < 0) v.add(field(path, 'leastRequest.activeRequestBias'), 'must be greater or equal then: 0');
      return;
    }
    default:
      return;
  }
}

function localityAwareness(v: Violations, path: string, conf: Spec, ref: Spec): void {
  const local = obj(conf['localZone']);
  if (local !== undefined) {
    const tags = list(local['affinityTags']);
    let weighted = 0;
    tags.forEach((raw, i) => {
      const tag = obj(raw) ?? {};
      const p = index(field(path, 'localZone.affinityTags'), i);
      if (str(tag['key']) === '') v.add(field(p, 'key'), 'must not be empty');
      if (isSet(tag['weight'])) {
        if (typeof tag['weight'] === 'number' && tag['weight'] <= 0) v.add(field(p, 'weight'), 'must be greater than 0');
        weighted++;
      }
    });
    if (weighted > 0 && weighted !== tags.length)
      v.add(field(path, 'localZone.affinityTags'), 'all or none affinity tags should have weight');
  }
  const cross = obj(conf['crossZone']);
  if (cross === undefined) return;
  const cp = field(path, 'crossZone');
  const labels = obj(ref['labels']);
  if (str(ref['kind']) === 'MeshService' && (str(ref['sectionName']) !== '' || (labels !== undefined && Object.keys(labels).length > 0)))
    v.add(cp, 'must not be set: MeshService traffic is local');
  list(cross['failover']).forEach((raw, i) => {
    const failover = obj(raw) ?? {};
    const p = index(field(cp, 'failover'), i);
    const from = obj(failover['from']);
    if (from !== undefined) {
      const zones = list(from['zones']);
      if (zones.length === 0) v.add(field(p, 'from.zones'), 'must not be empty');
      zones.forEach((zone, j) => {
        if (zone === '') v.add(index(field(p, 'from.zones'), j), 'must not be empty');
      });
    }
    const to = obj(failover['to']) ?? {};
    const type = str(to['type']);
    const zones = list(to['zones']);
    if (type === 'Any' || type === 'None') {
      if (zones.length > 0) v.add(field(p, 'to.zones'), `must be empty when type is ${type}`);
    } else if (type === 'AnyExcept' || type === 'Only') {
      if (zones.length === 0) v.add(field(p, 'to.zones'), `must not be empty when type is ${type}`);
    } else v.add(field(p, 'to.type'), 'unrecognized type');
  });
  const threshold = obj(cross['failoverThreshold']);
  if (threshold !== undefined) {
    const p = field(cp, 'failoverThreshold.percentage');
    const n = isSet(threshold['percentage']) ? decimalOf(threshold['percentage']) : 0;
    if (n === undefined) v.add(p, 'string must be a valid number');
    else if (n < 0 || n > 100) v.add(p, 'must be in inclusive range [0.0, 100.0]');
    else if (n === 0) v.add(p, 'must be greater than 0');
  }
}

function hashPolicies(v: Violations, path: string, value: unknown): void {
  if (!isSet(value)) return;
  list(value).forEach((raw, i) => {
    const policy = obj(raw) ?? {};
    const p = index(path, i);
    switch (str(policy['type'])) {
      case 'Header':
        if (!isSet(policy['header'])) v.add(field(p, 'header'), 'must be defined');
        return;
      case 'Cookie': {
        const cookie = obj(policy['cookie']);
        if (cookie === undefined) v.add(field(p, 'cookie'), 'must be defined');
        else if (typeof cookie['path'] === 'string' && !cookie['path'].startsWith('/'))
          v.add(field(p, 'cookie.path'), 'must be an absolute path');
        return;
      }
      case 'QueryParameter':
        if (!isSet(policy['queryParameter'])) v.add(field(p, 'queryParameter'), 'must be defined');
        return;
      case 'FilterState':
        if (!isSet(policy['filterState'])) v.add(field(p, 'filterState'), 'must be defined');
        return;
      case 'Connection':
      case 'SourceIP':
        if (!isSet(policy['connection'])) v.add(field(p, 'connection'), 'must be defined');
        return;
      default:
        return;
    }
  });
}
