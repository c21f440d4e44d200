/**
 * Spec §14 (ConfigMap transparent-proxy mode) has no v2.14.3 golden. Its structure is the one of
 * the unreleased HEAD line, so, as the spec's own validation did, we run the HEAD fixtures
 * (../shared/conformance/kuma-next) through our 2.14 ConfigMap mode and compare the parts §14
 * defines: the byte-exact `traffic.kuma.io/transparent-proxy-config` annotation, the init
 * containers' args and mounts, and the volumes. HEAD's own rule "probe ports are excluded when
 * the probe proxy is off" (spec Appendix C) is the only allowed difference (cases 15, 19, 20).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { injectPod, type PodLike } from '../../../src/core/inject/inject-pod.ts';
import { CONFORMANCE, contextFor, readYaml, settingsFor, type Cluster, type Harness } from './upstream-harness.ts';

const DIR = new URL('kuma-next/injector/', CONFORMANCE);
const harness = readYaml<Harness & { cluster: { configMaps: { data: Record<string, string> }[] } }>(new URL('harness.common.yaml', DIR));
const caCert = readFileSync(new URL('server-cert.pem', DIR), 'utf8');
const configYaml = harness.cluster.configMaps[0]?.data['config.yaml'] ?? '';

/** Ports HEAD appends (the real probe ports of the pod) where v2.14 appends nothing. */
const HEAD_ONLY_PROBE_PORTS: Record<string, number[]> = {
  'inject.15': [3001, 8080],
  'inject.19': [3001, 8080],
  'inject.20': [3001, 8080, 8081],
};

interface NextCase {
  id: string;
  expect: string;
  input: string;
  golden: string;
  injectorConfig: string;
  cluster: Cluster;
}
type C = { name: string; args?: unknown; volumeMounts?: unknown };

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.case.yaml'))
  .sort()
  .map((f) => readYaml<NextCase>(new URL(f, DIR)))
  .filter((c) => c.expect === 'inject');

describe('spec §14 ConfigMap mode against the HEAD fixtures', () => {
  let equal = 0;
  for (const c of cases) {
    test(c.id, () => {
      const settings = settingsFor('2.14', harness, new URL(c.injectorConfig, DIR), caCert, { sidecarContainersEnabled: true });
      settings.injector.transparentProxyConfigMap = 'kuma-transparent-proxy-config';
      const ctx = {
        ...contextFor(settings, harness, c.cluster),
        transparentProxyConfigMap: (name: string) =>
          name === 'kuma-transparent-proxy-config' ? { config: parse(configYaml) as unknown } : undefined,
      };
      const outcome = injectPod(readYaml<PodLike>(new URL(c.input, DIR)), ctx);
      assert.equal(outcome.kind, 'injected');
      if (outcome.kind !== 'injected') return;
      const golden = readYaml<PodLike>(new URL(c.golden, DIR));
      const key = 'traffic.kuma.io/transparent-proxy-config';
      const ours = outcome.pod.metadata.annotations?.[key] ?? '';
      const theirs = golden.metadata.annotations?.[key] ?? '';
      const extra = HEAD_ONLY_PROBE_PORTS[c.id];
      if (extra === undefined) {
        assert.equal(ours, theirs);
      } else {
        const expected = parse(theirs) as { redirect: { inbound: { excludePorts?: number[] } } };
        const got = parse(ours) as typeof expected;
        assert.deepEqual([...(got.redirect.inbound.excludePorts ?? []), ...extra], expected.redirect.inbound.excludePorts);
        delete expected.redirect.inbound.excludePorts;
        assert.deepEqual(got, expected);
      }
      const slots = (pod: PodLike) =>
        (pod.spec.initContainers as C[]).map((x) => ({ name: x.name, args: x.args, volumeMounts: x.volumeMounts }));
      assert.deepEqual(slots(outcome.pod), slots(golden));
      assert.deepEqual(outcome.pod.spec.volumes, golden.spec.volumes);
      equal += extra === undefined ? 1 : 0;
    });
  }
  test('summary', () => {
    console.log(
      `kuma-2.14 ConfigMap mode vs HEAD fixtures: ${equal}/${cases.length} identical, ${Object.keys(HEAD_ONLY_PROBE_PORTS).length} differ only by HEAD's probe-port exclusion`,
    );
    assert.equal(equal + Object.keys(HEAD_ONLY_PROBE_PORTS).length, cases.length);
  });
});
