/** Every annotation parse error, worded as the webhook words it (spec §5, §18), and which check fails first. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { injectPod } from '../../../src/core/inject/inject-pod.ts';
import { contextOf, failedWith, webPod, withAnnotations } from './context.ts';

const cases: [string, Record<string, string>, string, string?][] = [
  ['§5 duration', { 'kuma.io/sidecar-drain-time': 'abc' }, 'time: invalid duration "abc"'],
  ['§5 duration without unit', { 'kuma.io/sidecar-drain-time': '10' }, 'time: missing unit in duration "10"'],
  ['§5 duration with unknown unit', { 'kuma.io/sidecar-drain-time': '10x' }, 'time: unknown unit "x" in duration "10x"'],
  [
    "time.ParseDuration quotes with the time package's quote: a YAML block scalar's newline is \\x0a",
    { 'kuma.io/sidecar-drain-time': '10s\n' },
    'time: unknown unit "s\\x0a" in duration "10s\\x0a"',
  ],
  [
    'strconv.ParseUint quotes with strconv.Quote: a copied no-break space is \\u00a0',
    { 'kuma.io/sidecar-proxy-concurrency': '2\u00a0' },
    'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing "2\\u00a0": invalid syntax',
  ],
  [
    '§5 duration whose unit is a JS object member name (time.ParseDuration unitMap lookup)',
    { 'kuma.io/sidecar-drain-time': '1toString' },
    'time: unknown unit "toString" in duration "1toString"',
  ],
  [
    '§5 uint32 syntax',
    { 'kuma.io/sidecar-proxy-concurrency': '-1' },
    'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing "-1": invalid syntax',
  ],
  [
    '§5 uint32 range',
    { 'kuma.io/sidecar-proxy-concurrency': '4294967296' },
    'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing "4294967296": value out of range',
  ],
  [
    '§5 uint32 empty',
    { 'kuma.io/envoy-admin-port': '' },
    'failed to parse annotation "kuma.io/envoy-admin-port": strconv.ParseUint: parsing "": invalid syntax',
  ],
  [
    '§5 map',
    { 'kuma.io/sidecar-env-vars': 'A=1;B' },
    'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2',
  ],
  [
    '§5 map with trailing ;',
    { 'kuma.io/sidecar-env-vars': 'A=1;' },
    'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2',
  ],
  ['§5 enabled-boolean is case-sensitive', { 'kuma.io/init-first': 'True' }, 'annotation "kuma.io/init-first" has wrong value "True"'],
  [
    '§6.5 wait-for-dataplane-ready',
    { 'kuma.io/wait-for-dataplane-ready': '' },
    'annotation "kuma.io/wait-for-dataplane-ready" has wrong value ""',
  ],
  [
    '§6.7 SPIRE',
    { 'k8s.kuma.io/spire-support': 'x' },
    'getting k8s.kuma.io/spire-support annotation failed: annotation "k8s.kuma.io/spire-support" has wrong value "x"',
  ],
  [
    '§13.1 virtual probes on a gateway',
    { 'kuma.io/gateway': 'enabled', 'kuma.io/virtual-probes': 'enabled' },
    "unable to set kuma.io/virtual-probes: virtual probes can't be enabled in gateway mode",
  ],
  [
    '§13.1 gateway parse error surfaces through VP',
    { 'kuma.io/gateway': 'builtin' },
    'unable to set kuma.io/virtual-probes: annotation "kuma.io/gateway" has wrong value "builtin"',
  ],
  [
    '§13.1 probe proxy on a gateway',
    { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '9000' },
    "unable to set kuma.io/application-probe-proxy-port: application probe proxies probes can't be enabled in gateway mode",
  ],
  [
    '§6.6 token volume',
    { 'kuma.io/service-account-token-volume': 'nope' },
    'volume (nope) specified for kuma.io/service-account-token-volume but volume does not exist in pod spec',
  ],
  [
    '§8 eBPF annotation',
    { 'kuma.io/transparent-proxying-ebpf': 'on' },
    'could not generate annotations for pod: getting kuma.io/transparent-proxying-ebpf annotation failed: annotation "kuma.io/transparent-proxying-ebpf" has wrong value "on"',
  ],
  [
    '§8 builtin-dns',
    { 'kuma.io/builtin-dns': 'on' },
    'could not generate annotations for pod: annotation "kuma.io/builtin-dns" has wrong value "on"',
  ],
  [
    '§8 builtin-dns-port',
    { 'kuma.io/builtin-dns-port': 'x' },
    'could not generate annotations for pod: failed to parse annotation "kuma.io/builtin-dns-port": strconv.ParseUint: parsing "x": invalid syntax',
  ],
  [
    '§8 virtual-probes-port',
    { 'kuma.io/virtual-probes-port': '1.5' },
    'could not generate annotations for pod: unable to set kuma.io/virtual-probes-port: failed to parse annotation "kuma.io/virtual-probes-port": strconv.ParseUint: parsing "1.5": invalid syntax',
  ],
  // Below: wording and precedence read from v2.14.3 Go source (function named first).
  ['factory.go sidecarEnvVars: empty drain time', { 'kuma.io/sidecar-drain-time': '' }, 'time: invalid duration ""'],
  [
    'annotations.go GetMap: "=" inside a value',
    { 'kuma.io/sidecar-env-vars': 'A=b=c' },
    'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2',
  ],
  [
    'annotations.go GetMap: empty annotation',
    { 'kuma.io/sidecar-env-vars': '' },
    'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2',
  ],
  [
    'factory.go proxyConcurrencyFor: ParseUint takes no sign',
    { 'kuma.io/sidecar-proxy-concurrency': '+2' },
    'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing "+2": invalid syntax',
  ],
  [
    'factory.go envoyAdminPort',
    { 'kuma.io/envoy-admin-port': '9901x' },
    'failed to parse annotation "kuma.io/envoy-admin-port": strconv.ParseUint: parsing "9901x": invalid syntax',
  ],
  [
    'probe.go SetVirtualProbesEnabledAnnotation: virtual-probes',
    { 'kuma.io/virtual-probes': 'on' },
    'unable to set kuma.io/virtual-probes: annotation "kuma.io/virtual-probes" has wrong value "on"',
  ],
  [
    'probe.go SetVirtualProbesEnabledAnnotation: probe-proxy port parsed inside the VP rule',
    { 'kuma.io/application-probe-proxy-port': 'x' },
    'unable to set kuma.io/virtual-probes: failed to parse annotation "kuma.io/application-probe-proxy-port": strconv.ParseUint: parsing "x": invalid syntax',
  ],
  [
    'probe.go: on a gateway the VP rule returns early, so the probe-proxy rule reports the bad port',
    { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': 'x' },
    'unable to set kuma.io/application-probe-proxy-port: failed to parse annotation "kuma.io/application-probe-proxy-port": strconv.ParseUint: parsing "x": invalid syntax',
  ],
  [
    'injector.go NewAnnotations: builtin-dns-logging',
    { 'kuma.io/builtin-dns-logging': 'on' },
    'could not generate annotations for pod: annotation "kuma.io/builtin-dns-logging" has wrong value "on"',
  ],
  [
    'injector.go injectKuma: init-first, unprefixed',
    { 'kuma.io/init-first': 'first' },
    'annotation "kuma.io/init-first" has wrong value "first"',
  ],
];

describe('annotation parse errors', () => {
  for (const [name, annotations, message] of cases) {
    test(`${name}: ${message}`, () => {
      const outcome = failedWith(webPod(withAnnotations(annotations)));
      assert.equal(outcome.message, message);
      const key = Object.keys(annotations).at(-1) ?? '';
      assert.equal(outcome.field, `metadata.annotations["${key}"]`);
      assert.equal(outcome.results.length, 1);
      assert.equal(outcome.results[0]?.severity, 'error');
      assert.ok(outcome.results[0]?.message.startsWith(`Pod app/web, metadata.annotations["${key}"]: `), outcome.results[0]?.message);
      assert.ok(outcome.results[0]?.message.includes(message));
    });
  }

  test('§6.1 error order: drain time is checked before the env-vars map', () => {
    assert.equal(
      failedWith(webPod(withAnnotations({ 'kuma.io/sidecar-env-vars': 'bad', 'kuma.io/sidecar-drain-time': 'bad' }))).message,
      'time: invalid duration "bad"',
    );
  });

  test('§2.5 an invalid pod label value is an error naming the label', () => {
    const outcome = failedWith(
      webPod((p) => {
        p.metadata.labels = { 'kuma.io/sidecar-injection': 'maybe' };
      }),
    );
    assert.equal(outcome.message, 'annotation "kuma.io/sidecar-injection" has wrong value "maybe"');
    assert.equal(outcome.field, 'metadata.labels["kuma.io/sidecar-injection"]');
  });

  test('§2.10 containers with the sidecar UID, Go-quoted list', () => {
    const outcome = injectPod(
      webPod((p) => {
        p.spec.containers = [
          { name: 'a', securityContext: { runAsUser: 5678 } },
          { name: 'b' },
          { name: 'c"d', securityContext: { runAsUser: 5678 } },
        ];
      }),
      contextOf(),
    );
    assert.equal(outcome.kind, 'failed');
    if (outcome.kind === 'failed') assert.equal(outcome.message, 'containers using same UID as sidecar is unsupported: ["a" "c\\"d"]');
  });
});
