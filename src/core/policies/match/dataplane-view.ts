import type { ResourceMeta } from './resource-meta.ts';
import { asRecord, stringEntries } from '../../json-record.ts';

/** One inbound as matching sees it: its listener key, section name and tags. */
interface InboundView {
  /** `address:port` (kuma-cp's InboundListener); on Kubernetes the address is the Pod IP placeholder. */
  readonly key: string;
  readonly port: number;
  /** `name` when set, else the port number as a string (what `sectionName` compares to). */
  readonly sectionName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** An embedded zone-proxy listener of a Dataplane (selected like inbounds by Mesh and Dataplane refs). */
interface ListenerView {
  readonly key: string;
  readonly sectionName: string;
}

/** A listener of the MeshGateway a built-in gateway Dataplane serves, as policies select it. */
export interface GatewayListenerView {
  /** `address:port`: the inbound key kuma-cp files the listener under (shared by listeners of one port). */
  readonly key: string;
  readonly port: number;
  /** `address:port:hostname`: the key of per-hostname rules. */
  readonly hostnameKey: string;
  /** Dataplane gateway tags, then MeshGateway tags, then listener tags (later wins). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The MeshGateway a built-in gateway Dataplane was found to serve. */
interface BuiltinGateway {
  readonly meta: ResourceMeta;
  readonly listeners: readonly GatewayListenerView[];
}

/** A Dataplane (or a preview of one) in the form matching reads. */
export interface DataplaneView {
  /** Labels include what the store adapter synthesises (`kuma.io/display-name` ...). */
  readonly meta: ResourceMeta;
  readonly address: string;
  readonly inbounds: readonly InboundView[];
  readonly listeners: readonly ListenerView[];
  /** `networking.gateway`: builtin or delegated, with its tags. */
  readonly gateway?: { readonly builtin: boolean; readonly tags: Readonly<Record<string, string>> };
  /** For a built-in gateway: the MeshGateway it serves, once resolved (`withBuiltinGateway`). */
  readonly builtinGateway?: BuiltinGateway;
}

function portOf(value: unknown): number {
  return typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10) || 0;
}

/**
 * Reads `networking` of a Dataplane spec (the same shape in the REST form and in `spec.networking`
 * of the Kubernetes object) into a view with the given meta.
 */
export function dataplaneView(meta: ResourceMeta, networking: unknown): DataplaneView {
  const net = asRecord(networking) ?? {};
  const address = typeof net['address'] === 'string' ? net['address'] : '';
  const inbounds = (Array.isArray(net['inbound']) ? net['inbound'] : []).map((raw): InboundView => {
    const inbound = asRecord(raw) ?? {};
    const port = portOf(inbound['port']);
    const own = typeof inbound['address'] === 'string' && inbound['address'] !== '' ? inbound['address'] : address;
    const name = typeof inbound['name'] === 'string' && inbound['name'] !== '' ? inbound['name'] : String(port);
    return { key: `${own}:${port}`, port, sectionName: name, tags: stringEntries(inbound['tags']) };
  });
  const listeners = (Array.isArray(net['listeners']) ? net['listeners'] : []).map((raw): ListenerView => {
    const listener = asRecord(raw) ?? {};
    const port = portOf(listener['port']);
    const own = typeof listener['address'] === 'string' && listener['address'] !== '' ? listener['address'] : address;
    const name = typeof listener['name'] === 'string' && listener['name'] !== '' ? listener['name'] : String(port);
    return { key: `${own}:${port}`, sectionName: name };
  });
  const gatewayRaw = asRecord(net['gateway']);
  const view: DataplaneView = { meta, address, inbounds, listeners };
  if (gatewayRaw === undefined) return view;
  return { ...view, gateway: { builtin: gatewayRaw['type'] === 'BUILTIN', tags: stringEntries(gatewayRaw['tags']) } };
}
