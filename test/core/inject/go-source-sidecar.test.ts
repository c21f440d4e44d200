/**
 * kuma-sidecar behaviours the upstream goldens do not pin, with expectations read from Kuma's Go
 * source at v2.14.3 (and v2.13.10 where named): pkg/plugins/runtime/k8s/containers/factory.go,
 * pkg/plugins/runtime/k8s/metadata/annotations.go, pkg/plugins/runtime/k8s/webhooks/injector/injector.go,
 * pkg/transparentproxy/kubernetes/kubernetes_config.go. Each test names the function it follows.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { injectPod } from '../../../src/core/inject/inject-pod.ts';
import { container, contextOf, envOf, injected, webPod, withAnnotations, type C } from './context.ts';

const udsOff = (s: { bootstrap: { envoyAdminUnixSocket: boolean } }): void => {
  s.bootstrap.envoyAdminUnixSocket = false;
};
const classicUdsOff = (s: { sidecarContainers: boolean; bootstrap: { envoyAdminUnixSocket: boolean } }): void => {
  s.sidecarContainers = false;
  udsOff(s);
};

describe('wait-for-dataplane-ready (factory.go NewContainer)', () => {
  test('classic, admin UDS off: the postStart URL uses the kuma.io/envoy-admin-port value (probePort = adminPort)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'yes', 'kuma.io/envoy-admin-port': '9911' })), {
      settings: classicUdsOff,
    });
    const sidecar = container(pod, 'containers', 'kuma-sidecar');
    assert.deepEqual(sidecar.lifecycle, { postStart: { exec: { command: ['kuma-dp', 'wait', '--url', 'http://localhost:9911/ready'] } } });
    assert.equal(sidecar.readinessProbe.httpGet.port, 9911);
  });

  test('the pod annotation "false" overrides config waitForDataplaneReady (GetEnabledWithDefault)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'false' })), {
      settings: (s) => {
        s.sidecarContainers = false;
        s.injector.sidecarContainer.waitForDataplaneReady = true;
      },
    });
    assert.equal(container(pod, 'containers', 'kuma-sidecar').lifecycle, undefined);
  });

  test('native: a ContainerPatch lifecycle and the postStart are both replaced by the preStop drain (injectKuma)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'true', 'kuma.io/container-patches': 'hook' })), {
      patches: { hook: { sidecarPatch: [{ op: 'add', path: '/lifecycle/preStop', value: '{"exec":{"command":["sleep","5"]}}' }] } },
    });
    assert.deepEqual(container(pod, 'initContainers', 'kuma-sidecar').lifecycle, {
      preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } },
    });
  });
});

describe('kuma.io/envoy-admin-port', () => {
  test('"0" is written back as "0" (NewAnnotations: GetUint32WithDefault returns the present value) while probes use the default admin port (NewContainer: 0 → DefaultAdminPort)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '0' })), { settings: udsOff });
    assert.equal(pod.metadata.annotations?.['kuma.io/envoy-admin-port'], '0');
    assert.equal(container(pod, 'initContainers', 'kuma-sidecar').livenessProbe.httpGet.port, 9901);
  });

  test('written in decimal form: "09911" becomes "9911" (fmt %d of the parsed uint32)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '09911' })), { settings: udsOff });
    assert.equal(pod.metadata.annotations?.['kuma.io/envoy-admin-port'], '9911');
    assert.equal(container(pod, 'initContainers', 'kuma-sidecar').startupProbe.httpGet.port, 9911);
  });

  test('v2.13.10 has no admin UDS: probes and postStart always follow the annotation', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '9911', 'kuma.io/wait-for-dataplane-ready': 'enabled' })), {
      version: '2.13',
    });
    const sidecar = container(pod, 'containers', 'kuma-sidecar');
    assert.equal(sidecar.readinessProbe.httpGet.port, 9911);
    assert.deepEqual(sidecar.lifecycle.postStart.exec.command, ['kuma-dp', 'wait', '--url', 'http://localhost:9911/ready']);
    assert.equal(pod.metadata.annotations?.['kuma.io/envoy-admin-port'], '9911');
  });

  test('ConfigMap mode writes the default admin port, not the pod value, while probes still use the pod value (ConfigToAnnotations reads its own result map)', () => {
    const ctx = contextOf({
      settings: (s) => {
        udsOff(s);
        s.injector.transparentProxyConfigMap = 'tp';
      },
    });
    const outcome = injectPod(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '9911' })), {
      ...ctx,
      transparentProxyConfigMap: () => ({ config: { kumaDPUser: '5678' } }),
    });
    assert.equal(outcome.kind, 'injected');
    if (outcome.kind !== 'injected') return;
    assert.equal(outcome.pod.metadata.annotations?.['kuma.io/envoy-admin-port'], '9901');
    assert.equal(container(outcome.pod, 'initContainers', 'kuma-sidecar').readinessProbe.httpGet.port, 9911);
  });
});

describe('env (factory.go sidecarEnvVars, annotations.go GetMap)', () => {
  test('present-but-empty log-level annotations still set their variables, with an empty value', () => {
    const sidecar = container(
      injected(webPod(withAnnotations({ 'kuma.io/envoy-log-level': '', 'kuma.io/envoy-component-log-level': '' }))),
      'initContainers',
      'kuma-sidecar',
    );
    const env = sidecar.env as C[];
    assert.deepEqual(
      env.find((e) => e.name === 'KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL'),
      { name: 'KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL' },
    );
    assert.deepEqual(
      env.find((e) => e.name === 'KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL'),
      { name: 'KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL' },
    );
  });

  test('log levels are not validated: any text passes through', () => {
    const env = envOf(
      container(
        injected(webPod(withAnnotations({ 'kuma.io/envoy-log-level': 'LOUD', 'kuma.io/envoy-component-log-level': 'upstream=debug' }))),
        'initContainers',
        'kuma-sidecar',
      ),
    );
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL, 'LOUD');
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL, 'upstream=debug');
  });

  test('sidecar-env-vars: split on ";" then "=", nothing trimmed, later duplicates win, a valueFrom entry is replaced by a plain value', () => {
    const sidecar = container(
      injected(webPod(withAnnotations({ 'kuma.io/sidecar-env-vars': 'A=1 ; B=2;A=3;POD_NAME=fixed' }))),
      'initContainers',
      'kuma-sidecar',
    );
    const env = sidecar.env as C[];
    assert.deepEqual(
      env.find((e) => e.name === 'A'),
      { name: 'A', value: '3' },
    );
    assert.deepEqual(
      env.find((e) => e.name === ' B'),
      { name: ' B', value: '2' },
    );
    assert.deepEqual(
      env.find((e) => e.name === 'POD_NAME'),
      { name: 'POD_NAME', value: 'fixed' },
    );
    const names = env.map((e) => e.name as string);
    assert.deepEqual(names.slice(0, 2), [' B', 'A'], 'sort.Stable by name: " " sorts before letters');
  });

  test('sidecar-env-vars beats config envVars, which beat the built-in variables', () => {
    const env = envOf(
      container(
        injected(webPod(withAnnotations({ 'kuma.io/sidecar-env-vars': 'KUMA_DATAPLANE_DRAIN_TIME=5s' })), {
          settings: (s) => {
            s.injector.sidecarContainer.envVars = { KUMA_DATAPLANE_DRAIN_TIME: '9s', KUMA_DNS_ENABLED: 'false' };
          },
        }),
        'initContainers',
        'kuma-sidecar',
      ),
    );
    assert.equal(env.KUMA_DATAPLANE_DRAIN_TIME, '5s');
    assert.equal(env.KUMA_DNS_ENABLED, 'false');
  });
});
