import { Violations, field, index, MUST_NOT_BE_DEFINED } from './violations.ts';
import { affectsInbounds, includesGateways, validateMatch } from './target-ref.ts';
import { byRole, forEachItem, validateTop, type PolicyValidator } from './common.ts';
import { decimalOf, duration, list, obj, str, type Spec } from './values.ts';

/** MeshFaultInjection (`meshfaultinjection/api/v1alpha1/validator.go`). */
export const validateMeshFaultInjection: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
    gatewayTags: context.role === 'system',
    inbound: affectsInbounds(spec),
  });
  const from = list(spec['from']);
  const to = list(spec['to']);
  if (from.length > 0 && list(spec['rules']).length > 0) v.add('spec', "field 'from' must be empty when 'rules' is defined");
  list(spec['rules']).forEach((raw, i) => {
    const rule = obj(raw) ?? {};
    const path = index('spec.rules', i);
    list(rule['matches']).forEach((m, j) => v.addAt(index(field(path, 'matches'), j), validateMatch(obj(m))));
    validateConf(v, field(path, 'default'), obj(rule['default']) ?? {});
  });
  const gateways = includesGateways(spec);
  if (gateways && from.length > 0) {
    v.add(
      'spec.from',
      `${MUST_NOT_BE_DEFINED} when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to`,
    );
  } else {
    forEachItem(v, spec, 'from', { kinds: ['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService'] }, (item, path) =>
      validateConf(v, field(path, 'default'), obj(item['default']) ?? {}),
    );
  }
  if (!gateways && to.length > 0) v.add('spec.to', MUST_NOT_BE_DEFINED);
  else forEachItem(v, spec, 'to', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']) ?? {}));
  return v.list;
};

/** `ValidatePercentage(path, &p, allow0=true)` of a value-typed field (absent = 0). */
function percentage(v: Violations, path: string, value: unknown): void {
  const n = value === undefined || value === null ? 0 : decimalOf(value);
  if (n === undefined) v.add(path, 'string must be a valid number');
  else if (n < 0 || n > 100) v.add(path, 'must be in inclusive range [0.0, 100.0]');
}

function validateConf(v: Violations, path: string, conf: Spec): void {
  const http = field(path, 'http');
  list(conf['http']).forEach((raw, i) => {
    const fault = obj(raw) ?? {};
    const abort = obj(fault['abort']);
    if (abort !== undefined) {
      const p = index(field(http, 'abort'), i);
      const status = typeof abort['httpStatus'] === 'number' ? abort['httpStatus'] : 0;
      if (status < 100 || status >= 600) v.add(field(p, 'httpStatus'), 'must be in inclusive range [100, 599]');
      percentage(v, field(p, 'percentage'), abort['percentage']);
    }
    const delay = obj(fault['delay']);
    if (delay !== undefined) {
      const p = index(field(http, 'delay'), i);
      const d = duration(delay['value']);
      if (d !== undefined && d < 0) v.add(field(p, 'value'), 'must not be negative when defined');
      percentage(v, field(p, 'percentage'), delay['percentage']);
    }
    const bandwidth = obj(fault['responseBandwidth']);
    if (bandwidth !== undefined) {
      const p = index(field(http, 'responseBandwidth'), i);
      // A number here is read as its text, as the upstream decoder of these tables does.
      const limit = typeof bandwidth['limit'] === 'number' ? String(bandwidth['limit']) : str(bandwidth['limit']);
      if (limit === '') v.add(field(p, 'limit'), 'must be defined');
      else if (!/^(\d*)\s?([GMk]+bps)$/.test(limit)) v.add(field(p, 'limit'), 'must be in kbps/Mbps/Gbps units');
      percentage(v, field(p, 'percentage'), bandwidth['percentage']);
    }
  });
}
