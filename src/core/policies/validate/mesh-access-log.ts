import { Violations, field, index } from './violations.ts';
import { affectsInbounds, validateMatch } from './target-ref.ts';
import {
  AT_LEAST_ONE_OF_THREE,
  FROM_RULES_EXCLUSIVE,
  forEachItem,
  validateOtelTarget,
  validateTop,
  type PolicyValidator,
} from './common.ts';
import { isSet, list, obj, str, topKindOf, type Spec } from './values.ts';
import { isFilePath, isUrl } from './go-text.ts';

/** MeshAccessLog (`meshaccesslog/api/v1alpha1/validator.go`). */
export const validateMeshAccessLog: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    gatewayTags: true,
    inbound: affectsInbounds(spec),
  });
  const rules = list(spec['rules']);
  const to = list(spec['to']);
  const from = list(spec['from']);
  if (rules.length > 0 && (to.length > 0 || from.length > 0)) v.add('spec', FROM_RULES_EXCLUSIVE);
  if (rules.length === 0 && to.length === 0 && from.length === 0) v.add('spec', AT_LEAST_ONE_OF_THREE);
  const kinds =
    topKindOf(spec) === 'MeshGateway'
      ? (['Mesh'] as const)
      : (['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute'] as const);
  forEachItem(v, spec, 'to', { kinds }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']) ?? {}));
  forEachItem(v, spec, 'from', { kinds: ['Mesh'] }, (item, path) => validateConf(v, field(path, 'default'), obj(item['default']) ?? {}));
  rules.forEach((raw, i) => {
    const rule = obj(raw) ?? {};
    const path = index('spec.rules', i);
    list(rule['matches']).forEach((m, j) => v.addAt(index(field(path, 'matches'), j), validateMatch(obj(m))));
    validateConf(v, field(path, 'default'), obj(rule['default']) ?? {});
  });
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec): void {
  if (!isSet(conf['backends'])) {
    v.add(field(path, 'backends'), 'must be defined');
    return;
  }
  list(conf['backends']).forEach((raw, i) => validateBackend(v, index(field(path, 'backends'), i), obj(raw) ?? {}));
}

function validateBackend(v: Violations, path: string, backend: Spec): void {
  switch (str(backend['type'])) {
    case 'File': {
      const p = field(path, 'file');
      const file = obj(backend['file']);
      if (file === undefined) {
        v.add(p, 'must be defined');
        return;
      }
      const format = obj(file['format']);
      if (format !== undefined) validateFormat(v, field(p, 'format'), format);
      if (!isFilePath(str(file['path']))) v.add(field(p, 'path'), 'file backend requires a valid path');
      return;
    }
    case 'Tcp': {
      const p = field(path, 'tcp');
      const tcp = obj(backend['tcp']);
      if (tcp === undefined) {
        v.add(p, 'must be defined');
        return;
      }
      const format = obj(tcp['format']);
      if (format !== undefined) validateFormat(v, field(p, 'format'), format);
      if (!isUrl(str(tcp['address']))) v.add(field(p, 'address'), 'tcp backend requires valid address');
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
      list(otel['attributes']).forEach((raw, i) =>
        otelAttributeName(v, field(index(field(p, 'attributes'), i), 'key'), str(obj(raw)?.['key'])),
      );
      return;
    }
    default:
      return;
  }
}

/** `ValidateOtelAttributeName`. */
function otelAttributeName(v: Violations, path: string, value: string): void {
  if (value === '') v.add(path, 'must be defined');
  else if (value.includes('%')) v.add(path, 'must be a static OpenTelemetry attribute name; placeholders are only supported in values');
  else if (value.startsWith('otel.')) v.add(path, "must not use the reserved OpenTelemetry prefix 'otel.'");
  else if (!/^[a-z](?:[a-z0-9]|[._][a-z0-9])*$/.test(value))
    v.add(
      path,
      "must start with a lowercase letter, use only lowercase letters, digits, '.' or '_', avoid consecutive delimiters, and end with a letter or digit",
    );
}

function validateFormat(v: Violations, path: string, format: Spec): void {
  switch (str(format['type'])) {
    case 'Plain':
      if (!isSet(format['plain'])) v.add(field(path, 'plain'), 'must be defined');
      else if (format['plain'] === '') v.add(field(path, 'plain'), 'must not be empty');
      return;
    case 'Json': {
      if (!isSet(format['json'])) {
        v.add(field(path, 'json'), 'must be defined');
        return;
      }
      const entries = list(format['json']);
      if (entries.length === 0) v.add(field(path, 'json'), 'must not be empty');
      entries.forEach((raw, i) => {
        const entry = obj(raw) ?? {};
        const p = index(field(path, 'json'), i);
        const key = str(entry['key']);
        const value = str(entry['value']);
        if (key === '') v.add(field(p, 'key'), 'key cannot be empty');
        if (value === '') v.add(field(p, 'value'), 'value cannot be empty');
        // Upstream pastes both into `{"<key>": "<value>"}` unescaped and asks whether that is JSON.
        try {
          JSON.parse(`{"${key}": "${value}"}`);
        } catch {
          v.add(p, 'is not a valid JSON object');
        }
      });
      return;
    }
    default:
      return;
  }
}
