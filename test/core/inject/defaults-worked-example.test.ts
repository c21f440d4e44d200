/**
 * Spec §20 ("Worked example with v2.14.3 kuma-cp/Helm defaults") and its v2.13.10 paragraph: the
 * upstream fixtures run with admin-on-UDS, OTel pipe and the DNS proxy off, so these expectations
 * come from the spec text, not from our own output.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { container, envOf, injected, webPod } from './context.ts';

describe('spec §20 worked example, v2.14 defaults', () => {
  const pod = injected(webPod());

  test('§20 annotations and mesh label', () => {
    assert.deepEqual(pod.metadata.annotations, {
      'kubectl.kubernetes.io/default-container': 'web',
      'kuma.io/application-probe-proxy-port': '9001',
      'kuma.io/builtin-dns': 'enabled',
      'kuma.io/builtin-dns-logging': 'false',
      'kuma.io/builtin-dns-port': '15053',
      'kuma.io/envoy-admin-port': '9901',
      'kuma.io/sidecar-injected': 'true',
      'kuma.io/sidecar-uid': '5678',
      'kuma.io/transparent-proxying': 'enabled',
      'kuma.io/transparent-proxying-inbound-port': '15006',
      'kuma.io/transparent-proxying-ip-family-mode': 'dualstack',
      'kuma.io/transparent-proxying-outbound-port': '15001',
      'kuma.io/virtual-probes': 'disabled',
      'kuma.io/virtual-probes-port': '9000',
      'traffic.kuma.io/exclude-inbound-ports': '9902',
    });
    assert.deepEqual(pod.metadata.labels, { app: 'web', 'kuma.io/mesh': 'default' });
  });

  test('§20 app probe goes through the probe proxy with the timeout header', () => {
    assert.deepEqual(container(pod, 'containers', 'web').readinessProbe, {
      httpGet: { path: '/8080/healthz', port: 9001, httpHeaders: [{ name: 'X-Kuma-Probes-Timeout', value: '2' }] },
      timeoutSeconds: 2,
    });
  });

  test('§20 native layout: kuma-init, then kuma-sidecar', () => {
    assert.deepEqual(
      (pod.spec.initContainers as { name: string }[]).map((c) => c.name),
      ['kuma-init', 'kuma-sidecar'],
    );
    assert.deepEqual(
      (pod.spec.containers as { name: string }[]).map((c) => c.name),
      ['web'],
    );
    const init = container(pod, 'initContainers', 'kuma-init');
    assert.deepEqual(init.args, ['--exclude-inbound-ports=9902,9001', '--redirect-all-dns-traffic', '--verbose']);
    assert.deepEqual(init.resources, { requests: { cpu: '20m', memory: '20M' }, limits: { memory: '50M' } });
  });

  test('§20 kuma-sidecar: args, env, probes on 9902, resources, preStop', () => {
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    assert.equal(sidecar.restartPolicy, 'Always');
    assert.equal(sidecar.image, 'docker.io/kumahq/kuma-dp:2.14.3');
    assert.deepEqual(sidecar.args, ['run', '--log-level=info']);
    const env = envOf(sidecar);
    assert.deepEqual(Object.keys(env), [
      'HOST_IP',
      'INSTANCE_IP',
      'KUMA_APPLICATION_PROBE_PROXY_PORT',
      'KUMA_CONTROL_PLANE_CA_CERT',
      'KUMA_CONTROL_PLANE_URL',
      'KUMA_DATAPLANE_DRAIN_TIME',
      'KUMA_DATAPLANE_MESH',
      'KUMA_DATAPLANE_RUNTIME_TOKEN_PATH',
      'KUMA_DNS_ENABLED',
      'KUMA_DNS_ENABLE_LOGGING',
      'KUMA_DNS_PROXY_PORT',
      'POD_NAME',
      'POD_NAMESPACE',
    ]);
    assert.deepEqual(env.HOST_IP, { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } });
    assert.equal(env.KUMA_APPLICATION_PROBE_PROXY_PORT, '9001');
    assert.equal(env.KUMA_CONTROL_PLANE_URL, 'https://kuma-control-plane.kuma-system:5678');
    assert.equal(env.KUMA_DATAPLANE_DRAIN_TIME, '30s');
    assert.equal(env.KUMA_DNS_PROXY_PORT, '15053');
    const probe = (delay: number, success: number) => ({
      httpGet: { path: '/ready', port: 9902 },
      initialDelaySeconds: delay,
      timeoutSeconds: 3,
      periodSeconds: 5,
      successThreshold: success,
      failureThreshold: 12,
    });
    assert.deepEqual(sidecar.readinessProbe, probe(1, 1));
    assert.deepEqual(sidecar.livenessProbe, probe(60, 1));
    assert.deepEqual(sidecar.startupProbe, probe(1, 1));
    assert.deepEqual(sidecar.resources, {
      requests: { cpu: '50m', 'ephemeral-storage': '50M', memory: '64Mi' },
      limits: { 'ephemeral-storage': '1G', memory: '512Mi' },
    });
    assert.deepEqual(sidecar.lifecycle, { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } });
    assert.deepEqual(sidecar.volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }]);
  });

  test('§20 volumes', () => {
    assert.deepEqual(pod.spec.volumes, [
      { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
      { name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } },
    ]);
  });
});

describe('spec §20 worked example, v2.13 defaults (Appendix A)', () => {
  const pod = injected(webPod(), { version: '2.13' });

  test('§20/A.1 no readiness-port exclusion annotation', () => {
    assert.equal(pod.metadata.annotations?.['traffic.kuma.io/exclude-inbound-ports'], undefined);
  });

  test('§20/A.3 classic layout, sidecar first, concurrency 2, CPU limit 1, probes on 9901', () => {
    const sidecar = (pod.spec.containers as { name: string }[])[0] as Record<string, unknown>;
    assert.equal(sidecar.name, 'kuma-sidecar');
    assert.deepEqual(sidecar.args, ['run', '--log-level=info', '--concurrency=2']);
    assert.equal(sidecar.startupProbe, undefined);
    assert.equal(sidecar.restartPolicy, undefined);
    assert.equal(sidecar.lifecycle, undefined);
    assert.deepEqual((sidecar.readinessProbe as { httpGet: unknown }).httpGet, { path: '/ready', port: 9901 });
    assert.deepEqual((sidecar.resources as { limits: unknown }).limits, { cpu: '1', 'ephemeral-storage': '1G', memory: '512Mi' });
    const env = envOf(sidecar);
    assert.equal(env.HOST_IP, undefined);
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED, undefined);
  });

  test('§20/A.4 kuma-init appended with hard-coded resources', () => {
    const inits = pod.spec.initContainers as Record<string, unknown>[];
    assert.deepEqual(
      inits.map((c) => c.name),
      ['kuma-init'],
    );
    assert.deepEqual(inits[0]?.args, ['--exclude-inbound-ports=9001', '--redirect-all-dns-traffic', '--verbose']);
    assert.deepEqual(inits[0]?.resources, { requests: { cpu: '20m', memory: '20M' }, limits: { cpu: '100m', memory: '50M' } });
  });
});
