import type { ServicePortView, ServiceView } from './service-view.ts';

/** Protocols the control plane recognises in `appProtocol` (case-insensitive). */
export const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc', 'tcp', 'tls', 'kafka', 'mysql']);

/** The Service annotation that sets a port's protocol: `<port>.service.kuma.io/protocol`. */
export function protocolAnnotationKey(port: number): string {
  return `${port}.service.kuma.io/protocol`;
}

/**
 * The protocol of a Service port: a known `appProtocol`, else the `<port>.service.kuma.io/protocol`
 * annotation verbatim, else `tcp`; lower-cased.
 */
export function protocolFor(service: ServiceView, port: ServicePortView, kafka = true): string {
  let value = port.appProtocol ?? '';
  // Releases that dropped kafka read it like any unknown appProtocol.
  if (!KNOWN_PROTOCOLS.has(value.toLowerCase()) || (!kafka && value.toLowerCase() === 'kafka')) value = '';
  if (value === '') value = service.annotations[protocolAnnotationKey(port.port)] ?? '';
  if (value === '') value = 'tcp';
  return value.toLowerCase();
}
