import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderControlPlane, type HelmRender, type RenderInput } from '../../../../src/core/cp-config/helm/render.ts';
import { fromPlain, type HelmMap } from '../../../../src/core/cp-config/helm/values.ts';
import { KUMA_CHART_2_13_10, KUMA_CHART_2_14_3, kongMeshChart } from '../../../../src/config/helm-charts/charts.ts';

function render(values: unknown, extra: Partial<RenderInput> = {}): HelmRender {
  const outcome = renderControlPlane({ chart: KUMA_CHART_2_14_3, values: fromPlain(values) as HelmMap, ...extra });
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.render;
}

function fails(values: unknown, extra: Partial<RenderInput> = {}): { error: string; valuesPath?: string } {
  const outcome = renderControlPlane({ chart: KUMA_CHART_2_14_3, values: fromPlain(values) as HelmMap, ...extra });
  assert.ok(!outcome.ok, 'rendered');
  return outcome;
}

const envOf = (r: HelmRender): Map<string, string | undefined> => new Map(r.env.map((e) => [e.name, e.value]));

test('the 2.13.10 chart rules (spec §3.7): no resources, MADS, inbound-tags, metrics or admin-socket env, sidecar containers only when true, no divisors', () => {
  const values = {
    experimental: { sidecarContainers: false, inboundTagsDisabled: true, exposeZoneProxyMetrics: true, envoyAdminUnixSocket: true },
  };
  const outcome = renderControlPlane({ chart: KUMA_CHART_2_13_10, values: fromPlain(values) as HelmMap });
  assert.ok(outcome.ok);
  const names = outcome.render.env.map((e) => e.name);
  for (const absent of [
    'KUMA_MONITORING_ASSIGNMENT_SERVER_ENABLED',
    'KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_CPU',
    'KUMA_INJECTOR_INIT_CONTAINER_RESOURCES_REQUESTS_CPU',
    'KUMA_INJECTOR_VALIDATION_CONTAINER_RESOURCES_LIMITS_MEMORY',
    'KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS',
    'KUMA_EXPERIMENTAL_INBOUND_TAGS_DISABLED',
    'KUMA_EXPERIMENTAL_EXPOSE_ZONE_PROXY_METRICS',
    'KUMA_BOOTSTRAP_SERVER_PARAMS_ENVOY_ADMIN_UNIX_SOCKET',
  ]) {
    assert.ok(!names.includes(absent), absent);
  }
  assert.equal(envOf(outcome.render).get('KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE'), 'docker.io/kumahq/kuma-dp:2.13.10');
  assert.deepEqual(outcome.render.env.find((e) => e.name === 'GOMEMLIMIT')?.valueFrom, {
    resourceFieldRef: { containerName: 'control-plane', resource: 'limits.memory' },
  });
  const on = renderControlPlane({ chart: KUMA_CHART_2_13_10, values: fromPlain({ experimental: { sidecarContainers: true } }) as HelmMap });
  assert.ok(on.ok);
  assert.equal(envOf(on.render).get('KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS'), 'true');
  // The same values on 2.14.3 write every one of them.
  const names14 = render(values).env.map((e) => e.name);
  for (const present of [
    'KUMA_MONITORING_ASSIGNMENT_SERVER_ENABLED',
    'KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_CPU',
    'KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS',
    'KUMA_EXPERIMENTAL_INBOUND_TAGS_DISABLED',
    'KUMA_EXPERIMENTAL_EXPOSE_ZONE_PROXY_METRICS',
    'KUMA_BOOTSTRAP_SERVER_PARAMS_ENVOY_ADMIN_UNIX_SOCKET',
  ]) {
    assert.ok(names14.includes(present), present);
  }
});

test("Kong Mesh values nest under kuma:, get kong-mesh names, Kong images and namespace, and the parent's global wins", () => {
  const parent = kongMeshChart(KUMA_CHART_2_14_3);
  const r = render({ kuma: { dataPlane: { image: { tag: '2.14.3-k' } } }, global: { image: { tag: '2.14.3' } } }, { parent });
  const env = envOf(r);
  assert.equal(r.name, 'kong-mesh');
  assert.equal(r.namespace, 'kong-mesh-system');
  assert.equal(r.deploymentName, 'kong-mesh-control-plane');
  assert.equal(env.get('KUMA_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME'), 'kong-mesh-control-plane');
  assert.equal(env.get('KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE'), 'docker.io/kong/kuma-dp:2.14.3-k');
  assert.equal(env.get('KUMA_INJECTOR_INIT_CONTAINER_IMAGE'), 'docker.io/kong/kuma-init:2.14.3');
  assert.equal(r.controlPlaneImage, 'docker.io/kong/kuma-cp:2.14.3');
  assert.ok(
    r.unknowns.some((u) => u.includes('kuma.parentEnv')),
    'the hidden parent env is reported',
  );
  const bad = fails({ global: { image: { tag: '2.13.0' } } }, { parent });
  assert.match(bad.error, /only supports Kong Mesh version "2.14.3" but kuma.global.image.tag is set to "2.13.0"/);
  assert.match(fails({ kuma: 'flat' }, { parent }).error, /kuma is the text "flat"/);
  // Helm's coalescing warnings name the key as the user wrote it, under kuma:.
  assert.deepEqual(render({ kuma: { controlPlane: { podAnnotations: 'flat' } } }, { parent }).warnings, [
    "cannot overwrite table with non table for kuma.controlPlane.podAnnotations: the chart's map is replaced by the value given",
  ]);
  assert.deepEqual(render({ controlPlane: { podAnnotations: 'flat' } }).warnings, [
    "cannot overwrite table with non table for controlPlane.podAnnotations: the chart's map is replaced by the value given",
  ]);
});

test('render failures name the values path: a non-map where the chart reads a field, non-text names, a map as controlPlane.config', () => {
  assert.equal(fails({ controlPlane: { tls: null } }).valuesPath, 'controlPlane.tls');
  assert.equal(fails({ dataPlane: 'x' }).valuesPath, 'dataPlane');
  assert.equal(fails({ controlPlane: { envVars: ['A=1'] } }).valuesPath, 'controlPlane.envVars');
  assert.equal(fails({ controlPlane: { config: { runtime: {} } } }).valuesPath, 'controlPlane.config');
  assert.equal(fails({ controlPlane: { mode: 'remote' } }).valuesPath, 'controlPlane.mode');
  assert.equal(fails({ controlPlane: { mode: 'global', zone: 'z' } }).valuesPath, 'controlPlane.zone');
  assert.equal(fails({ controlPlane: { kdsGlobalAddress: 'https://g:5685' } }).valuesPath, 'controlPlane.kdsGlobalAddress');
  assert.equal(fails({ controlPlane: { tls: { general: { secretName: 's' } } } }).valuesPath, 'controlPlane.tls.general.secretName');
  assert.equal(
    fails({ controlPlane: { tls: { general: { certManager: { enabled: true, dnsNames: [] } } } } }).valuesPath,
    'controlPlane.tls.general.certManager.dnsNames',
  );
  assert.equal(fails({ controlPlane: { envVarEntries: [{ name: 'X', value: 5 }] } }).valuesPath, 'controlPlane.envVarEntries[0].value');
  assert.equal(fails({ cni: { enabled: true, namespace: 'a: b' } }).valuesPath, 'cni.namespace');
  assert.equal(fails({ nameOverride: 'Bad_Name' }).valuesPath, 'nameOverride');
  assert.equal(
    fails({ controlPlane: { environment: 'universal', mode: 'zone' }, ingress: { enabled: true } }).valuesPath,
    'ingress.enabled',
  );
});

test("controlPlane.config becomes the config file after the chart's three comment lines; none leaves only the comments", () => {
  const header = '# use this file to override default configuration of `kuma-cp`\n#\n# see conf/kuma-cp.conf.yml for available settings\n';
  assert.equal(render({}).config.text, header);
  assert.equal(
    render({ controlPlane: { config: 'runtime:\n  kubernetes:\n    injector:\n      cniEnabled: true\n\n\n' } }).config.text,
    `${header}\n\nruntime:\n  kubernetes:\n    injector:\n      cniEnabled: true\n`,
  );
  assert.equal(render({}).config.path, '/etc/kuma.io/kuma-control-plane/config.yaml');
  assert.deepEqual(render({}).mounts.find((m) => m.mountPath === '/etc/kuma.io/kuma-control-plane')?.source, {
    kind: 'configMap',
    name: 'kuma-control-plane-config',
  });
});

test("the CA file's source: the chart-made Secret and cert-manager's are unknowable; a caSecretName is mounted over ca.crt", () => {
  const ca = (r: HelmRender) => r.mounts.find((m) => m.mountPath === '/var/run/secrets/kuma.io/tls-cert/ca.crt');
  const generated = render({});
  assert.deepEqual(ca(generated), {
    mountPath: '/var/run/secrets/kuma.io/tls-cert/ca.crt',
    subPath: 'ca.crt',
    volume: 'general-tls-cert',
    source: { kind: 'secret', name: 'kuma-tls-cert' },
  });
  assert.equal(generated.unknownSecrets.length, 1);
  assert.match(generated.unknownSecrets[0]?.reason ?? '', /lookup.*genCA/);
  const certManager = render({ controlPlane: { tls: { general: { certManager: { enabled: true } } } } });
  assert.match(certManager.unknownSecrets[0]?.reason ?? '', /cert-manager/);
  const user = render({ controlPlane: { tls: { general: { secretName: 'mine', caBundle: 'Zm9v', caSecretName: 'my-ca' } } } });
  assert.deepEqual(user.unknownSecrets, []);
  assert.deepEqual(ca(user)?.source, { kind: 'secret', name: 'my-ca' });
  assert.equal(ca(user)?.volume, 'general-tls-cert-ca');
  const universal = render({ controlPlane: { environment: 'universal', mode: 'global' } });
  assert.equal(universal.kubernetesEnvironment, false);
  assert.equal(ca(universal), undefined);
});

test('--set integers print as integers where values-file numbers print as floats (1e+06)', () => {
  const set = render({ controlPlane: { envVars: { KUMA_X: 1000000n, KUMA_Y: 1000000 } } });
  assert.equal(envOf(set).get('KUMA_X'), '1000000');
  assert.equal(envOf(set).get('KUMA_Y'), '1e+06');
});

test('values that render otherwise than they read are named: an empty envVars value losing to the chart default, a number printed as 1e+06', () => {
  const r = render({
    controlPlane: {
      envVars: {
        KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS: false,
        KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE: '',
        KUMA_X: false,
        KUMA_UID: 1000000,
        KUMA_PORT: 5678,
        KUMA_Y: 'false',
      },
    },
  });
  assert.equal(r.pitfalls.length, 3, r.pitfalls.join('\n'));
  assert.match(
    r.pitfalls.join('\n'),
    /KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS is the boolean false.*renders its own KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS="true"/,
  );
  assert.match(r.pitfalls.join('\n'), /KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE is the text "".*ca\.crt"/);
  assert.match(r.pitfalls.join('\n'), /KUMA_UID is the number 1000000, which the chart renders as "1e\+06"/);
  // No chart default behind KUMA_X: false renders as "false"; 5678 and the text "false" render as written.
  assert.deepEqual(render({ controlPlane: { envVars: { KUMA_X: false, KUMA_PORT: 5678, KUMA_Y: 'false' } } }).pitfalls, []);
});

test('transparentProxy.configMap.enabled: the ConfigMap the chart renders beside kuma-cp, its name and the config the injector reads from it', () => {
  assert.equal(render({}).transparentProxy, undefined);
  const on = render({ transparentProxy: { configMap: { enabled: true, config: { wait: 7 } } } });
  assert.equal(on.transparentProxy?.name, 'kuma-transparent-proxy-config');
  assert.equal(on.transparentProxy?.config['wait'], 7);
  assert.ok('redirect' in (on.transparentProxy?.config ?? {}), 'the chart default config is coalesced under the value');
  assert.equal(render({ transparentProxy: { configMap: { enabled: true, name: 'tp-' } } }).transparentProxy?.name, 'tp');
  assert.equal(
    fails({ transparentProxy: { configMap: { enabled: true, config: 'wait: 7' } } }).valuesPath,
    'transparentProxy.configMap.config',
  );
});
