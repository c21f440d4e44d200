import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import { nearestName } from '../nearest-name.ts';
import { serviceView } from './service-view.ts';
import { stringMap } from './kube-values.ts';
import { protocolAnnotationKey } from './protocol.ts';

const PORT_ANNOTATION = /^(\d+)\.service\.kuma\.io\/(.*)$/;

/**
 * `<port>.service.kuma.io/protocol` annotations of a Service that kuma-cp never reads: the port is
 * not one the Service exposes (often its targetPort, the container's), or the name after the
 * port is not `protocol`. kuma-cp looks the annotation up by each Service port, so such an
 * annotation sets nothing and the port's inbound stays `tcp`, without a word.
 */
export function unreadProtocolAnnotations(service: KubeObject): Result[] {
  // Every Service of a bundle passes here: only one with such an annotation is decoded.
  const keys = Object.keys(stringMap(service.metadata?.annotations)).filter((key) => PORT_ANNOTATION.test(key));
  if (keys.length === 0) return [];
  const view = serviceView(service);
  const ports = view.ports.map((p) => p.port);
  const results: Result[] = [];
  for (const key of keys) {
    const match = PORT_ANNOTATION.exec(key);
    if (match === null) continue;
    const port = Number(match[1]);
    const suffix = match[2] ?? '';
    const field = `metadata.annotations["${key}"]`;
    const warn = (text: string): void => {
      results.push(resultFor('KI0519', 'warning', service, `${describe(service)}, ${field}: ${text}`, field));
    };
    if (suffix !== 'protocol') {
      if (nearestName(suffix, ['protocol'], 2) !== undefined)
        warn(`kuma-cp reads ${protocolAnnotationKey(port)}, not this key, so it sets nothing. Rename it.`);
      continue;
    }
    if (ports.includes(port)) continue;
    const served = view.ports.find((p) => p.targetPort === port);
    const exposed = ports.length === 0 ? 'no ports' : `ports ${ports.join(', ')}`;
    warn(
      `kuma-cp reads this annotation by the Service's port, and this Service has ${exposed}, so it sets nothing (the port's protocol stays tcp unless appProtocol says otherwise). ` +
        (served === undefined
          ? 'Name one of the Service ports, or remove it.'
          : `${port} is the targetPort of port ${served.port}: rename it to ${protocolAnnotationKey(served.port)}.`),
    );
  }
  return results;
}
