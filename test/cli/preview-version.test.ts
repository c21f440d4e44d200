/**
 * The 3.0-dev preview profile through the whole CLI: the injected template equals the worked
 * example of the spec (docs/kuma-injector-next.md §20, Helm defaults), the Dataplane preview is the
 * tag-free shape of that line, every run warns which commit it reproduces, a bundle ConfigMap
 * replaces the chart's default content, and a second run changes nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { runCli } from './cli-run.ts';

const BUNDLE = `apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {kuma.io/sidecar-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web:1
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /healthz, port: http}, timeoutSeconds: 2}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http, appProtocol: http}]}
`;

/** §20 of the spec, verbatim. */
const SPEC_20_TPROXY = `ipFamilyMode: dualstack
kumaDPUser: "5678"
redirect:
  dns:
    captureAll: true
    enabled: true
    port: 15053
    resolvConfigPath: /etc/resolv.conf
    skipConntrackZoneSplit: false
  inbound:
    enabled: true
    excludePorts:
    - 9001
    - 9902
    port: 15006
  outbound:
    enabled: true
    port: 15001
retry:
  maxRetries: 4
  sleepBetweenRetries: 2s
wait: 5
waitInterval: 0
`;

type Obj = Record<string, any>;
const objects = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d !== null);
const run = (stdin: string, ...flags: string[]) => runCli(['-f', '-', '--product', 'kuma', '--version', '3.0-dev', ...flags], { stdin });

describe('version 3.0-dev (preview of Kuma master at 348b652)', () => {
  test('the injected template is the spec §20 worked example', async () => {
    const r = await run(BUNDLE);
    assert.equal(r.code, 0, r.stderr);
    const template = objects(r.stdout).find((o) => o['kind'] === 'Deployment')!['spec']['template'];
    const annotations = template.metadata.annotations as Record<string, string>;
    assert.deepEqual(Object.keys(annotations).sort(), [
      'kubectl.kubernetes.io/default-container',
      'kuma.io/application-probe-proxy-port',
      'kuma.io/envoy-admin-port',
      'kuma.io/sidecar-injected',
      'traffic.kuma.io/transparent-proxy-config',
    ]);
    assert.equal(annotations['traffic.kuma.io/transparent-proxy-config'], SPEC_20_TPROXY);
    assert.equal(annotations['kuma.io/application-probe-proxy-port'], '9001');
    assert.equal(template.metadata.labels['kuma.io/mesh'], 'default');
    const [init, sidecar] = template.spec.initContainers as Obj[];
    assert.equal(init!['name'], 'kuma-init');
    assert.deepEqual(init!['args'], ['--config=/tmp/transparent-proxy/base/config.yaml']);
    assert.deepEqual(sidecar!['args'], ['run', '--log-level=info', '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml']);
    assert.deepEqual(
      (sidecar!['env'] as Obj[]).map((e) => e['name']),
      [
        'HOST_IP',
        'INSTANCE_IP',
        'KUMA_APPLICATION_PROBE_PROXY_PORT',
        'KUMA_CONTROL_PLANE_CA_CERT',
        'KUMA_CONTROL_PLANE_URL',
        'KUMA_DATAPLANE_DRAIN_TIME',
        'KUMA_DATAPLANE_MESH',
        'KUMA_DATAPLANE_RUNTIME_TOKEN_PATH',
        'KUMA_DNS_ENABLED',
        'KUMA_DNS_PROXY_PORT',
        'POD_NAME',
        'POD_NAMESPACE',
      ],
    );
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      assert.deepEqual(sidecar![probe]['httpGet'], { path: '/ready', port: 9902 });
    assert.deepEqual(sidecar!['resources'], {
      requests: { cpu: '50m', 'ephemeral-storage': '50M', memory: '64Mi' },
      limits: { 'ephemeral-storage': '1G', memory: '512Mi' },
    });
    assert.deepEqual(template.spec.containers[0].readinessProbe.httpGet, {
      path: '/8080/healthz',
      port: 9001,
      httpHeaders: [{ name: 'X-Kuma-Probes-Timeout', value: '2' }],
    });
    assert.deepEqual(
      (template.spec.volumes as Obj[]).map((v) => v['name']),
      ['kuma-init-tmp', 'kuma-sidecar-tmp', 'transparent-proxy-base'],
    );
    assert.match(sidecar!['image'], /:0\.0\.0-preview\.v348b6528b$/);
  });

  test('every run warns which commit it reproduces; failOn: warning turns that into a failure', async () => {
    const r = await run(BUNDLE);
    assert.match(r.stderr, /^warning: .*version 3\.0-dev is a preview .* at commit 348b652 .*not a release/m);
    const strict = await run(BUNDLE, '--fail-on', 'warning');
    assert.equal(strict.code, 1);
  });

  test('the preview Dataplane has the tag-free shape of that line', async () => {
    const r = await run(BUNDLE, '--previews', 'inline');
    const dp = objects(r.stdout).find((o) => o['kind'] === 'Dataplane')!;
    assert.deepEqual(dp['spec']['networking']['inbound'], [{ port: 8080, name: 'http', protocol: 'http', health: { ready: true } }]);
    assert.equal(dp['metadata']['labels']['kuma.io/proxy-type'], undefined);
    assert.equal(dp['spec']['networking']['transparentProxying'], undefined);
  });

  test('a transparent-proxy ConfigMap in the bundle replaces the chart default', async () => {
    const configMap = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: kuma-transparent-proxy-config, namespace: kuma-system}
data:
  config.yaml: |
    kumaDPUser: "5678"
    ipFamilyMode: ipv4
`;
    const r = await run(BUNDLE + configMap);
    assert.equal(r.code, 0, r.stderr);
    const tproxy = objects(r.stdout).find((o) => o['kind'] === 'Deployment')!['spec']['template']['metadata']['annotations'][
      'traffic.kuma.io/transparent-proxy-config'
    ] as string;
    assert.match(tproxy, /^ipFamilyMode: ipv4$/m);
    assert.match(tproxy, /^ {4}enabled: false$/m, 'DNS redirection off: the bundle ConfigMap has none');
  });

  test('rendering its own output again changes nothing', async () => {
    const first = await run(BUNDLE);
    const second = await run(first.stdout);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
  });
});
