/**
 * Reading a rendered control-plane install: the kubelet's env rules (valueFrom, envFrom, $(VAR),
 * last entry wins), files through volume mounts (subPath, folders, items, projected, node-only
 * volumes), and what kuma-cp then computes, each class of input with its finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import type { ControlPlaneInstall, InstallEnvVar, InstallMount } from '../../../src/core/cp-config/install.ts';
import { resolveInstallEnv } from '../../../src/core/cp-config/install-env.ts';
import { readMountedFile } from '../../../src/core/cp-config/mounted-file.ts';
import { settingsFromInstall } from '../../../src/core/cp-config/settings.ts';
import { configFileArg, controlPlaneDeployments } from '../../../src/core/cp-config/read-install.ts';
import { installLookups } from '../../../src/config/control-plane-install.ts';
import { versionProfile } from '../../../src/config/releases.ts';
import { readYamlNode } from '../../../src/krm/yaml-node-reader.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function secret(name: string, data: Record<string, string>, stringData?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'kuma-system' },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
    ...(stringData === undefined ? {} : { stringData }),
  };
}
function configMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kuma-system' }, data };
}

/** The env a chart install always sets (what kuma-cp needs to start on Kubernetes). */
const BASE_ENV: InstallEnvVar[] = [
  { name: 'KUMA_ENVIRONMENT', value: 'kubernetes' },
  { name: 'KUMA_STORE_TYPE', value: 'kubernetes' },
  { name: 'KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE', value: 'kuma-system' },
  { name: 'KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR', value: '/var/run/secrets/kuma.io/tls-cert' },
  { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE', value: '/var/run/secrets/kuma.io/tls-cert/ca.crt' },
];

const MOUNTS: InstallMount[] = [
  {
    mountPath: '/var/run/secrets/kuma.io/tls-cert/ca.crt',
    subPath: 'ca.crt',
    volume: 'general-tls-cert',
    source: { kind: 'secret', name: 'kuma-tls-cert' },
  },
  {
    mountPath: '/etc/kuma.io/kuma-control-plane',
    volume: 'kuma-control-plane-config',
    source: { kind: 'configMap', name: 'kuma-control-plane-config' },
  },
  { mountPath: '/tmp', volume: 'tmp', source: { kind: 'other', type: 'emptyDir' } },
];

function install(env: InstallEnvVar[], extra: Partial<ControlPlaneInstall> = {}): ControlPlaneInstall {
  return {
    origin: { kind: 'bundle' },
    describedAs: 'Deployment kuma-system/kuma-control-plane',
    namespace: 'kuma-system',
    env,
    configFile: { kind: 'none' },
    mounts: MOUNTS,
    unknowns: [],
    ...extra,
  };
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('env: valueFrom references resolve from the bundle; optional ones to missing objects leave the variable unset; runtime fields are unknown', () => {
  const lookups = installLookups([secret('s', { key: 'from-secret' }), configMap('c', { key: 'from-configmap' })], [], readYamlNode);
  const env = resolveInstallEnv(
    install([
      { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'key' } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'c', key: 'key' } } },
      { name: 'C', valueFrom: { secretKeyRef: { name: 'absent', key: 'key' } } },
      { name: 'D', valueFrom: { secretKeyRef: { name: 'absent', key: 'key', optional: true } } },
      { name: 'E', valueFrom: { configMapKeyRef: { name: 'c', key: 'nokey' } } },
      { name: 'F', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'G', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
    ]),
    lookups,
  );
  assert.equal(env.vars.get('A')?.value, 'from-secret');
  assert.equal(env.vars.get('B')?.value, 'from-configmap');
  assert.match(env.vars.get('C')?.unknown ?? '', /Secret kuma-system\/absent is neither in the input nor in the side inputs/);
  assert.equal(env.vars.has('D'), false);
  assert.match(env.vars.get('E')?.unknown ?? '', /has no key nokey/);
  assert.match(env.vars.get('F')?.unknown ?? '', /status\.podIP/);
  assert.match(env.vars.get('G')?.unknown ?? '', /limits\.memory/);
});

test('env: the last entry of a name wins, $(VAR) expands from earlier entries, $$ escapes, envFrom comes first with its prefix', () => {
  const lookups = installLookups([configMap('extra', { ONE: '1', TWO: '2' })], [], readYamlNode);
  const env = resolveInstallEnv(
    install(
      [
        { name: 'X', value: 'first' },
        { name: 'X', value: 'second' },
        { name: 'Y', value: '$(X)-$(P_ONE)-$$(X)-$(UNDEFINED)' },
        { name: 'P_TWO', value: 'env wins' },
        { name: 'Z', value: '$(F)' },
        { name: 'F', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'W', value: '$(F)' },
      ],
      { envFrom: [{ prefix: 'P_', configMapRef: { name: 'extra' } }] },
    ),
    lookups,
  );
  assert.equal(env.vars.get('X')?.value, 'second');
  assert.equal(env.vars.get('Y')?.value, 'second-1-$(X)-$(UNDEFINED)');
  assert.equal(env.vars.get('P_ONE')?.value, '1');
  assert.equal(env.vars.get('P_TWO')?.value, 'env wins');
  assert.equal(env.vars.get('Z')?.value, '$(F)', 'a reference to a later entry stays as written');
  assert.match(env.vars.get('W')?.unknown ?? '', /refers to \$\(F\)/);
});

test('files through mounts: subPath file, key of a folder mount, items, projected, node-only volumes, unmounted paths', () => {
  const cm = configMap('kuma-control-plane-config', { 'config.yaml': 'mode: zone\n' });
  const lookups = installLookups(
    [secret('kuma-tls-cert', { 'ca.crt': PEM }, {}), cm, secret('p2', { 'x.pem': 'second source' })],
    [],
    readYamlNode,
  );
  const base = install([]);
  assert.deepEqual(readMountedFile('/var/run/secrets/kuma.io/tls-cert/ca.crt', base, lookups), {
    kind: 'found',
    text: PEM,
    from: 'Secret kuma-system/kuma-tls-cert key ca.crt',
    volume: 'general-tls-cert',
  });
  assert.equal((readMountedFile('/etc/kuma.io/kuma-control-plane/config.yaml', base, lookups) as { text: string }).text, 'mode: zone\n');
  assert.match(
    (readMountedFile('/etc/kuma.io/kuma-control-plane/other.yaml', base, lookups) as { reason: string }).reason,
    /has no key other\.yaml/,
  );
  assert.match((readMountedFile('/tmp/ca.crt', base, lookups) as { reason: string }).reason, /emptyDir volume/);
  assert.match((readMountedFile('/opt/ca.crt', base, lookups) as { reason: string }).reason, /not mounted from a Secret or ConfigMap/);
  const withItems = install([], {
    mounts: [
      { mountPath: '/certs', volume: 'v', source: { kind: 'secret', name: 'kuma-tls-cert', items: [{ key: 'ca.crt', path: 'root.pem' }] } },
    ],
  });
  assert.equal((readMountedFile('/certs/root.pem', withItems, lookups) as { text: string }).text, PEM);
  assert.equal(readMountedFile('/certs/ca.crt', withItems, lookups).kind, 'unknown', 'items hide keys they do not list');
  const projected = install([], {
    mounts: [
      {
        mountPath: '/p',
        volume: 'v',
        source: {
          kind: 'projected',
          sources: [
            { kind: 'secret', name: 'absent' },
            { kind: 'secret', name: 'p2' },
          ],
        },
      },
    ],
  });
  assert.equal((readMountedFile('/p/x.pem', projected, lookups) as { text: string }).text, 'second source');
  const stringWins = installLookups([secret('kuma-tls-cert', { 'ca.crt': 'old' }, { 'ca.crt': PEM })], [], readYamlNode);
  assert.equal(
    (readMountedFile('/var/run/secrets/kuma.io/tls-cert/ca.crt', base, stringWins) as { text: string }).text,
    PEM,
    'stringData is merged over data',
  );
  const generated = install([], {
    unknownObjects: [{ kind: 'Secret', name: 'kuma-tls-cert', reason: 'generated by the chart with genCA at render time' }],
  });
  assert.match((readMountedFile('/var/run/secrets/kuma.io/tls-cert/ca.crt', generated, lookups) as { reason: string }).reason, /genCA/);
});

const release = versionProfile('2.14').cpConfig;

function codes(findings: readonly { tags?: Record<string, string> }[]): string[] {
  return findings.map((f) => f.tags?.['code'] ?? '');
}

test('a config-file key the env also sets is shadowed: the env value is used and a warning names both', () => {
  const text =
    'runtime:\n  kubernetes:\n    injector:\n      sidecarContainer:\n        resources:\n          limits:\n            cpu: 500m\n      cniEnabled: true\n';
  const lookups = installLookups([configMap('kuma-control-plane-config', { 'config.yaml': text })], [], readYamlNode);
  const out = settingsFromInstall(
    install([...BASE_ENV, { name: 'KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_CPU', value: '0' }], {
      configFile: {
        kind: 'text',
        path: '/etc/kuma.io/kuma-control-plane/config.yaml',
        text,
        from: 'ConfigMap kuma-system/kuma-control-plane-config key config.yaml',
      },
    }),
    lookups,
    release,
  );
  assert.ok(out.ok);
  if (!out.ok) return;
  assert.equal(out.effective['runtime.kubernetes.injector.sidecarContainer.resources.limits.cpu'], '0');
  assert.equal(out.effective['runtime.kubernetes.injector.cniEnabled'], true, "a key the env does not set is the file's");
  assert.deepEqual(out.sources['runtime.kubernetes.injector.cniEnabled'], { kind: 'file', key: 'runtime.kubernetes.injector.cniEnabled' });
  const shadowed = out.findings.filter((f) => f.tags?.['code'] === 'KI0903');
  assert.equal(shadowed.length, 1);
  assert.match(
    shadowed[0]?.message ?? '',
    /key runtime\.kubernetes\.injector\.sidecarContainer\.resources\.limits\.cpu \("500m"\) has no effect: the env var KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_CPU .* to "0"/,
  );
  assert.equal(
    (out.settings['injector'] as { sidecarContainer: { resources: { limits: { cpu: string } } } }).sidecarContainer.resources.limits.cpu,
    '0',
  );
});

test('KUMA_* names kuma-cp does not read are warned about, with the nearest known name; other variables are not', () => {
  const out = settingsFromInstall(
    install([
      ...BASE_ENV,
      { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLD', value: 'true' },
      { name: 'kuma_runtime_kubernetes_injector_cni_enabled', value: 'true' },
      { name: 'GOMAXPROCS', value: '2' },
      { name: 'KMESH_LICENSE_INLINE', value: 'x' },
    ]),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.ok(out.ok);
  const warnings = out.findings.filter((f) => f.tags?.['code'] === 'KI0904').map((f) => f.message);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /did you mean KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED\?/);
  assert.match(warnings[1] ?? '', /case-sensitive: kuma-cp reads KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED/);
  if (out.ok) assert.equal(out.effective['runtime.kubernetes.injector.cniEnabled'], false);
});

test('a config kuma-cp would refuse is an error naming the env var or the config key and its object', () => {
  const badEnv = settingsFromInstall(
    install([...BASE_ENV, { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED', value: 'yes' }]),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.equal(badEnv.ok, false);
  assert.deepEqual(
    codes(badEnv.findings).filter((c) => c === 'KI0902'),
    ['KI0902'],
  );
  assert.match(
    badEnv.findings.find((f) => f.tags?.['code'] === 'KI0902')?.message ?? '',
    /converting 'yes' to type bool.*Fix the env var KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED \(env\[5\]\)/,
  );
  const text = 'runtime: {kubernetes: {injector: {sidecarContainer: {drainTime: "30"}}}}\n';
  const badFile = settingsFromInstall(
    install(BASE_ENV, {
      configFile: {
        kind: 'text',
        path: '/etc/kuma.io/kuma-control-plane/config.yaml',
        text,
        from: 'ConfigMap kuma-system/kuma-control-plane-config key config.yaml',
      },
    }),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.equal(badFile.ok, false);
  assert.match(
    badFile.findings[0]?.message ?? '',
    /missing unit in duration.*Fix the config key runtime\.kubernetes\.injector\.sidecarContainer\.drainTime \(ConfigMap kuma-system\/kuma-control-plane-config key config\.yaml\)/,
  );
  const invalid = settingsFromInstall(
    install([...BASE_ENV, { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_READINESS_PROBE_PERIOD_SECONDS', value: '0' }]),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.equal(invalid.ok, false);
  assert.match(invalid.findings[0]?.message ?? '', /\.ReadinessProbe is not valid: \.PeriodSeconds must be >= 1/);
  assert.equal(invalid.findings[0]?.field?.path, 'runtime.kubernetes.injector.sidecarContainer.readinessProbe.periodSeconds');
});

test('a key set from a value only the cluster knows is unknown: a warning, the default kept, never a guess', () => {
  const out = settingsFromInstall(
    install([
      ...BASE_ENV,
      { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE', valueFrom: { secretKeyRef: { name: 'images', key: 'dp' } } },
    ]),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.ok(out.ok);
  const warning = out.findings.find((f) => f.tags?.['code'] === 'KI0905');
  assert.match(
    warning?.message ?? '',
    /sets runtime\.kubernetes\.injector\.sidecarContainer\.image, but its value is unknown offline: Secret kuma-system\/images is neither/,
  );
  if (out.ok) assert.deepEqual(out.sources['runtime.kubernetes.injector.sidecarContainer.image'], { kind: 'default' });
});

test('the CA comes from the file caCertFile names, through its mount; unknown when the Secret is not here', () => {
  const known = settingsFromInstall(
    install(BASE_ENV),
    installLookups([secret('kuma-tls-cert', { 'ca.crt': PEM })], [], readYamlNode),
    release,
  );
  assert.ok(known.ok);
  if (known.ok) assert.equal((known.settings['controlPlane'] as { caCert: string }).caCert, PEM);
  const unknown = settingsFromInstall(install(BASE_ENV), installLookups([], [], readYamlNode), release);
  assert.ok(unknown.ok);
  if (!unknown.ok) return;
  assert.equal((unknown.settings['controlPlane'] as { caCert?: string }).caCert, undefined, 'no CA is invented');
  assert.match(
    unknown.findings.find((f) => f.tags?.['code'] === 'KI0907')?.message ?? '',
    /Secret kuma-system\/kuma-tls-cert is neither in the input nor in the side inputs/,
  );
  const none = settingsFromInstall(
    install(BASE_ENV.filter((e) => e.name !== 'KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE')),
    installLookups([], [], readYamlNode),
    release,
  );
  if (none.ok)
    assert.equal((none.settings['controlPlane'] as { caCert: string }).caCert, '', 'an empty caCertFile gives sidecars an empty CA');
});

test('2.13 reads its own keys: 2.14-only variables are unknown names, the sidecar CPU limit default is 1000m', () => {
  const out = settingsFromInstall(
    install([...BASE_ENV, { name: 'KUMA_INJECTOR_INIT_CONTAINER_RESOURCES_LIMITS_CPU', value: '0' }]),
    installLookups([], [], readYamlNode),
    versionProfile('2.13').cpConfig,
  );
  assert.ok(out.ok);
  if (!out.ok) return;
  assert.match(
    out.findings.find((f) => f.tags?.['code'] === 'KI0904')?.message ?? '',
    /KUMA_INJECTOR_INIT_CONTAINER_RESOURCES_LIMITS_CPU is not a variable this kuma-cp release reads/,
  );
  assert.equal(out.effective['runtime.kubernetes.injector.sidecarContainer.resources.limits.cpu'], '1000m');
  assert.equal('runtime.kubernetes.injector.otelPipeEnabled' in out.effective, false);
  assert.equal((out.settings['injector'] as Record<string, unknown>)['otelPipeEnabled'], undefined);
});

test('global mode and the universal environment register no injector: reported instead of settings', () => {
  for (const [env, why] of [
    [{ name: 'KUMA_MODE', value: 'global' }, /global mode/],
    [{ name: 'KUMA_ENVIRONMENT', value: 'universal' }, /environment is universal/],
  ] as const) {
    const out = settingsFromInstall(install([...BASE_ENV, env]), installLookups([], [], readYamlNode), release);
    assert.ok(out.ok);
    if (!out.ok) continue;
    assert.equal(out.injectorActive, false);
    assert.deepEqual(out.settings, {});
    assert.match(out.findings.find((f) => f.tags?.['code'] === 'KI0908')?.message ?? '', why);
  }
});

test("which Deployments run kuma-cp: the chart's container, a mirrored image with KUMA_* env, control-plane with a kuma-cp image; not any `run --config-file` program", () => {
  const deployment = (name: string, container: Record<string, unknown>, apiVersion = 'apps/v1'): KubeObject => ({
    apiVersion,
    kind: 'Deployment',
    metadata: { name, namespace: 'x' },
    spec: { template: { spec: { containers: [container] } } },
  });
  const objects = [
    deployment('chart', {
      name: 'control-plane',
      image: 'docker.io/kumahq/kuma-cp:2.14.3',
      args: ['run', '--config-file=/etc/kuma.io/kuma-control-plane/config.yaml'],
    }),
    deployment('mirrored', {
      name: 'cp',
      image: 'registry.internal/mesh/cp:2.14.3',
      args: ['run', '-c', '/etc/cp.yaml'],
      env: [{ name: 'KUMA_MODE', value: 'zone' }],
    }),
    deployment('named', { name: 'control-plane', image: 'docker.io/kong/kuma-cp:2.14.3' }),
    deployment('other-app', { name: 'app', image: 'example/app:1', args: ['run', '--config-file=/app.yaml'] }),
    deployment(
      'old-api',
      { name: 'control-plane', image: 'docker.io/kumahq/kuma-cp:2.14.3', args: ['run', '--config-file=/c.yaml'] },
      'extensions/v1beta1',
    ),
  ];
  assert.deepEqual(
    controlPlaneDeployments(objects).map((d) => d.metadata.name),
    ['chart', 'mirrored', 'named'],
  );
  assert.equal(configFileArg(['run', '-c', '/etc/cp.yaml']), '/etc/cp.yaml');
  assert.equal(configFileArg(['run', '--config-file', '/a.yaml']), '/a.yaml');
  assert.equal(configFileArg(['run', '--log-level=info']), undefined);
});

test('a config-file key kuma-cp has no field for is a warning with the nearest name at its level; case-insensitive matches are not', () => {
  const text =
    'runtime:\n  kubernetes:\n    injector:\n      sidecarContainer:\n        imagee: foo/bar:1\n      CNIENABLED: true\n    injectr: {}\nnoSuchSection: 1\n';
  const out = settingsFromInstall(
    install(BASE_ENV, {
      configFile: {
        kind: 'text',
        path: '/etc/kuma.io/kuma-control-plane/config.yaml',
        text,
        from: 'ConfigMap kuma-system/kuma-control-plane-config key config.yaml',
      },
    }),
    installLookups([], [], readYamlNode),
    release,
  );
  assert.ok(out.ok);
  if (!out.ok) return;
  const messages = out.findings.filter((f) => f.tags?.['code'] === 'KI0915').map((f) => f.message);
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.ok(
    messages.some((m) =>
      /key runtime\.kubernetes\.injector\.sidecarContainer\.imagee is not a kuma-cp setting.*did you mean runtime\.kubernetes\.injector\.sidecarContainer\.image\?/.test(
        m,
      ),
    ),
  );
  assert.ok(
    messages.some((m) => /key runtime\.kubernetes\.injectr is not a kuma-cp setting.*did you mean runtime\.kubernetes\.injector\?/.test(m)),
  );
  assert.ok(messages.some((m) => /key noSuchSection is not a kuma-cp setting/.test(m)));
  assert.equal(out.effective['runtime.kubernetes.injector.cniEnabled'], true, 'CNIENABLED matches cniEnabled, as in encoding/json');
});
