import { Violations, field, index } from './violations.ts';
import { validateTargetRef } from './target-ref.ts';
import { BACKEND_REF_KINDS, byRole, forEachItem, validateBackendRefPort, validateTop, type PolicyValidator } from './common.ts';
import { list, obj, topKindOf } from './values.ts';

/** MeshTCPRoute (`meshtcproute/api/v1alpha1/validator.go`). */
export const validateMeshTCPRoute: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
    gatewayTags: context.role === 'system',
  });
  const kinds =
    topKindOf(spec) === 'MeshGateway' ? (['Mesh'] as const) : (['MeshService', 'MeshExternalService', 'MeshMultiZoneService'] as const);
  forEachItem(v, spec, 'to', { kinds }, (item, path) => {
    list(item['rules']).forEach((rule, i) => {
      const refsPath = field(index(field(path, 'rules'), i), 'default.backendRefs');
      const refs = list(obj(obj(rule)?.['default'])?.['backendRefs']);
      if (refs.length === 0) {
        v.add(refsPath, 'must be defined');
        return;
      }
      refs.forEach((raw, j) => {
        const ref = obj(raw) ?? {};
        v.addAt(index(refsPath, j), validateTargetRef(ref, { kinds: BACKEND_REF_KINDS }));
        validateBackendRefPort(v, index(refsPath, j), ref);
      });
    });
  });
  return v.list;
};
