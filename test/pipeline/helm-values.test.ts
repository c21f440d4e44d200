/**
 * Helm values through processInput: the values render gives the settings when the input holds no
 * rendered install; when it does, the install wins and each setting the values would give
 * differently is a warning; a values error fails the run and writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { processInput } from '../../src/krm/process.ts';
import { streamHost } from '../../src/krm/host-profile.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';
import { yamlFileDocuments } from '../conformance/yaml-files.ts';
import { shopApp } from '../cli/fixtures.ts';

const GOLDEN = fileURLToPath(new URL('kuma-2.14/cp-config/install/install-control-plane.defaults.golden.yaml', CONFORMANCE));

/** The golden's kuma-cp Deployment and config ConfigMap (kumactl's render: images tagged 0.0.1). */
function goldenInstall(): string {
  const docs = yamlFileDocuments(GOLDEN).filter((d): d is Record<string, any> => d !== null);
  const pick = (kind: string, name: string) => docs.find((d) => d['kind'] === kind && d['metadata'].name === name);
  return `${stringify(pick('ConfigMap', 'kuma-control-plane-config'))}---\n${stringify(pick('Deployment', 'kuma-control-plane'))}`;
}

const APP = shopApp('      - {name: web, image: nginx}');

const codes = (results: readonly { tags?: Record<string, string> }[]) => results.map((r) => r.tags?.['code']);
function sidecar(output: string): Record<string, any> {
  const web = parseAllDocuments(output)
    .map((d) => d.toJS() as Record<string, any>)
    .find((d) => d?.['kind'] === 'Deployment' && d['metadata'].name === 'web') as Record<string, any>;
  const pod = web['spec'].template.spec;
  return [...(pod.initContainers ?? []), ...pod.containers].find((c: { name: string }) => c.name === 'kuma-sidecar');
}

test('values alone give the settings (here the 0.0.1 images kumactl writes), and the rendered install agrees with them: no warning', () => {
  const values = {
    source: 'cp.yaml',
    text: 'controlPlane:\n  tls:\n    general:\n      secretName: general-tls-secret\n      caBundle: XYZ\ndataPlane:\n  image: {tag: 0.0.1}\n  initImage: {tag: 0.0.1}\n',
  };
  const alone = processInput(APP, { host: streamHost('none'), helmValues: [values], overrides: { product: 'kuma' } });
  assert.equal(alone.exitCode, 0, alone.report);
  assert.equal(sidecar(alone.output).image, 'docker.io/kumahq/kuma-dp:0.0.1');
  assert.ok(codes(alone.results).includes('KI0953'));
  const both = processInput(`${goldenInstall()}---\n${APP}`, {
    host: streamHost('none'),
    helmValues: [values],
    overrides: { product: 'kuma' },
  });
  assert.equal(both.exitCode, 0, both.report);
  assert.ok(!codes(both.results).includes('KI0914'), both.report);
});

test('the rendered install in the input wins over values that disagree, each difference a warning', () => {
  const values = {
    source: 'cp.yaml',
    text: 'dataPlane:\n  image: {tag: 2.14.3-new}\n  sidecarContainer:\n    resources:\n      limits: {memory: 2Gi}\n',
  };
  const out = processInput(`${goldenInstall()}---\n${APP}`, {
    host: streamHost('none'),
    helmValues: [values],
    overrides: { product: 'kuma' },
  });
  assert.equal(out.exitCode, 0, out.report);
  assert.equal(sidecar(out.output).image, 'docker.io/kumahq/kuma-dp:0.0.1', 'the install in the input is what the cluster runs');
  const warned = out.results.filter((r) => r.tags?.['code'] === 'KI0914').map((r) => r.field?.path);
  assert.ok(warned.includes('injector.sidecarContainer.image'), out.report);
  assert.ok(warned.includes('injector.sidecarContainer.resources.limits.memory'), out.report);
});

test('values the chart refuses fail the run: the input comes back untouched with the error', () => {
  const out = processInput(APP, {
    host: streamHost('none'),
    helmValues: [{ source: 'cp.yaml', text: 'global:\n  image:\n    tag: 2.13.0\n' }],
  });
  assert.equal(out.exitCode, 1);
  assert.deepEqual(codes(out.results.filter((r) => r.severity === 'error')), ['KI0951']);
  assert.match(out.report, /This chart only supports Kuma version "2\.14\.3" but global\.image\.tag is set to "2\.13\.0"/);
  assert.doesNotMatch(out.output, /kuma-sidecar/);
});

test('values that enable the transparent-proxy ConfigMap give its content too: the pod is injected with it, as the chart creates the ConfigMap', () => {
  const values = {
    source: 'cp.yaml',
    text: 'transparentProxy:\n  configMap:\n    enabled: true\n    config:\n      wait: 7\n      retry: {maxRetries: 9}\n',
  };
  const out = processInput(APP, { host: streamHost('none'), helmValues: [values], overrides: { product: 'kuma' } });
  assert.equal(out.exitCode, 0, out.report);
  const web = parseAllDocuments(out.output)
    .map((d) => d.toJS() as Record<string, any>)
    .find((d) => d?.['kind'] === 'Deployment');
  const config = web?.['spec'].template.metadata.annotations['traffic.kuma.io/transparent-proxy-config'] as string;
  assert.match(config, /wait: 7/);
  assert.match(config, /maxRetries: 9/);
  assert.doesNotMatch(out.output, /kind: ConfigMap/, "the ConfigMap is the chart's, not written by kuma-inject");
});
