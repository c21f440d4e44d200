/**
 * An install rendered from Helm values (the `helmInstall` hook of resolveSettings) next to the
 * rendered install of the input: alone it gives the settings; beside a rendered install the input's
 * wins and each setting the values would give differently is a KI0914 warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { resolveSettings } from '../../src/config/resolve.ts';
import type { ControlPlaneInstall } from '../../src/core/cp-config/install.ts';
import type { KubeObject } from '../../src/core/types.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';

const GOLDEN = fileURLToPath(new URL('kuma-2.14/cp-config/install/install-control-plane.defaults.golden.yaml', CONFORMANCE));
const bundle = parseAllDocuments(readFileSync(GOLDEN, 'utf8'))
  .map((d) => d.toJS() as KubeObject | null)
  .filter((d): d is KubeObject => d !== null);

/** What a values render of the kuma chart with one changed image hands over (written by hand). */
function fromValues(image: string): ControlPlaneInstall {
  return {
    origin: { kind: 'helm-values', files: ['values.yaml'] },
    describedAs: 'Helm values values.yaml',
    namespace: 'kuma-system',
    releaseName: 'kuma',
    env: [
      { name: 'KUMA_ENVIRONMENT', value: 'kubernetes' },
      { name: 'KUMA_STORE_TYPE', value: 'kubernetes' },
      { name: 'KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE', value: 'kuma-system' },
      { name: 'KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR', value: '/var/run/secrets/kuma.io/tls-cert' },
      { name: 'KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE', value: image },
      { name: 'KUMA_INJECTOR_INIT_CONTAINER_IMAGE', value: 'docker.io/kumahq/kuma-init:0.0.1' },
    ],
    configFile: { kind: 'text', path: '/etc/kuma.io/kuma-control-plane/config.yaml', text: '', from: 'values controlPlane.config' },
    mounts: [],
    unknowns: [],
  };
}

test('values alone: the settings are those of the render', () => {
  const outcome = resolveSettings({
    items: [],
    functionConfig: undefined,
    readYaml: readYamlNode,
    helmInstall: () => ({ install: fromValues('example.com/kuma-dp:1'), results: [] }),
  });
  assert.ok(outcome.ok, JSON.stringify(outcome.results));
  if (!outcome.ok) return;
  assert.equal(outcome.settings.injector.sidecarContainer.image, 'example.com/kuma-dp:1');
  assert.ok(outcome.results.some((r) => r.tags?.['code'] === 'KI0901'));
});

test('values beside a rendered install: the install wins, each difference is a warning, agreement is silent', () => {
  const differ = resolveSettings({
    items: bundle,
    functionConfig: undefined,
    readYaml: readYamlNode,
    helmInstall: () => ({ install: fromValues('example.com/kuma-dp:1'), results: [] }),
  });
  assert.ok(differ.ok);
  if (!differ.ok) return;
  assert.equal(differ.settings.injector.sidecarContainer.image, 'docker.io/kumahq/kuma-dp:0.0.1');
  const warnings = differ.results.filter((r) => r.tags?.['code'] === 'KI0914');
  assert.ok(
    warnings.some((w) =>
      /injector\.sidecarContainer\.image = "example\.com\/kuma-dp:1", but the install in the input .* has "docker\.io\/kumahq\/kuma-dp:0\.0\.1"/.test(
        w.message,
      ),
    ),
    JSON.stringify(warnings.map((w) => w.message)),
  );
  const same = resolveSettings({
    items: bundle,
    functionConfig: undefined,
    readYaml: readYamlNode,
    helmInstall: () => ({ install: fromValues('docker.io/kumahq/kuma-dp:0.0.1'), results: [] }),
  });
  assert.ok(same.ok);
  if (same.ok) assert.ok(!same.results.some((r) => r.tags?.['code'] === 'KI0914' && r.field?.path === 'injector.sidecarContainer.image'));
});

test('an error from the values render stops the run before anything else', () => {
  const outcome = resolveSettings({
    items: bundle,
    functionConfig: undefined,
    readYaml: readYamlNode,
    helmInstall: () => ({ results: [{ severity: 'error', message: 'values: broken', tags: { code: 'KI0902' } }] }),
  });
  assert.equal(outcome.ok, false);
});

test('a CA Secret cert-manager writes at run time is unknown and says why; captured as cluster state it is read', () => {
  const file = fileURLToPath(new URL('kuma-2.14/cp-config/install/install-cp-helm/certManagerEnabled.golden.yaml', CONFORMANCE));
  const items = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((d): d is KubeObject => d !== null);
  const bare = resolveSettings({ items, functionConfig: undefined, readYaml: readYamlNode });
  assert.ok(bare.ok);
  if (!bare.ok) return;
  assert.match(
    bare.results.find((r) => r.tags?.['code'] === 'KI0907')?.message ?? '',
    /Secret kuma-system\/kuma-tls-cert: written by cert-manager at run time for Certificate kuma-system\/kuma-tls-cert/,
  );
  assert.equal(bare.settings.controlPlane.caCert, '', "no CA is invented (the profile's empty CA, with its warning)");
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const captured: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'kuma-tls-cert', namespace: 'kuma-system' },
    data: { 'ca.crt': Buffer.from(pem).toString('base64') },
  };
  const withCapture = resolveSettings({ items, sideItems: [captured], functionConfig: undefined, readYaml: readYamlNode });
  assert.ok(withCapture.ok);
  if (withCapture.ok) assert.equal(withCapture.settings.controlPlane.caCert, pem);
});

test("kuma-cp's config file from a ConfigMap that is not in the input: a warning naming the file and why, settings from the env and defaults", () => {
  const withFile = resolveSettings({ items: bundle, functionConfig: undefined, readYaml: readYamlNode });
  assert.ok(withFile.ok);
  if (!withFile.ok) return;
  assert.equal(
    withFile.results.find((r) => r.tags?.['code'] === 'KI0906'),
    undefined,
    'the golden install holds its config ConfigMap',
  );
  const items = bundle.filter((o) => !(o.kind === 'ConfigMap' && o.metadata?.name === 'kuma-control-plane-config'));
  assert.equal(items.length, bundle.length - 1);
  const without = resolveSettings({ items, functionConfig: undefined, readYaml: readYamlNode });
  assert.ok(without.ok);
  if (!without.ok) return;
  const warning = without.results.find((r) => r.tags?.['code'] === 'KI0906');
  assert.equal(warning?.severity, 'warning');
  assert.match(
    warning?.message ?? '',
    /kuma-cp's config file \/etc\/kuma\.io\/kuma-control-plane\/config\.yaml is unknown \(ConfigMap kuma-system\/kuma-control-plane-config is neither in the input nor in the side inputs\); settings come from the env and kuma-cp's defaults only/,
  );
  // The defaults golden's config file sets nothing the injector reads: the settings are the same.
  assert.deepEqual(without.settings, withFile.settings);
});
