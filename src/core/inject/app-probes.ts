import { getEnabled, getUint32, type StringMap } from './annotation-values.ts';
import type { PodLike } from './inject-pod.ts';
import { KEY, NAME } from './keys.ts';
import { asRecord, containersOf, type Container } from './pod-shape.ts';
import { WebhookError } from './webhook-error.ts';
import { PROBE_KINDS } from '../probe-kinds.ts';

/**
 * Rewrites application probes after placement (spec §13): through the application probe proxy
 * when the merged `kuma.io/application-probe-proxy-port` is non-zero, else as virtual probes when
 * `kuma.io/virtual-probes` is enabled, else not at all.
 */

/** Go's IntOrString.IntValue(): the number, or the string parsed as an integer (0 when it is not one). */
function intValue(port: unknown): number {
  if (typeof port === 'number') return Math.trunc(port);
  if (typeof port === 'string' && /^[+-]?\d+$/.test(port)) return Number(port);
  return 0;
}

function portName(port: unknown): string {
  return typeof port === 'number' ? String(port) : typeof port === 'string' ? port : '';
}

/** Containers whose probes the webhook rewrites: app containers, plus native sidecars after kuma-sidecar. */
function probedContainers(pod: PodLike): Container[] {
  const out: Container[] = [];
  let afterSidecar = false;
  for (const c of containersOf(pod, 'initContainers')) {
    if (c.name === NAME.sidecar) {
      afterSidecar = true;
      continue;
    }
    if (afterSidecar && c.restartPolicy === 'Always') out.push(c);
  }
  for (const c of containersOf(pod, 'containers')) if (c.name !== NAME.sidecar) out.push(c);
  return out;
}

function containerPorts(container: Container): { name?: unknown; containerPort?: unknown }[] {
  return Array.isArray(container.ports) ? container.ports.map((p) => asRecord(p) ?? {}) : [];
}

function reserved(port: number): WebhookError {
  return new WebhookError(
    `cannot override Pod's probes. Port for probe cannot be set to ${port}. It is reserved for the dataplane that will serve pods without mTLS.`,
    { got: String(port), hint: `expected application probes on another port than ${port}. Move the probe or change the probe proxy port` },
  );
}

function leadingSlash(path: unknown): string {
  const p = typeof path === 'string' ? path : '';
  return p.startsWith('/') ? p : `/${p}`;
}

/** Resolves a named httpGet/tcpSocket port to the first container port of that name. */
function resolveFirst(handler: Record<string, unknown>, container: Container): void {
  if (intValue(handler.port) !== 0) return;
  const match = containerPorts(container).find((p) => p.name !== undefined && p.name !== '' && p.name === portName(handler.port));
  if (match !== undefined) handler.port = match.containerPort;
}

function proxyProbe(probe: Record<string, unknown>, container: Container, v: number): void {
  const http = asRecord(probe.httpGet);
  const tcp = asRecord(probe.tcpSocket);
  const grpc = asRecord(probe.grpc);
  const timeout = typeof probe.timeoutSeconds === 'number' ? probe.timeoutSeconds : 0;
  const headers: { name: string; value: string }[] = [];
  let path: string;
  if (http !== undefined) {
    resolveFirst(http, container);
    const appPort = intValue(http.port);
    if (appPort === v) throw reserved(v);
    path = `/${appPort}${leadingSlash(http.path)}`;
    const original = Array.isArray(http.httpHeaders) ? http.httpHeaders.map((h) => asRecord(h) ?? {}) : [];
    const hostIndex = original.findIndex((h) => h.name === 'Host');
    original.forEach((h, i) => {
      const value = typeof h.value === 'string' ? h.value : '';
      headers.push(i === hostIndex ? { name: 'X-Kuma-Probes-Host', value } : { name: String(h.name ?? ''), value });
    });
    const scheme = typeof http.scheme === 'string' ? http.scheme : '';
    if (scheme !== '' && scheme !== 'HTTP') headers.push({ name: 'X-Kuma-Probes-Scheme', value: scheme });
    if (timeout > 1) headers.push({ name: 'X-Kuma-Probes-Timeout', value: String(timeout) });
  } else if (tcp !== undefined) {
    resolveFirst(tcp, container);
    const appPort = intValue(tcp.port);
    if (appPort === v) throw reserved(v);
    path = `/tcp/${appPort}`;
    if (timeout > 1) headers.push({ name: 'X-Kuma-Probes-Timeout', value: String(timeout) });
  } else if (grpc !== undefined) {
    const appPort = intValue(grpc.port);
    if (appPort === v) throw reserved(v);
    path = `/grpc/${appPort}`;
    if (timeout > 1) headers.push({ name: 'X-Kuma-Probes-Timeout', value: String(timeout) });
    if (typeof grpc.service === 'string' && grpc.service !== '') {
      headers.push({ name: 'X-Kuma-Probes-GRPC-Service', value: grpc.service });
    }
  } else {
    return;
  }
  const httpGet: Record<string, unknown> = { path, port: v };
  if (headers.length > 0) httpGet.httpHeaders = headers;
  replaceHandler(probe, httpGet);
}

/**
 * Puts `httpGet` where the probe's handler was (tcpSocket, grpc or httpGet), in place. The webhook's
 * JSON has no key order; keeping the user's lets uninject give back the probe as it was written.
 */
function replaceHandler(probe: Record<string, unknown>, httpGet: Record<string, unknown>): void {
  const entries = Object.entries(probe);
  for (const [key] of entries) delete probe[key];
  for (const [key, value] of entries) {
    if (key === 'httpGet' || key === 'tcpSocket' || key === 'grpc') {
      if (!Object.hasOwn(probe, 'httpGet')) probe.httpGet = httpGet;
    } else {
      probe[key] = value;
    }
  }
}

function virtualProbe(probe: Record<string, unknown>, container: Container, vpp: number): void {
  const http = asRecord(probe.httpGet);
  if (http === undefined) return;
  if (intValue(http.port) === 0) {
    // Virtual probes take the LAST container port of that name (unlike the probe proxy).
    const name = portName(http.port);
    for (const p of containerPorts(container)) {
      if (p.name !== undefined && p.name !== '' && p.name === name) http.port = p.containerPort;
    }
  }
  const realPort = intValue(http.port);
  if (realPort === vpp) throw reserved(vpp);
  http.port = vpp;
  http.path = `/${realPort}${leadingSlash(http.path)}`;
}

/**
 * RealProbePorts: the ports the regular containers' liveness / readiness / startup probes target
 * (named ports resolved through the container's ports, unresolvable ones and exec probes
 * skipped), unique and sorted. The probes are not changed.
 */
export function realProbePorts(pod: PodLike): number[] {
  const seen = new Set<number>();
  for (const container of containersOf(pod, 'containers')) {
    if (container.name === NAME.sidecar) continue;
    for (const key of PROBE_KINDS) {
      const probe = asRecord(container[key]);
      if (probe === undefined) continue;
      const grpc = asRecord(probe.grpc);
      const handler = asRecord(probe.httpGet) ?? asRecord(probe.tcpSocket);
      if (handler !== undefined) {
        const port = intValue(handler.port);
        const match = containerPorts(container).find((p) => p.name !== undefined && p.name !== '' && p.name === portName(handler.port));
        if (port !== 0) seen.add(port);
        else if (match !== undefined) seen.add(intValue(match.containerPort));
      } else if (grpc !== undefined) {
        seen.add(intValue(grpc.port));
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Rewrites the probes of `pod` in place, reading the merged annotations (virtual probes only where
 * the release has them). Throws WebhookError.
 */
export function rewriteAppProbes(pod: PodLike, merged: StringMap, virtualProbes: boolean): void {
  const proxyPort = getUint32(merged, KEY.appProbeProxyPort) ?? 0;
  let rewrite: (probe: Record<string, unknown>, container: Container) => void;
  if (proxyPort !== 0) {
    rewrite = (probe, container) => proxyProbe(probe, container, proxyPort);
  } else {
    if (!virtualProbes || getEnabled(merged, KEY.virtualProbes) !== true) return;
    const vpp = getUint32(merged, KEY.virtualProbesPort) ?? 0;
    rewrite = (probe, container) => virtualProbe(probe, container, vpp);
  }
  for (const container of probedContainers(pod)) {
    for (const key of PROBE_KINDS) {
      const probe = asRecord(container[key]);
      if (probe !== undefined) rewrite(probe, container);
    }
  }
}

/**
 * One probe as the webhook rewrites it, through the application probe proxy on `port` or as a
 * virtual probe on `port`; a new object (the argument is not changed). Undefined when the webhook
 * would reject the probe (its port is the one the rewrite uses).
 */
export function rewrittenProbe(
  probe: Record<string, unknown>,
  container: Container,
  mode: 'proxy' | 'virtual',
  port: number,
): Record<string, unknown> | undefined {
  const copy = structuredClone(probe);
  try {
    if (mode === 'proxy') proxyProbe(copy, container, port);
    else virtualProbe(copy, container, port);
  } catch (error) {
    if (error instanceof WebhookError) return undefined;
    throw error;
  }
  return copy;
}
