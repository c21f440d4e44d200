/**
 * The name kuma-cp gives the MeshService of one Pod behind a headless Service:
 * `<pod>-<hash>`, hash = SafeEncode(decimal fnv32a(service name + namespace [+ pod name])), the Pod
 * name part truncated (and hashed in) when the whole would pass 63 characters.
 */
const MAX_HASH = 10;
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(bytes: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function utf8(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

export function headlessMeshServiceName(serviceName: string, namespace: string, podName: string): string {
  const bytes = [...utf8(serviceName), ...utf8(namespace)];
  let prefix = podName;
  if (podName.length + MAX_HASH + 1 > 63) {
    bytes.push(...utf8(podName));
    prefix = podName.slice(0, 63 - MAX_HASH - 1);
  }
  const hash = [...String(fnv32a(bytes))].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
  return `${prefix}-${hash}`;
}
