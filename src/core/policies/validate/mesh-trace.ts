import { Violations, field, index } from './violations.ts';
import { byRole, validateOtelTarget, validateTop, type PolicyValidator } from './common.ts';
import { decimalOf, isSet, list, obj, str, type Spec } from './values.ts';
import { isUrl, parseRequestUri } from './go-text.ts';

/** MeshTrace (`meshtrace/api/v1alpha1/validator.go`). */
export const validateMeshTrace: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
  });
  const conf = obj(spec['default']) ?? {};
  const backendsPath = 'spec.default.backends';
  if (!isSet(conf['backends'])) v.add(backendsPath, 'must be defined');
  const backends = list(conf['backends']);
  if (backends.length === 1) validateBackend(v, index(backendsPath, 0), obj(backends[0]) ?? {});
  else if (backends.length > 1) v.add(backendsPath, 'must have zero or one backend defined');
  list(conf['tags']).forEach((raw, i) => {
    const tag = obj(raw) ?? {};
    const path = index('spec.default.tags', i);
    if (str(tag['name']) === '') v.add(field(path, 'name'), 'must not be empty');
    if (isSet(tag['header']) === isSet(tag['literal'])) v.add(path, 'tag must have only one type defined: header, literal');
  });
  const sampling = obj(conf['sampling']);
  if (sampling !== undefined) {
    for (const name of ['client', 'random', 'overall']) {
      if (!isSet(sampling[name])) continue;
      const path = `spec.default.sampling.${name}`;
      const n = decimalOf(sampling[name]);
      if (n === undefined) v.add(path, 'string is not a number');
      else if (n < 0 || n > 100) v.add(path, 'must be between 0 and 100');
    }
  }
  return v.list;
};

function validateBackend(v: Violations, path: string, backend: Spec): void {
  switch (str(backend['type'])) {
    case 'Datadog': {
      const p = field(path, 'datadog');
      const datadog = obj(backend['datadog']);
      if (datadog === undefined) {
        v.add(p, 'must be defined');
        return;
      }
      const urlPath = field(p, 'url');
      const url = parseRequestUri(str(datadog['url']));
      if (url === undefined) {
        v.add(urlPath, 'must be a valid url');
        return;
      }
      if (url.scheme !== 'http') v.add(urlPath, 'scheme must be http');
      if (url.port === '') v.add(urlPath, 'port must be defined');
      else if (Number(url.port) === 0 || Number(url.port) > 65535) v.add(urlPath, 'port must be a valid (1-65535)');
      // Upstream iterates a Go map here, so several of these come in no fixed order.
      if (url.opaque !== '') v.add(urlPath, 'opaque must not be defined');
      if (url.user) v.add(urlPath, 'user must not be defined');
      if (url.path !== '') v.add(urlPath, 'path must not be defined');
      if (url.query !== '') v.add(urlPath, 'query must not be defined');
      return;
    }
    case 'Zipkin': {
      const p = field(path, 'zipkin');
      const zipkin = obj(backend['zipkin']);
      if (zipkin === undefined) {
        v.add(p, 'must be defined');
        return;
      }
      const url = str(zipkin['url']);
      if (url === '') v.add(field(p, 'url'), 'must not be empty');
      else if (!isUrl(url)) v.add(field(p, 'url'), 'must be a valid url');
      return;
    }
    case 'OpenTelemetry': {
      const p = field(path, 'openTelemetry');
      const otel = obj(backend['openTelemetry']);
      if (otel === undefined) {
        v.add(p, 'must be defined');
        return;
      }
      validateOtelTarget(v, p, otel);
      return;
    }
    default:
      // Upstream panics on an unknown type; the CRD enum rejects it before the validator runs.
      return;
  }
}
