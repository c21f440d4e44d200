import { policyKind } from '../kinds.ts';
import { ownValue } from '../../json-record.ts';

/**
 * KRI short names: the policy types' from kinds.ts, and those of the other types matching names
 * (kuma-cp's resource descriptors, v2.14.3). Types without a short name are not addressable by KRI.
 */
const RESOURCE_SHORT_NAMES: Record<string, string> = {
  Dataplane: 'dp',
  Mesh: 'm',
  MeshService: 'msvc',
  MeshExternalService: 'extsvc',
  MeshMultiZoneService: 'mzsvc',
  MeshGateway: 'mgw',
};

export function shortNameOf(type: string): string | undefined {
  return policyKind(type)?.short ?? ownValue(RESOURCE_SHORT_NAMES, type);
}
