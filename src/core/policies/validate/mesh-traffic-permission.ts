import { Violations, field, index } from './violations.ts';
import { affectsInbounds, validateMatch } from './target-ref.ts';
import { forEachItem, validateTop, type PolicyValidator } from './common.ts';
import { list, obj, str } from './values.ts';

/** MeshTrafficPermission (`meshtrafficpermission/api/v1alpha1/validator.go`). */
export const validateMeshTrafficPermission: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, { kinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'], inbound: affectsInbounds(spec) });
  const from = list(spec['from']);
  const rules = list(spec['rules']);
  if (from.length > 0 && rules.length > 0) v.add('spec', "field 'from' must be empty when 'rules' is defined");
  if (from.length === 0 && rules.length === 0) v.add('spec', "at least one of 'from' or 'rules' has to be defined");
  rules.forEach((raw, i) => {
    const path = index('spec.rules', i);
    const conf = obj(obj(raw)?.['default']) ?? {};
    const lists = ['allow', 'allowWithShadowDeny', 'deny'] as const;
    if (lists.every((name) => list(conf[name]).length === 0))
      v.add(path, "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined");
    for (const name of lists) list(conf[name]).forEach((match, j) => v.addAt(index(field(path, name), j), validateMatch(obj(match))));
  });
  forEachItem(v, spec, 'from', { kinds: ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'] }, (item, path) => {
    if (str(obj(item['default'])?.['action']) === '') v.add(field(path, 'default.action'), 'must be defined');
  });
  return v.list;
};
