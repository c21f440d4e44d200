import { deepEqual } from '../deep-equal.ts';
import { rewrittenProbe } from '../inject/app-probes.ts';
import type { Container } from '../inject/pod-shape.ts';
import { isRecord, type JsonRecord } from './json-shapes.ts';
import { PROBE_KINDS } from '../probe-kinds.ts';

/**
 * How the injector rewrote application probes (spec §13.3, §13.4), read back from the annotations
 * it wrote on the injected pod.
 */
export type ProbeRewrite =
  /** Application probe proxy on port `port`: handler replaced, original recorded in path and X-Kuma headers. */
  | { mode: 'proxy'; port: number }
  /** Virtual probes on port `port`: only httpGet port and path changed. */
  | { mode: 'virtual'; port: number }
  | { mode: 'none' };

const HEADER = {
  timeout: 'X-Kuma-Probes-Timeout',
  host: 'X-Kuma-Probes-Host',
  scheme: 'X-Kuma-Probes-Scheme',
  grpcService: 'X-Kuma-Probes-GRPC-Service',
} as const;

function uint(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Returns how the probes of an injected pod were rewritten, from its merged annotations. */
export function probeRewriteOf(annotations: Readonly<Record<string, string>>): ProbeRewrite {
  const proxyPort = uint(annotations['kuma.io/application-probe-proxy-port']);
  if (proxyPort !== undefined && proxyPort > 0) return { mode: 'proxy', port: proxyPort };
  const virtualPort = uint(annotations['kuma.io/virtual-probes-port']);
  if (annotations['kuma.io/virtual-probes'] === 'enabled' && virtualPort !== undefined) {
    return { mode: 'virtual', port: virtualPort };
  }
  return { mode: 'none' };
}

/**
 * What a workload's record keeps about its probes (user-keys-marker.ts), keyed
 * `<container>/<probe>`: the port names the user wrote, and the whole probe as written wherever
 * the injected pod alone would not give it back exactly.
 */
export interface ProbeRecord {
  portNames: ReadonlyMap<string, string>;
  originals: ReadonlyMap<string, JsonRecord>;
}

/**
 * Returns the container with its rewritten probes put back as the user wrote them, as far as the
 * injected pod records it (the same reference when nothing was rewritten). A probe the workload's
 * record keeps whole comes back as recorded, provided the rewrite of the recorded probe is still
 * what the container carries (a hand-edited probe is read back from what it says now). Otherwise,
 * not recorded in the injected pod, so not restored: an httpGet `host` field and an explicit
 * `scheme: HTTP` (both dropped by the proxy rewrite), whether an empty path was absent, '' or '/',
 * and the key order inside the handler. The injector resolves a port name to its number; the
 * record's port names say which ports were names. Without a record, a number that equals exactly
 * one named port of the container comes back as that name.
 */
export function restoreProbes(container: JsonRecord, rewrite: ProbeRewrite, record?: ProbeRecord): JsonRecord {
  if (rewrite.mode === 'none') return container;
  let out = container;
  for (const key of PROBE_KINDS) {
    const probe = container[key];
    if (!isRecord(probe)) continue;
    const id = `${String(container.name)}/${key}`;
    const recorded = record?.originals.get(id);
    if (recorded !== undefined && deepEqual(rewrittenProbe(recorded, container as Container, rewrite.mode, rewrite.port), probe)) {
      out = { ...out, [key]: recorded };
      continue;
    }
    // With a record (the workload marker) the port is a name exactly when the record says so.
    const name = record?.portNames.get(id);
    const written: PortAsWritten = record === undefined ? (port) => portAsWritten(port, container) : (port) => name ?? port;
    const restored = rewrite.mode === 'proxy' ? restoreProxied(probe, rewrite.port, written) : restoreVirtual(probe, rewrite.port, written);
    if (restored !== probe) out = { ...out, [key]: restored };
  }
  return out;
}

interface Header {
  name: string;
  value: string;
}

/** The port as the user wrote it, given the number the injected probe encodes. */
type PortAsWritten = (port: number) => number | string;

/**
 * Returns `<container>/<probe>=<name>` for every probe of the pod's containers and init containers
 * whose httpGet or tcpSocket port is a name (what the workload record keeps, see restoreProbes).
 */
export function probePortNamesOf(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const list of ['initContainers', 'containers']) {
    const containers = Array.isArray(spec[list]) ? (spec[list] as unknown[]).filter(isRecord) : [];
    for (const container of containers) {
      for (const key of PROBE_KINDS) {
        const probe = container[key];
        if (!isRecord(probe)) continue;
        const handler = isRecord(probe.httpGet) ? probe.httpGet : isRecord(probe.tcpSocket) ? probe.tcpSocket : undefined;
        if (typeof handler?.port === 'string' && /^[a-z0-9-]+$/.test(handler.port))
          out.push(`${String(container.name)}/${key}=${handler.port}`);
      }
    }
  }
  return out;
}

function headersOf(httpGet: JsonRecord): Header[] {
  const list = httpGet.httpHeaders;
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((h) => ({ name: String(h.name), value: String(h.value ?? '') }));
}

/** `/8080/metrics` → [8080, '/metrics']; `/tcp/5` → ['tcp', '5']. */
function splitPath(path: unknown): { head: string; rest: string } | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
  const slash = path.indexOf('/', 1);
  return slash < 0 ? { head: path.slice(1), rest: '' } : { head: path.slice(1, slash), rest: path.slice(slash) };
}

/** The port as the user most likely wrote it: the unique named container port with this number, else the number. */
function portAsWritten(port: number, container: JsonRecord): number | string {
  const ports = Array.isArray(container.ports) ? container.ports.filter(isRecord) : [];
  const named = ports.filter((p) => p.containerPort === port && typeof p.name === 'string' && p.name !== '');
  return named.length === 1 && typeof named[0]?.name === 'string' ? named[0].name : port;
}

/** Replaces the handler key in place, so the probe keeps its key order. */
function withHandler(probe: JsonRecord, handlerKey: string, handler: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(probe)) {
    if (key === 'httpGet') out[handlerKey] = handler;
    else out[key] = value;
  }
  return out;
}

function restoreProxied(probe: JsonRecord, proxyPort: number, written: PortAsWritten): JsonRecord {
  const httpGet = probe.httpGet;
  if (!isRecord(httpGet) || httpGet.port !== proxyPort) return probe;
  const parts = splitPath(httpGet.path);
  if (parts === undefined) return probe;
  const headers = headersOf(httpGet).filter((h) => h.name !== HEADER.timeout);
  if (parts.head === 'tcp' && /^\d+$/.test(parts.rest.slice(1))) {
    return withHandler(probe, 'tcpSocket', { port: written(Number(parts.rest.slice(1))) });
  }
  if (parts.head === 'grpc' && /^\d+$/.test(parts.rest.slice(1))) {
    const service = headers.find((h) => h.name === HEADER.grpcService)?.value;
    const grpc: JsonRecord = { port: Number(parts.rest.slice(1)) };
    if (service !== undefined) grpc.service = service;
    return withHandler(probe, 'grpc', grpc);
  }
  if (!/^\d+$/.test(parts.head)) return probe;
  const scheme = headers.find((h) => h.name === HEADER.scheme)?.value;
  const userHeaders = headers
    .filter((h) => h.name !== HEADER.scheme && h.name !== HEADER.grpcService)
    .map((h) => (h.name === HEADER.host ? { name: 'Host', value: h.value } : h));
  const restored: JsonRecord = { path: parts.rest === '' ? '/' : parts.rest, port: written(Number(parts.head)) };
  if (scheme !== undefined) restored.scheme = scheme;
  if (userHeaders.length > 0) restored.httpHeaders = userHeaders;
  return withHandler(probe, 'httpGet', restored);
}

function restoreVirtual(probe: JsonRecord, virtualPort: number, written: PortAsWritten): JsonRecord {
  const httpGet = probe.httpGet;
  if (!isRecord(httpGet) || httpGet.port !== virtualPort) return probe;
  const parts = splitPath(httpGet.path);
  if (parts === undefined || !/^\d+$/.test(parts.head)) return probe;
  const restored = { ...httpGet, path: parts.rest === '' ? '/' : parts.rest, port: written(Number(parts.head)) };
  return { ...probe, httpGet: restored };
}
