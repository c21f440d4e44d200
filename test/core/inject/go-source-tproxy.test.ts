/**
 * Legacy transparent-proxy, probe and ContainerPatch behaviours the upstream goldens do not pin,
 * with expectations read from Kuma's Go source at v2.14.3:
 * pkg/plugins/runtime/k8s/webhooks/injector/injector.go (NewAnnotations, injectKuma, loadContainerPatches, NewInitContainer),
 * pkg/transparentproxy/kubernetes/kubernetes.go (NewPodRedirectFromAnnotations, AsKumactlCommandLine),
 * pkg/plugins/runtime/k8s/probes/{probe_converter.go,probe.go}, pkg/plugins/runtime/k8s/metadata/annotations.go.
 * Each test names the function it follows.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { container, envOf, failedWith, injected, webPod, withAnnotations, type C } from './context.ts';

const initArgs = (pod: ReturnType<typeof injected>): string[] => container(pod, 'initContainers', 'kuma-init').args as string[];

describe('builtin DNS per pod (NewAnnotations, NewPodRedirectFromAnnotations, sidecarEnvVars)', () => {
  test('kuma.io/builtin-dns: disabled → no DNS annotations written, the user value stays, no DNS flags; env still follows the config', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/builtin-dns': 'disabled', 'kuma.io/builtin-dns-logging': 'not-parsed' })));
    const ann = pod.metadata.annotations ?? {};
    assert.equal(ann['kuma.io/builtin-dns'], 'disabled');
    assert.equal(ann['kuma.io/builtin-dns-port'], undefined);
    assert.equal(ann['kuma.io/builtin-dns-logging'], 'not-parsed', 'never parsed while DNS is off');
    assert.deepEqual(initArgs(pod), ['--exclude-inbound-ports=9902,9001', '--verbose']);
    const env = envOf(container(pod, 'initContainers', 'kuma-sidecar'));
    assert.equal(env.KUMA_DNS_ENABLED, 'true');
    assert.equal(env.KUMA_DNS_PROXY_PORT, '15053');
  });

  test('kuma.io/builtin-dns: enabled with config DNS off → annotations and flags (port from the pod), env KUMA_DNS_ENABLED=false', () => {
    const pod = injected(
      webPod(
        withAnnotations({ 'kuma.io/builtin-dns': 'enabled', 'kuma.io/builtin-dns-port': '25053', 'kuma.io/builtin-dns-logging': 'yes' }),
      ),
      {
        settings: (s) => {
          s.injector.builtinDNS.enabled = false;
        },
      },
    );
    const ann = pod.metadata.annotations ?? {};
    assert.deepEqual(
      [ann['kuma.io/builtin-dns'], ann['kuma.io/builtin-dns-port'], ann['kuma.io/builtin-dns-logging']],
      ['enabled', '25053', 'true'],
    );
    assert.deepEqual(initArgs(pod), [
      '--exclude-inbound-ports=9902,9001',
      '--redirect-all-dns-traffic',
      '--redirect-dns-port=25053',
      '--verbose',
    ]);
    const env = envOf(container(pod, 'initContainers', 'kuma-sidecar'));
    assert.equal(env.KUMA_DNS_ENABLED, 'false');
    assert.equal(env.KUMA_DNS_PROXY_PORT, undefined);
  });

  test('DNS off: a bad kuma.io/builtin-dns-port still fails, unprefixed, when kumactl flags are read back (NewPodRedirectFromAnnotations)', () => {
    assert.equal(
      failedWith(webPod(withAnnotations({ 'kuma.io/builtin-dns': 'false', 'kuma.io/builtin-dns-port': 'x' }))).message,
      'failed to parse annotation "kuma.io/builtin-dns-port": strconv.ParseUint: parsing "x": invalid syntax',
    );
  });
});

describe('kumactl flags (AsKumactlCommandLine)', () => {
  test('exclude-outbound-ports-for-uids: split on ";" only, items not trimmed, empty items dropped by flag(); kept on gateway pods', () => {
    const pod = injected(
      webPod(
        withAnnotations({
          'kuma.io/gateway': 'enabled',
          'traffic.kuma.io/exclude-outbound-ports-for-uids': ' tcp:22:1000;udp:53,54:0-10;',
        }),
      ),
    );
    assert.deepEqual(initArgs(pod), [
      '--exclude-outbound-ports-for-uids= tcp:22:1000',
      '--exclude-outbound-ports-for-uids=udp:53,54:0-10',
      '--redirect-inbound=false',
      '--redirect-all-dns-traffic',
      '--verbose',
    ]);
  });

  test('kuma.io/gateway: enabled with v2.14 defaults: inbound off, readiness port still written to the annotation, probe proxy 0, probes untouched', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/gateway': 'enabled' })));
    const ann = pod.metadata.annotations ?? {};
    assert.equal(ann['traffic.kuma.io/exclude-inbound-ports'], '9902');
    assert.equal(ann['kuma.io/application-probe-proxy-port'], '0');
    assert.equal(ann['kuma.io/virtual-probes'], 'disabled');
    assert.deepEqual(initArgs(pod), ['--redirect-inbound=false', '--redirect-all-dns-traffic', '--verbose']);
    assert.equal(envOf(container(pod, 'initContainers', 'kuma-sidecar')).KUMA_APPLICATION_PROBE_PROXY_PORT, '0');
    assert.deepEqual(container(pod, 'containers', 'web').readinessProbe, {
      httpGet: { path: '/healthz', port: 'http' },
      timeoutSeconds: 2,
    });
  });

  test('kuma.io/gateway: provided (a delegated-gateway value the control plane understands) is rejected by the webhook (SetVirtualProbesEnabledAnnotation: GetEnabled)', () => {
    const outcome = failedWith(webPod(withAnnotations({ 'kuma.io/gateway': 'provided' })));
    assert.equal(outcome.message, 'unable to set kuma.io/virtual-probes: annotation "kuma.io/gateway" has wrong value "provided"');
    assert.equal(outcome.field, 'metadata.annotations["kuma.io/gateway"]');
  });

  test('exclude IPs are trimmed with strings.TrimSpace: NEL (U+0085) goes, a byte-order mark (U+FEFF) stays (NewPodRedirectFromAnnotations)', () => {
    const pod = injected(webPod(withAnnotations({ 'traffic.kuma.io/exclude-outbound-ips': '\u0085 10.0.0.1 ,\ufeff10.0.0.2' })));
    assert.ok(initArgs(pod).includes('--exclude-outbound-ips=10.0.0.1,\ufeff10.0.0.2'), initArgs(pod).join(' '));
  });

  test('IP family "ipv6" on the pod is not validated on the legacy path: written back and passed to kumactl', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv6' })));
    assert.equal(pod.metadata.annotations?.['kuma.io/transparent-proxying-ip-family-mode'], 'ipv6');
    assert.equal(initArgs(pod)[0], '--ip-family-mode=ipv6');
  });
});

describe('eBPF (NewAnnotations, NewInitContainer)', () => {
  const ebpfOn = {
    settings: (s: { injector: { ebpf: { enabled: boolean } } }) => {
      s.injector.ebpf.enabled = true;
    },
  };

  test('config on, pod "disabled": no eBPF annotations or flags, but kuma-init keeps the eBPF shape and the host-path volumes', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/transparent-proxying-ebpf': 'disabled' })), ebpfOn);
    const ann = pod.metadata.annotations ?? {};
    assert.equal(ann['kuma.io/transparent-proxying-ebpf'], 'disabled');
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-bpf-fs-path'], undefined);
    const init = container(pod, 'initContainers', 'kuma-init');
    assert.ok(!(init.args as string[]).some((a) => a.startsWith('--ebpf')));
    assert.deepEqual(init.securityContext, {
      capabilities: {},
      privileged: true,
      runAsUser: 0,
      runAsGroup: 0,
      readOnlyRootFilesystem: true,
    });
    assert.deepEqual(
      (pod.spec.volumes as C[]).map((v) => v.name),
      ['kuma-init-tmp', 'kuma-sidecar-tmp', 'sys-fs-cgroup', 'bpf-fs'],
    );
  });

  test('pod paths win over config paths, an empty pod path suppresses annotation and flag (GetStringWithDefault)', () => {
    const pod = injected(
      webPod(
        withAnnotations({
          'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/run/bpf',
          'kuma.io/transparent-proxying-ebpf-cgroup-path': '',
        }),
      ),
      ebpfOn,
    );
    const ann = pod.metadata.annotations ?? {};
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-bpf-fs-path'], '/run/bpf');
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-cgroup-path'], '');
    assert.deepEqual(
      initArgs(pod).filter((a) => a.startsWith('--ebpf')),
      ['--ebpf-enabled', '--ebpf-bpffs-path=/run/bpf', '--ebpf-programs-source-path=/tmp/kuma-ebpf'],
    );
  });

  test('instance IP: config instanceIPEnvVarName is an annotation KEY; the explicit annotation, listed last, wins (GetString(keys...) keeps the last present key)', () => {
    const viaConfigKey = injected(webPod(withAnnotations({ INSTANCE_IP: 'MY_POD_IP' })), ebpfOn);
    assert.equal(viaConfigKey.metadata.annotations?.['kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name'], 'MY_POD_IP');
    assert.ok(initArgs(viaConfigKey).includes('--ebpf-instance-ip=$(MY_POD_IP)'));
    const both = injected(
      webPod(withAnnotations({ INSTANCE_IP: 'A', 'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name': 'B' })),
      ebpfOn,
    );
    assert.ok(initArgs(both).includes('--ebpf-instance-ip=$(B)'));
  });
});

describe('ContainerPatch names (loadContainerPatches, GetList)', () => {
  const addEnv = { sidecarPatch: [{ op: 'add' as const, path: '/env/-', value: '{"name":"PATCHED","value":"1"}' }] };

  test('a name listed twice is applied twice; config names come first', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/container-patches': 'p,,p' })), {
      settings: (s) => {
        s.injector.containerPatches = ['p'];
      },
      patches: { p: addEnv },
    });
    const env = container(pod, 'initContainers', 'kuma-sidecar').env as C[];
    assert.equal(env.filter((e) => e.name === 'PATCHED').length, 3);
  });

  test('names are not trimmed and ";" is not a separator', () => {
    assert.equal(
      failedWith(webPod(withAnnotations({ 'kuma.io/container-patches': 'p, p;q' })), { patches: { p: addEnv } }).message,
      'it appears some expected container patches are missing: [" p;q"]',
    );
  });
});

describe('probe proxy headers (probe_converter.go httpProbeToVirtual)', () => {
  test('only a header named exactly "Host" is renamed; empty values are kept; timeout 1 adds no header', () => {
    const pod = injected(
      webPod((p) => {
        (p.spec.containers as C[])[0]!.readinessProbe = {
          httpGet: {
            path: '/r',
            port: 8080,
            httpHeaders: [
              { name: 'host', value: 'a' },
              { name: 'X-Empty', value: '' },
            ],
          },
          timeoutSeconds: 1,
        };
      }),
    );
    assert.deepEqual(container(pod, 'containers', 'web').readinessProbe, {
      httpGet: {
        path: '/8080/r',
        port: 9001,
        httpHeaders: [
          { name: 'host', value: 'a' },
          { name: 'X-Empty', value: '' },
        ],
      },
      timeoutSeconds: 1,
    });
  });

  test('an unresolvable named port counts as 0 (IntOrString.IntValue)', () => {
    const pod = injected(
      webPod((p) => {
        (p.spec.containers as C[])[0]!.livenessProbe = { tcpSocket: { port: 'nope' } };
      }),
    );
    assert.deepEqual(container(pod, 'containers', 'web').livenessProbe, { httpGet: { path: '/tcp/0', port: 9001 } });
  });
});

describe('pre-check (precheck.go isInjectionException)', () => {
  test('an exception matches only labels the pod has: a key named like a JS object member does not skip every pod', () => {
    const world = {
      settings: (s: { injector: { exceptions: { labels: Record<string, string> } } }) => {
        s.injector.exceptions.labels = { constructor: '*' };
      },
    };
    assert.equal(injected(webPod(), world).metadata.labels?.['kuma.io/mesh'], 'default');
  });
});
