import { Violations, field, index } from './violations.ts';
import { byRole, validateOtelTarget, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, str } from './values.ts';

/**
 * MeshMetric (`meshmetric/api/v1alpha1/validator.go`). Upstream's paths repeat a singular segment:
 * `default.backends.backend[0]`, `default.applications.application[0]`; kept as they are.
 */
export const validateMeshMetric: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'MeshGateway', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'Dataplane', 'MeshServiceSubset'],
    ),
    gatewayTags: context.role === 'system',
  });
  const conf = obj(spec['default']) ?? {};
  const profiles = obj(obj(conf['sidecar'])?.['profiles']);
  if (profiles !== undefined) {
    for (const name of ['exclude', 'include']) {
      if (!isSet(profiles[name])) continue;
      list(profiles[name]).forEach((raw, i) => {
        const selector = obj(raw) ?? {};
        const p = index(`spec.default.sidecar.profiles.${name}`, i);
        const type = str(selector['type']);
        if (type === 'Regex') {
          if (!isRe2(str(selector['match']))) v.add(field(p, 'match'), 'invalid regex');
        } else if (!['Prefix', 'Exact', 'Contains'].includes(type))
          v.add(field(p, 'type'), `unrecognized type '${type}' - 'Regex', 'Prefix', 'Exact' are supported`);
      });
    }
    list(profiles['appendProfiles']).forEach((raw, i) => {
      const name = str(obj(raw)?.['name']);
      if (!['All', 'None', 'Basic'].includes(name))
        v.add(
          field(index('spec.default.sidecar.profiles.appendProfiles', i), 'name'),
          `unrecognized profile name '${name}' - 'All', 'None', 'Basic' are supported`,
        );
    });
  }
  list(conf['applications']).forEach((raw, i) => {
    const port = obj(raw)?.['port'];
    if (typeof port !== 'number' || port === 0 || port > 65535)
      v.add(index('spec.default.applications.application', i), 'port must be a valid (1-65535)');
  });
  list(conf['backends']).forEach((raw, i) => {
    const backend = obj(raw) ?? {};
    const p = index('spec.default.backends.backend', i);
    const type = str(backend['type']);
    if (type === 'Prometheus') {
      const prometheus = obj(backend['prometheus']);
      if (prometheus === undefined) v.add(field(p, 'prometheus'), 'must be defined');
      else {
        const port = prometheus['port'];
        if (typeof port !== 'number' || port === 0 || port > 65535) v.add(field(p, 'port'), 'port must be a valid (1-65535)');
      }
    } else if (type === 'OpenTelemetry') {
      const otel = obj(backend['openTelemetry']);
      if (otel === undefined) v.add(field(p, 'openTelemetry'), 'must be defined');
      else {
        const op = field(p, 'openTelemetry');
        validateOtelTarget(v, op, otel, (endpoint) => {
          if (!isHostPort(endpoint)) v.add(field(op, 'endpoint'), 'must be in host:port format');
        });
      }
    } else v.add(p, 'unrecognized type');
  });
  return v.list;
};

/** Go's `net.SplitHostPort` succeeds. */
function isHostPort(endpoint: string): boolean {
  if (endpoint.startsWith('[')) return /^\[[^\]]*\]:[^:]*$/.test(endpoint);
  const colons = endpoint.split(':').length - 1;
  return colons === 1;
}

/** `regexp.Compile` (RE2) accepts the pattern: JavaScript's syntax minus what RE2 lacks. */
function isRe2(pattern: string): boolean {
  if (/\(\?<?[=!]|\\[1-9]/.test(pattern)) return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
