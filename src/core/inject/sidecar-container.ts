import type { Settings } from '../settings.ts';
import type { ProbeTimings } from './injector-config.ts';
import { getEnabled, getUint32, type StringMap } from './annotation-values.ts';
import type { PodLike } from './inject-pod.ts';
import { isConfigMapMode, tproxyFlags } from './configmap-mode.ts';
import { KEY, NAME } from './keys.ts';
import type { Container } from './pod-shape.ts';
import { concurrencyFromCpuLimit, sidecarResources } from './resources.ts';
import { sidecarEnv } from './sidecar-env.ts';
import { sidecarMounts } from './sidecar-mounts.ts';

/** The `kuma-sidecar` container as the webhook builds it, before patches and placement (spec §6). */

/** The port kuma-sidecar's probes use: readiness port with admin-on-UDS (where the release does that), else the admin port. */
function sidecarProbePort(pod: StringMap, settings: Settings): number {
  const adminPort = getUint32(pod, KEY.envoyAdminPort) ?? 0;
  const effectiveAdmin = adminPort === 0 ? settings.bootstrap.adminPort : adminPort;
  const uds = settings.release.injector.readinessPortWithAdminSocket && settings.bootstrap.envoyAdminUnixSocket;
  return uds ? settings.bootstrap.readinessPort : effectiveAdmin;
}

/** A `/ready` probe with the configured timings; zero timings are left out (API defaults). */
function readyProbe(port: number, timings: ProbeTimings, successThreshold: number): Record<string, unknown> {
  const probe: Record<string, unknown> = { httpGet: { path: '/ready', port } };
  const fields: [string, number][] = [
    ['initialDelaySeconds', timings.initialDelaySeconds],
    ['timeoutSeconds', timings.timeoutSeconds],
    ['periodSeconds', timings.periodSeconds],
    ['successThreshold', successThreshold],
    ['failureThreshold', timings.failureThreshold],
  ];
  for (const [key, value] of fields) if (value !== 0) probe[key] = value;
  return probe;
}

function concurrency(pod: StringMap, settings: Settings): number {
  const fromAnnotation = getUint32(pod, KEY.concurrency);
  return fromAnnotation ?? concurrencyFromCpuLimit(settings);
}

/** Builds kuma-sidecar. Throws WebhookError in the webhook's order (env, concurrency, admin port, wait, mounts). */
export function buildSidecar(pod: PodLike, settings: Settings, mesh: string): Container {
  const annotations = pod.metadata.annotations ?? {};
  const sc = settings.injector.sidecarContainer;
  const env = sidecarEnv(annotations, settings, mesh);
  const cpus = concurrency(annotations, settings);
  const probePort = sidecarProbePort(annotations, settings);
  const waitReady = getEnabled(annotations, KEY.waitForDataplaneReady) ?? sc.waitForDataplaneReady;
  const args = ['run', '--log-level=info'];
  if (cpus > 0) args.push(`--concurrency=${cpus}`);
  const volumeMounts = sidecarMounts(pod, settings);
  if (isConfigMapMode(settings)) args.push(...tproxyFlags(annotations, '--transparent-proxy-config'));
  const container: Container = {
    name: NAME.sidecar,
    image: sc.image,
    args,
    env,
    resources: sidecarResources(settings),
    volumeMounts,
    livenessProbe: readyProbe(probePort, sc.livenessProbe, 1),
    readinessProbe: readyProbe(probePort, sc.readinessProbe, sc.readinessProbe.successThreshold),
  };
  const podLevel = pod.spec['resources'];
  if (settings.release.injector.podLevelResourcesClearSidecar && podLevel !== undefined && podLevel !== null) container.resources = {};
  if (settings.sidecarContainers) container.startupProbe = readyProbe(probePort, sc.startupProbe, 1);
  if (waitReady) {
    container.lifecycle = {
      postStart: { exec: { command: ['kuma-dp', 'wait', '--url', `http://localhost:${probePort}/ready`] } },
    };
  }
  container.imagePullPolicy = 'IfNotPresent';
  container.securityContext = {
    capabilities: { drop: ['ALL'] },
    runAsUser: sc.uid,
    runAsGroup: sc.gid,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  };
  return container;
}
