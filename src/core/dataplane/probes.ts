import type { JsonObject } from '../types.ts';
import { readEnabled, readUint32 } from './annotation-values.ts';
import { ConversionError } from './conversion-error.ts';
import { asRecord, asText } from './kube-values.ts';
import type { ContainerView, PodView } from './pod-view.ts';
import { PROBE_KINDS } from '../probe-kinds.ts';

const SIGNED_DECIMAL = /^[+-]?[0-9]+$/;

/**
 * The port of an httpGet probe as kuma-cp reads it (`uint32(intstr.IntValue())`): a string counts
 * only when strconv.Atoi takes all of it ("8080abc", " 80" and a port name read as 0), and a
 * negative value wraps around as the uint32 conversion does.
 */
function probePort(port: unknown): number {
  if (typeof port === 'number') return port >>> 0;
  const text = asText(port);
  if (!SIGNED_DECIMAL.test(text)) return 0;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n >>> 0 : 0;
}

/** Whether strconv.ParseInt(text, 10, 32) accepts the text: optional sign, digits, int32 range. */
function isInt32(text: string): boolean {
  if (!SIGNED_DECIMAL.test(text)) return false;
  const n = Number(text);
  return n >= -0x80000000 && n <= 0x7fffffff;
}

function endpointFor(httpGet: Record<string, unknown>, virtualPort: number, proxyPort: number): JsonObject | undefined {
  let port = probePort(httpGet['port']);
  if (proxyPort > 0 && port === proxyPort) port = virtualPort;
  const path = asText(httpGet['path']);
  const fail = (why: string): never => {
    throw new ConversionError(`unable to convert virtual probe to real: ${why}`);
  };
  if (port !== virtualPort) fail(`probe's port ${port} should be equal to virtual port ${virtualPort}`);
  const segments = path.split('/');
  if (segments.length < 2 || segments[0] !== '') fail("not enough segments in probe's path");
  const head = segments[1] as string;
  if (head === 'tcp' || head === 'grpc') return undefined;
  if (!isInt32(head)) fail(`invalid port value ${head}`);
  const endpoint: JsonObject = {};
  const inboundPort = Number(head);
  if (inboundPort !== 0) endpoint['inboundPort'] = inboundPort >>> 0;
  endpoint['inboundPath'] = `/${segments.slice(2).join('/')}`;
  if (path !== '') endpoint['path'] = path;
  return endpoint;
}

function containersNeedingProbes(pod: PodView): ContainerView[] {
  const result: ContainerView[] = [];
  let afterSidecar = false;
  for (const c of pod.initContainers) {
    if (c.name === 'kuma-sidecar') {
      afterSidecar = true;
      continue;
    }
    if (afterSidecar && c.restartPolicy === 'Always') result.push(c);
  }
  for (const c of pod.containers) if (c.name !== 'kuma-sidecar') result.push(c);
  return result;
}

/** `spec.probes` for virtual probes (`kuma.io/virtual-probes` enabled), else undefined. */
export function probesFor(pod: PodView): JsonObject | undefined {
  if (readEnabled(pod.annotations, 'kuma.io/virtual-probes') !== true) return undefined;
  const port = readUint32(pod.annotations, 'kuma.io/virtual-probes-port');
  if (port === undefined) throw new ConversionError("kuma.io/virtual-probes-port annotation doesn't exist");
  const proxyPort = readUint32(pod.annotations, 'kuma.io/application-probe-proxy-port') ?? 0;
  const endpoints: JsonObject[] = [];
  for (const container of containersNeedingProbes(pod)) {
    for (const kind of PROBE_KINDS) {
      const httpGet = asRecord(asRecord(container.raw[kind])?.['httpGet']);
      if (httpGet === undefined) continue;
      const endpoint = endpointFor(httpGet, port, proxyPort);
      if (endpoint !== undefined) endpoints.push(endpoint);
    }
  }
  const probes: JsonObject = {};
  if (port !== 0) probes['port'] = port;
  if (endpoints.length > 0) probes['endpoints'] = endpoints;
  return probes;
}
