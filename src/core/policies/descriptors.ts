import { POLICY_KINDS, LEGACY_POLICY_KINDS } from './kinds.ts';
import { ownValue } from '../json-record.ts';

/**
 * What the admission webhooks read from a Kuma resource type's descriptor
 * (`zz_generated.resource(s).go`, `model.ResourceTypeDescriptor` at v2.14.3): scope, which control
 * plane may create it (KDS flags), whether it is a (plugin) policy, a proxy, or system-namespace only.
 */
export interface ResourceDescriptor {
  name: string;
  /** `ScopeMesh` objects carry `kuma.io/mesh`; `ScopeGlobal` ones (Mesh, Zone, ...) do not. */
  meshScoped: boolean;
  /** KDS `ProvidedByZoneFlag`: zone control planes may create it (gets origin/zone/env labels there). */
  providedByZone: boolean;
  /** KDS `ProvidedByGlobalFlag`: the global control plane may create it. */
  providedByGlobal: boolean;
  isPolicy: boolean;
  /** Defined by a plugin (the 16 new policies, MeshService, ...), not by the legacy mesh API. */
  pluginOriginated: boolean;
  /** `AllowedOnSystemNamespaceOnly` on a zone. */
  systemNamespaceOnly: boolean;
  /** Dataplane, ZoneIngress, ZoneEgress: get `kuma.io/proxy-type`. */
  isProxy: boolean;
}

type Flags = Omit<ResourceDescriptor, 'name'>;
const base: Flags = {
  meshScoped: true,
  providedByZone: false,
  providedByGlobal: false,
  isPolicy: false,
  pluginOriginated: false,
  systemNamespaceOnly: false,
  isProxy: false,
};

const TABLE: Record<string, Flags> = {
  Mesh: { ...base, meshScoped: false, providedByGlobal: true },
  Dataplane: { ...base, providedByZone: true, isProxy: true },
  ZoneIngress: { ...base, meshScoped: false, providedByZone: true, isProxy: true },
  ZoneEgress: { ...base, meshScoped: false, providedByZone: true, isProxy: true },
  ExternalService: { ...base, providedByGlobal: true },
  MeshGateway: { ...base, providedByGlobal: true, providedByZone: true },
  Zone: { ...base, meshScoped: false, providedByGlobal: true, providedByZone: true },
  Secret: { ...base, providedByGlobal: true, providedByZone: true },
  HostnameGenerator: {
    ...base,
    meshScoped: false,
    providedByGlobal: true,
    providedByZone: true,
    pluginOriginated: true,
    systemNamespaceOnly: true,
  },
  MeshExternalService: { ...base, providedByGlobal: true, providedByZone: true, pluginOriginated: true, systemNamespaceOnly: true },
  MeshIdentity: { ...base, providedByGlobal: true, providedByZone: true, pluginOriginated: true, systemNamespaceOnly: true },
  MeshTrust: { ...base, providedByGlobal: true, providedByZone: true, pluginOriginated: true, systemNamespaceOnly: true },
  MeshOpenTelemetryBackend: { ...base, providedByGlobal: true, providedByZone: true, pluginOriginated: true, systemNamespaceOnly: true },
  MeshMultiZoneService: { ...base, providedByGlobal: true, pluginOriginated: true },
  MeshService: { ...base, providedByZone: true, pluginOriginated: true },
  MeshZoneAddress: { ...base, providedByZone: true, pluginOriginated: true },
  Workload: { ...base, providedByZone: true, pluginOriginated: true },
};
for (const kind of POLICY_KINDS)
  TABLE[kind.kind] = { ...base, providedByGlobal: true, providedByZone: true, isPolicy: true, pluginOriginated: true };
for (const kind of LEGACY_POLICY_KINDS) TABLE[kind] = { ...base, providedByGlobal: true, isPolicy: true };

/** The descriptor of a Kuma resource type, or undefined for a type not known here. */
export function descriptorOf(kind: string): ResourceDescriptor | undefined {
  const flags = ownValue(TABLE, kind);
  return flags === undefined ? undefined : { name: kind, ...flags };
}

/** `IsReadOnly`: a type the global (or a federated zone) control plane may not create. */
export function isReadOnly(descriptor: ResourceDescriptor, isGlobal: boolean, isFederated: boolean): boolean {
  return (isGlobal && !descriptor.providedByGlobal) || (isFederated && !descriptor.providedByZone);
}
