import { META_LABEL } from '../match/resource-meta.ts';
import { tagsMatch, type TargetRef } from '../match/target-ref.ts';

/**
 * Whether a targetRef selects an external service through a zone egress (kuma-cp's
 * `serviceSelectedByTargetRef`, `core/matchers/egress.go`): by the service's tags, the way egress
 * rules are built for legacy ExternalServices.
 */
export function serviceSelectedByTargetRef(ref: TargetRef, tags: Readonly<Record<string, string>>): boolean {
  switch (ref.kind) {
    case 'Mesh':
      return true;
    case 'MeshSubset':
      return tagsMatch(ref.tags ?? {}, tags);
    case 'MeshService':
      return (ref.name ?? '') === tags[META_LABEL.service];
    case 'MeshServiceSubset':
      return (ref.name ?? '') === tags[META_LABEL.service] && tagsMatch(ref.tags ?? {}, tags);
    default:
      return false;
  }
}
