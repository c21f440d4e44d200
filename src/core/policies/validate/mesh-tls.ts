import { Violations, field, index } from './violations.ts';
import { affectsInbounds } from './target-ref.ts';
import { forEachItem, mustBeOneOf, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, str, topKindOf, type Spec } from './values.ts';

const MODES = ['Strict', 'Permissive'];
const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
];
const TLS_VERSIONS = ['TLSAuto', 'TLS10', 'TLS11', 'TLS12', 'TLS13'];
const VERSION_ORDER: Record<string, number> = { TLS10: 0, TLS11: 1, TLS12: 2, TLS13: 3 };

/** MeshTLS (`meshtls/api/v1alpha1/validator.go`). */
export const validateMeshTLS: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, { kinds: ['Mesh', 'MeshSubset', 'Dataplane'], inbound: affectsInbounds(spec) });
  if (list(spec['rules']).length > 0 && list(spec['from']).length > 0) v.add('spec', "field 'from' must be empty when 'rules' is defined");
  const top = topKindOf(spec);
  list(spec['rules']).forEach((rule, i) =>
    validateConf(v, field(index('spec.rules', i), 'default'), obj(obj(rule)?.['default']) ?? {}, top),
  );
  forEachItem(v, spec, 'from', { kinds: ['Mesh'] }, (item, path) =>
    validateConf(v, field(path, 'default'), obj(item['default']) ?? {}, top),
  );
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec, top: string): void {
  if (isSet(conf['mode']) && !MODES.includes(str(conf['mode']))) v.add(field(path, 'mode'), mustBeOneOf('mode', MODES));
  const ciphers = list(conf['tlsCiphers']);
  if (ciphers.length > 0 && top !== 'Mesh')
    v.add(field(path, 'tlsCiphers'), 'tlsCiphers can only be defined with top level targetRef kind: Mesh');
  else if (!ciphers.every((c) => TLS_CIPHERS.includes(str(c)))) v.add(field(path, 'tlsCiphers'), mustBeOneOf('tlsCiphers', TLS_CIPHERS));
  const version = obj(conf['tlsVersion']);
  if (version === undefined) return;
  if (top !== 'Mesh') {
    v.add(field(path, 'tlsVersion'), 'tlsVersion can only be defined with top level targetRef kind: Mesh');
    return;
  }
  const p = field(path, 'tlsVersion');
  let min: string | undefined;
  let max: string | undefined;
  for (const bound of ['min', 'max'] as const) {
    if (!isSet(version[bound])) continue;
    const value = str(version[bound]);
    if (!TLS_VERSIONS.includes(value)) v.add(field(p, bound), mustBeOneOf(bound, TLS_VERSIONS));
    else if (value !== 'TLSAuto') {
      if (bound === 'min') min = value;
      else max = value;
    }
  }
  if (min !== undefined && max !== undefined && (VERSION_ORDER[min] as number) > (VERSION_ORDER[max] as number))
    v.add(field(p, 'min'), 'min version must be lower than max');
}
