/**
 * A rendered control-plane install in the input or in a side input, end to end through
 * processInput: it is kept byte for byte when it is part of the input and never written when it is
 * cluster state; several installs are told apart by systemNamespace; explicit settings win and every
 * one that contradicts the install is a warning; --explain-settings says where settings come from;
 * an install kuma-cp would refuse fails the run and writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { processInput } from '../../src/krm/process.ts';
import { ARGOCD_HOST, streamHost } from '../../src/krm/host-profile.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';
import { yamlFileDocuments } from '../conformance/yaml-files.ts';
import { shopApp } from '../cli/fixtures.ts';

const GOLDEN = fileURLToPath(new URL('kuma-2.14/cp-config/install/install-control-plane.defaults.golden.yaml', CONFORMANCE));

/** The golden's kuma-cp Deployment and config ConfigMap, optionally moved to another namespace and with env changes. */
function cpInstall(options: { namespace?: string; env?: Record<string, string>; rawEnv?: unknown[]; config?: string } = {}): string {
  const docs = yamlFileDocuments(GOLDEN).filter((d): d is Record<string, any> => d !== null);
  const deployment = structuredClone(docs.find((d) => d['kind'] === 'Deployment' && d['metadata'].name === 'kuma-control-plane')) as Record<
    string,
    any
  >;
  const configMap = structuredClone(
    docs.find((d) => d['kind'] === 'ConfigMap' && d['metadata'].name === 'kuma-control-plane-config'),
  ) as Record<string, any>;
  const ns = options.namespace ?? 'kuma-system';
  deployment['metadata'].namespace = ns;
  configMap['metadata'].namespace = ns;
  const container = deployment['spec'].template.spec.containers[0];
  container.env = container.env.map((e: { name: string; value?: string }) =>
    e.name === 'KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE' ? { ...e, value: ns } : e,
  );
  for (const [name, value] of Object.entries(options.env ?? {})) {
    const at = container.env.findIndex((e: { name: string }) => e.name === name);
    if (at === -1) container.env.push({ name, value });
    else container.env[at] = { name, value };
  }
  container.env.push(...(options.rawEnv ?? []));
  if (options.config !== undefined) configMap['data']['config.yaml'] = options.config;
  return `${stringify(configMap)}---\n${stringify(deployment)}`;
}

const APP = shopApp(`      - name: web
        image: nginx:1.27`);

const codes = (results: readonly { tags?: Record<string, string> }[]) => results.map((r) => r.tags?.['code']);

function web(output: string): Record<string, any> {
  return parseAllDocuments(output)
    .map((d) => d.toJS() as Record<string, any>)
    .find((d) => d?.['kind'] === 'Deployment' && d['metadata'].name === 'web') as Record<string, any>;
}

test('the install in the input: settings follow it, and its objects come out byte for byte', () => {
  const install = cpInstall({ env: { KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE: 'registry.example/kuma-dp:9.9.9' } });
  const input = `${install}---\n${APP}`;
  const out = processInput(input, { host: streamHost('none') });
  assert.equal(out.exitCode, 0, out.report);
  assert.ok(out.output.startsWith(install), 'the install objects are unchanged in the output');
  const pod = web(out.output)['spec'].template.spec;
  const sidecar = [...(pod.initContainers ?? []), ...pod.containers].find((c: { name: string }) => c.name === 'kuma-sidecar');
  assert.equal(sidecar.image, 'registry.example/kuma-dp:9.9.9');
  assert.ok(codes(out.results).includes('KI0901'));
});

test('the install as a side input: used for settings, never written', () => {
  const install = cpInstall({ env: { KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY: '1Gi' } });
  const out = processInput(APP, { host: streamHost('none'), sideInputs: [{ source: 'cluster/kuma.yaml', text: install }] });
  assert.equal(out.exitCode, 0, out.report);
  assert.deepEqual(
    parseAllDocuments(out.output).map((d) => (d.toJS() as { kind: string }).kind),
    ['Namespace', 'Deployment'],
    "only the input's objects are written",
  );
  assert.doesNotMatch(out.output, /name: kuma-control-plane/);
  const pod = web(out.output)['spec'].template.spec;
  const sidecar = [...(pod.initContainers ?? []), ...pod.containers].find((c: { name: string }) => c.name === 'kuma-sidecar');
  assert.equal(sidecar.resources.limits.memory, '1Gi');
  assert.match(out.results.find((r) => r.tags?.['code'] === 'KI0901')?.message ?? '', /side input/);
});

test('several installs: an error listing them, unless systemNamespace picks one (the others are named as unused)', () => {
  const two = `${cpInstall()}---\n${cpInstall({ namespace: 'team-b', env: { KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE: 'team-b/kuma-dp:1' } })}---\n${APP}`;
  const refused = processInput(two, { host: streamHost('none') });
  assert.equal(refused.exitCode, 1);
  const error = refused.results.find((r) => r.tags?.['code'] === 'KI0909');
  assert.match(
    error?.message ?? '',
    /2 kuma-cp installs: Deployment kuma-system\/kuma-control-plane \(systemNamespace kuma-system\), Deployment team-b\/kuma-control-plane \(systemNamespace team-b\)\. Set systemNamespace/,
  );
  assert.equal(refused.output, two, 'nothing is changed');
  const picked = processInput(two, { host: streamHost('none'), overrides: { systemNamespace: 'team-b' } });
  assert.equal(picked.exitCode, 0, picked.report);
  assert.match(JSON.stringify(web(picked.output)), /team-b\/kuma-dp:1/);
  assert.match(
    picked.results.find((r) => r.tags?.['code'] === 'KI0913')?.message ?? '',
    /Deployment kuma-system\/kuma-control-plane.*not used/,
  );
});

test('explicit settings win; each one that contradicts the install is a warning naming both values and the env var', () => {
  const install = cpInstall({ env: { KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED: 'true' } });
  const config =
    'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\ninjector:\n  cniEnabled: false\n  sidecarContainer: {image: docker.io/kumahq/kuma-dp:0.0.1}\n';
  const out = processInput(`${install}---\n${APP}`, { host: streamHost('none'), functionConfig: config });
  assert.equal(out.exitCode, 0, out.report);
  const drift = out.results.filter((r) => r.tags?.['code'] === 'KI0911');
  assert.equal(drift.length, 1, 'the image agrees with the install: no warning for it');
  assert.match(
    drift[0]?.message ?? '',
    /functionConfig KumaInject s, injector\.cniEnabled: false contradicts .* which gives true \(runtime\.kubernetes\.injector\.cniEnabled from env KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED\)/,
  );
  const pod = web(out.output)['spec'].template.spec;
  assert.ok(
    (pod.initContainers ?? []).some((c: { name: string }) => c.name === 'kuma-init'),
    'the explicit cniEnabled: false is used',
  );
});

test('--explain-settings lists where each setting that differs from the defaults comes from, even without an install', () => {
  const out = processInput(APP, {
    host: streamHost('none'),
    overrides: { explainSettings: true, injector: { cniEnabled: true } },
    overridesOrigin: 'command-line flags',
  });
  const explain = out.results.find((r) => r.tags?.['code'] === 'KI0910');
  assert.match(explain?.message ?? '', /injector\.cniEnabled = true \(from command-line flags\)/);
  const withInstall = processInput(`${cpInstall({ config: 'experimental:\n  deltaXds: true\n' })}---\n${APP}`, {
    host: streamHost('none'),
  });
  assert.match(
    withInstall.results.find((r) => r.tags?.['code'] === 'KI0910')?.message ?? '',
    /deltaXds = true \(from the control plane's install .*experimental\.deltaXds from config file key experimental\.deltaXds\)/,
  );
});

test('an install kuma-cp would refuse fails the run: the error names the env var, nothing is written', () => {
  const input = `${cpInstall({ env: { KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_DRAIN_TIME: '30' } })}---\n${APP}`;
  const out = processInput(input, { host: streamHost('none') });
  assert.equal(out.exitCode, 1);
  assert.equal(out.output, input);
  assert.match(
    out.results.find((r) => r.tags?.['code'] === 'KI0902')?.message ?? '',
    /kuma-cp would not start: .*missing unit in duration.*Fix the env var KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_DRAIN_TIME/,
  );
});

test('a ConfigMap key the chart env shadows is not applied, and is a warning', () => {
  const config = 'runtime:\n  kubernetes:\n    injector:\n      sidecarContainer:\n        image: mine/kuma-dp:1\n';
  const out = processInput(`${cpInstall({ config })}---\n${APP}`, { host: streamHost('none') });
  assert.equal(out.exitCode, 0, out.report);
  assert.doesNotMatch(JSON.stringify(web(out.output)), /mine\/kuma-dp/);
  assert.match(
    out.results.find((r) => r.tags?.['code'] === 'KI0903')?.message ?? '',
    /ConfigMap kuma-system\/kuma-control-plane-config key config\.yaml: key runtime\.kubernetes\.injector\.sidecarContainer\.image \("mine\/kuma-dp:1"\) has no effect/,
  );
});

test('under Argo CD an install that is part of the application is deployed as it is: no KI0701 for its ConfigMap, while a lone ConfigMap still warns', () => {
  const whole = processInput(`${cpInstall()}---\n${APP}`, { host: ARGOCD_HOST });
  assert.equal(whole.exitCode, 0, whole.report);
  assert.ok(!codes(whole.results).includes('KI0701'), whole.report);
  assert.match(whole.output, /name: kuma-control-plane-config/, 'the install is in the output Argo CD applies');
  const configMapOnly = cpInstall().split('---\n')[0] as string;
  const lone = processInput(`${configMapOnly}---\n${APP}`, { host: ARGOCD_HOST, overrides: { systemNamespace: 'kuma-system' } });
  assert.ok(codes(lone.results).includes('KI0701'), lone.report);
});

test('listing a Mesh the control plane does not create is not drift: it may exist anyway', () => {
  const config = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: s}\nmeshes: [default]\n';
  const out = processInput(`${cpInstall({ env: { KUMA_DEFAULTS_SKIP_MESH_CREATION: 'true' } })}---\n${APP}`, {
    host: streamHost('none'),
    functionConfig: config,
  });
  assert.equal(out.exitCode, 0, out.report);
  assert.ok(!codes(out.results).includes('KI0911'), out.report);
  assert.ok(codes(out.results).includes('KI0912'));
});

test('an env value that is not a string is an error naming the entry (the API server refuses the Deployment); nothing is written', () => {
  const install = cpInstall().replace(
    /- name: KUMA_DP_SERVER_HDS_ENABLED\n(\s+)value: "false"/,
    '- name: KUMA_DP_SERVER_HDS_ENABLED\n$1value: false',
  );
  assert.notEqual(install, cpInstall(), 'the fixture changed');
  const input = `${install}---\n${APP}`;
  const out = processInput(input, { host: streamHost('none') });
  assert.equal(out.exitCode, 1);
  assert.equal(out.output, input);
  assert.match(
    out.results.find((r) => r.tags?.['code'] === 'KI0916')?.message ?? '',
    /env\[\d+\]\.value: KUMA_DP_SERVER_HDS_ENABLED = false is a boolean, and an env value must be a string \(quote it: "false"\)/,
  );
});

test('env references as the API server reads them: a null one is absent, one that is not a mapping or lacks its field is an error naming it; never an internal error', () => {
  const absent = cpInstall({
    rawEnv: [
      { name: 'KUMA_A', valueFrom: { fieldRef: null } },
      { name: 'KUMA_B', valueFrom: { resourceFieldRef: null, configMapKeyRef: null } },
    ],
  });
  const ok = processInput(`${absent}---\n${APP}`, { host: streamHost('none') });
  assert.equal(ok.exitCode, 0, ok.report);
  assert.doesNotMatch(ok.report, /internal error/);
  for (const [valueFrom, field, message] of [
    [{ fieldRef: 5 }, 'fieldRef', /must be a mapping \(got 5\)/],
    [{ resourceFieldRef: { containerName: 'control-plane' } }, 'resourceFieldRef', /needs resource as text/],
    [{ secretKeyRef: { name: { a: 1 }, key: 'k' } }, 'secretKeyRef', /needs name as text/],
    [{ configMapKeyRef: { name: 'c', key: false } }, 'configMapKeyRef', /needs key as text/],
  ] as const) {
    const install = cpInstall({ rawEnv: [{ name: 'KUMA_X', valueFrom }] });
    const input = `${install}---\n${APP}`;
    const out = processInput(input, { host: streamHost('none') });
    assert.equal(out.exitCode, 1, out.report);
    assert.equal(out.output, input);
    assert.doesNotMatch(out.report, /internal error/);
    const error = out.results.find((r) => r.tags?.['code'] === 'KI0916');
    assert.match(error?.message ?? '', new RegExp(`env\\[\\d+\\]\\.valueFrom\\.${field}: `), out.report);
    assert.match(error?.message ?? '', message);
  }
});
