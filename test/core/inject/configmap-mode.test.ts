/** Spec §14: the opt-in ConfigMap transparent-proxy mode, with the Helm ConfigMap and v2.14 defaults. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { injectPod, type InjectContext } from '../../../src/core/inject/inject-pod.ts';
import { defaultTproxyConfig } from '../../../src/core/inject/tproxy-config.ts';
import { tproxyYaml } from '../../../src/core/inject/tproxy-yaml.ts';
import { container, contextOf, webPod, withAnnotations, type C, type TestWorld } from './context.ts';

/** The Helm chart's default ConfigMap content (spec §14.1), as parsed from its YAML. */
const HELM_CONFIG = {
  kumaDPUser: '5678',
  ipFamilyMode: 'dualstack',
  redirect: {
    dns: { enabled: true, captureAll: true, port: 15053, resolvConfigPath: '/etc/resolv.conf', skipConntrackZoneSplit: false },
    inbound: {
      enabled: true,
      port: 15006,
      includePorts: [],
      excludePorts: [],
      excludePortsForUIDs: [],
      excludePortsForIPs: [],
      insertRedirectInsteadOfAppend: false,
    },
    outbound: {
      enabled: true,
      port: 15001,
      includePorts: [],
      excludePorts: [],
      excludePortsForUIDs: [],
      excludePortsForIPs: [],
      insertRedirectInsteadOfAppend: false,
    },
    vnet: { networks: [] },
  },
  comments: { disabled: false },
  dropInvalidPackets: false,
  iptablesExecutables: {
    iptables: '',
    'iptables-save': '',
    'iptables-restore': '',
    ip6tables: '',
    'ip6tables-save': '',
    'ip6tables-restore': '',
  },
  log: { enabled: false },
  retry: { maxRetries: 4, sleepBetweenRetries: '2s' },
  storeFirewalld: false,
  verbose: false,
  wait: 5,
  waitInterval: 0,
};

function cmContext(world: TestWorld = {}, config: unknown = HELM_CONFIG): InjectContext {
  const ctx = contextOf({
    ...world,
    settings: (s) => {
      s.injector.transparentProxyConfigMap = 'kuma-transparent-proxy-config';
      world.settings?.(s);
    },
  });
  return { ...ctx, transparentProxyConfigMap: (name) => (name === 'kuma-transparent-proxy-config' ? { config } : undefined) };
}

function inject(pod = webPod(), ctx = cmContext()) {
  const outcome = injectPod(pod, ctx);
  if (outcome.kind !== 'injected') throw new Error(JSON.stringify(outcome));
  return outcome.pod;
}

function failure(pod = webPod(), ctx = cmContext()): string {
  const outcome = injectPod(pod, ctx);
  if (outcome.kind !== 'failed') throw new Error(`expected failure, got ${outcome.kind}`);
  return outcome.message;
}

describe('ConfigMap mode (spec §14)', () => {
  test('§14.2–14.4 config annotation with the Helm ConfigMap and v2.14 defaults', () => {
    const pod = inject();
    assert.equal(
      pod.metadata.annotations?.['traffic.kuma.io/transparent-proxy-config'],
      [
        'ipFamilyMode: dualstack',
        'kumaDPUser: "5678"',
        'redirect:',
        '  dns:',
        '    captureAll: true',
        '    enabled: true',
        '    port: 15053',
        '    resolvConfigPath: /etc/resolv.conf',
        '    skipConntrackZoneSplit: false',
        '  inbound:',
        '    enabled: true',
        '    excludePorts:',
        '    - 9001',
        '    - 9902',
        '    port: 15006',
        '  outbound:',
        '    enabled: true',
        '    port: 15001',
        'retry:',
        '  maxRetries: 4',
        '  sleepBetweenRetries: 2s',
        'wait: 5',
        'waitInterval: 0',
        '',
      ].join('\n'),
    );
  });

  test('§14.3 annotations written and not written', () => {
    const annotations =
      inject(webPod(withAnnotations({ 'kuma.io/virtual-probes-port': '1234', 'kuma.io/envoy-admin-port': '9911' }))).metadata.annotations ??
      {};
    const { ['traffic.kuma.io/transparent-proxy-config']: _config, ...rest } = annotations;
    assert.deepEqual(rest, {
      'kubectl.kubernetes.io/default-container': 'web',
      'kuma.io/application-probe-proxy-port': '9001',
      'kuma.io/envoy-admin-port': '9901',
      'kuma.io/sidecar-injected': 'true',
      'kuma.io/virtual-probes': 'disabled',
      'kuma.io/virtual-probes-port': '9000',
    });
  });

  test('§14.5 volumes, mounts and config-file flags, with a custom ConfigMap', () => {
    const pod = inject(webPod(withAnnotations({ 'traffic.kuma.io/transparent-proxy-configmap-name': 'mine' })));
    assert.deepEqual(pod.spec.volumes, [
      { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
      { name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } },
      {
        name: 'transparent-proxy-base',
        downwardAPI: {
          items: [{ path: 'config.yaml', fieldRef: { fieldPath: "metadata.annotations['traffic.kuma.io/transparent-proxy-config']" } }],
        },
      },
      { name: 'transparent-proxy-custom', configMap: { name: 'mine' } },
    ]);
    const mounts = [
      { name: 'transparent-proxy-base', mountPath: '/tmp/transparent-proxy/base', readOnly: true },
      { name: 'transparent-proxy-custom', mountPath: '/tmp/transparent-proxy/custom', readOnly: true },
    ];
    const init = container(pod, 'initContainers', 'kuma-init');
    assert.deepEqual(init.args, ['--config=/tmp/transparent-proxy/base/config.yaml', '--config=/tmp/transparent-proxy/custom/config.yaml']);
    assert.deepEqual(init.volumeMounts, [{ name: 'kuma-init-tmp', mountPath: '/tmp' }, ...mounts]);
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    assert.deepEqual(sidecar.args, [
      'run',
      '--log-level=info',
      '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml',
      '--transparent-proxy-config=/tmp/transparent-proxy/custom/config.yaml',
    ]);
    assert.deepEqual(sidecar.volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }, ...mounts]);
  });

  test('§14.6 CNI: kuma-validation reads the config file', () => {
    const pod = inject(
      webPod(),
      cmContext({
        settings: (s) => {
          s.injector.cniEnabled = true;
        },
      }),
    );
    const validation = container(pod, 'initContainers', 'kuma-validation');
    assert.deepEqual(validation.args, [
      '--config-file=/tmp/.kumactl',
      '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml',
    ]);
    assert.equal(pod.metadata.annotations?.['k8s.v1.cni.cncf.io/networks'], 'kuma-cni');
    assert.match(pod.metadata.annotations?.['traffic.kuma.io/transparent-proxy-config'] ?? '', /^cniMode: true\n/);
  });

  test('§14.2 gateway: inbound off, probe proxy 0, readiness port still excluded', () => {
    const pod = inject(webPod(withAnnotations({ 'kuma.io/gateway': 'enabled' })));
    const yaml = pod.metadata.annotations?.['traffic.kuma.io/transparent-proxy-config'] ?? '';
    assert.match(yaml, /  inbound:\n    enabled: false\n    excludePorts:\n    - 9902\n    port: 15006\n/);
    assert.equal(pod.metadata.annotations?.['kuma.io/application-probe-proxy-port'], '0');
  });

  test('§14.2 annotations: IP family spelling kept, drop-invalid-packets, iptables logs, UID rules, outbound exclusions', () => {
    const pod = inject(
      webPod(
        withAnnotations({
          'kuma.io/transparent-proxying-ip-family-mode': 'IPv4',
          'traffic.kuma.io/drop-invalid-packets': 'yes',
          'traffic.kuma.io/iptables-logs': 'true',
          'traffic.kuma.io/exclude-outbound-ports-for-uids': 'tcp:22:1000;1000:22',
          'traffic.kuma.io/exclude-outbound-ports': ' 443, 80 ,',
          'traffic.kuma.io/exclude-outbound-ips': 'fd00::/8,10.0.0.1',
        }),
      ),
    );
    const yaml = pod.metadata.annotations?.['traffic.kuma.io/transparent-proxy-config'] ?? '';
    assert.match(yaml, /^dropInvalidPackets: true\nipFamilyMode: IPv4\n/);
    assert.match(yaml, /\nlog:\n  enabled: true\n  level: 7\n/);
    assert.match(
      yaml,
      /  outbound:\n    enabled: true\n    excludePorts:\n    - 443\n    - 80\n    excludePortsForIPs:\n    - fd00::\/8\n    - 10.0.0.1\n    excludePortsForUIDs:\n    - tcp:22:1000\n    - "1000:22"\n    port: 15001\n/,
    );
  });

  test('§14 errors, worded as the webhook words them', () => {
    assert.equal(
      failure(webPod(withAnnotations({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv6' }))),
      "invalid IP Family Mode in annotation 'kuma.io/transparent-proxying-ip-family-mode': ipv6: must be one of 'dualstack' or 'ipv4'",
    );
    assert.equal(
      failure(webPod(withAnnotations({ 'traffic.kuma.io/exclude-inbound-ports': '80,x' }))),
      "value 'x' is not a valid port (uint16 in the range [1, 65535])",
    );
    // config.go Ports.append trims with strings.TrimSpace, which does not treat a byte-order mark as space.
    assert.equal(
      failure(webPod(withAnnotations({ 'traffic.kuma.io/exclude-inbound-ports': '\ufeff80' }))),
      "value '\ufeff80' is not a valid port (uint16 in the range [1, 65535])",
    );
    assert.equal(
      failure(webPod(withAnnotations({ 'traffic.kuma.io/drop-invalid-packets': 'enabled' }))),
      'annotation "traffic.kuma.io/drop-invalid-packets" has wrong value "enabled"',
    );
    // kubernetes_config.go ConfigForKubernetes returns these unwrapped (no "could not generate annotations" prefix, unlike the legacy
    // path).
    assert.equal(
      failure(webPod(withAnnotations({ 'kuma.io/transparent-proxying-ebpf': 'on' }))),
      'annotation "kuma.io/transparent-proxying-ebpf" has wrong value "on"',
    );
    assert.equal(
      failure(webPod(withAnnotations({ 'traffic.kuma.io/iptables-logs': 'disabled' }))),
      'annotation "traffic.kuma.io/iptables-logs" has wrong value "disabled"',
    );
    assert.equal(
      failure(webPod(), cmContext({}, null)),
      "could not retrieve transparent proxy configuration: key 'config.yaml' is missing or empty",
    );
    assert.equal(
      failure(webPod(), cmContext({}, { redirect: { inbound: { port: '15006' } } })),
      `could not retrieve transparent proxy configuration: value '"15006"' is not a valid port (uint16 in the range [1, 65535])`,
    );
  });

  test('§14.1 lists in the ConfigMap replace, objects merge, unknown keys are ignored', () => {
    const pod = inject(
      webPod(),
      cmContext({}, { kumaDPUser: 'x', unknown: 1, redirect: { outbound: { excludePorts: [22] }, dns: { captureAll: true } } }),
    );
    const yaml = pod.metadata.annotations?.['traffic.kuma.io/transparent-proxy-config'] ?? '';
    assert.match(yaml, /kumaDPUser: "5678"/, 'the config uid always wins');
    assert.match(yaml, /  dns:\n    captureAll: true\n    enabled: false\n    port: 15053\n/);
    assert.match(yaml, /  outbound:\n    enabled: true\n    excludePorts:\n    - 22\n/);
  });
});

describe('config annotation YAML (spec §14.4)', () => {
  test('§14.4 omitted-unless-meaningful keys appear when set, sorted, quoted only when needed', () => {
    const c = defaultTproxyConfig();
    c.kumaDPUser = 'kuma-dp';
    c.comments.disabled = true;
    c.verbose = true;
    c.iptablesExecutables = { iptables: '/usr/sbin/iptables', ip6tables: '' };
    c.redirect.vnet.networks = ['docker0:172.17.0.0/16'];
    c.redirect.outbound.excludePortsForUIDs = ['yes', ' lead', 'a: b', '# c'];
    c.ebpf.enabled = true;
    const text = tproxyYaml(c);
    assert.equal(
      text
        .split('\n')
        .filter((l) => /^\S/.test(l))
        .map((l) => l.split(':')[0])
        .join(','),
      'comments,ebpf,ipFamilyMode,iptablesExecutables,kumaDPUser,redirect,retry,verbose,wait,waitInterval',
    );
    assert.match(text, /\niptablesExecutables:\n  iptables: \/usr\/sbin\/iptables\n/);
    assert.match(text, /  vnet:\n    networks:\n    - docker0:172.17.0.0\/16\n/);
    assert.match(text, /    excludePortsForUIDs:\n    - "yes"\n    - ' lead'\n    - 'a: b'\n    - '# c'\n/);
    assert.match(text, /\nebpf:\n  bpffsPath: \/run\/kuma\/bpf\n  cgroupPath: \/sys\/fs\/cgroup\n  enabled: true\n  instanceIP: ""\n/);
    assert.ok(text.endsWith('waitInterval: 0\n'));
  });

  test('§7 native placement is the same in the ConfigMap mode', () => {
    const pod = inject(
      webPod((p) => {
        (p.spec as { initContainers?: C[] }).initContainers = [{ name: 'setup' }];
      }),
    );
    assert.deepEqual(
      (pod.spec.initContainers as C[]).map((c) => c.name),
      ['kuma-init', 'kuma-sidecar', 'setup'],
    );
  });
});
