import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../src/config/resolve.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import type { KubeObject } from '../../src/core/types.ts';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';

const fnConfig = (body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'fn.kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'inject' },
  ...body,
});

const cpConfig = (namespace: string, yaml: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kong-mesh-control-plane-config', namespace },
  data: { 'config.yaml': yaml },
});

function settingsOf(outcome: ReturnType<typeof resolveSettings>) {
  assert.equal(outcome.ok, true, JSON.stringify(outcome.results));
  if (!outcome.ok) throw new Error('unreachable');
  return outcome.settings;
}

describe('resolveSettings', () => {
  test('with nothing given, the settings are the Kong Mesh 2.14 profile', () => {
    const settings = settingsOf(resolveSettings({ items: [], functionConfig: undefined }));
    assert.deepEqual(settings, defaultSettings('kong-mesh', '2.14'));
  });

  test('product and version select the profile', () => {
    const settings = settingsOf(resolveSettings({ items: [], functionConfig: fnConfig({ product: 'kuma', version: '2.13' }) }));
    assert.deepEqual(settings, defaultSettings('kuma', '2.13'));
  });

  test('precedence: profile < control-plane config of the bundle < functionConfig < overrides', () => {
    const systemNamespace = defaultSettings('kong-mesh', '2.14').systemNamespace;
    const items = [
      cpConfig(
        systemNamespace,
        [
          'runtime:',
          '  kubernetes:',
          '    injector:',
          '      sidecarContainer:',
          '        image: registry.example/kuma-dp:from-cp',
          '        drainTime: 45s',
          '      nodeLabelsToCopy: [topology.kubernetes.io/zone]',
          'experimental:',
          '  sidecarContainers: false',
          'bootstrapServer:',
          '  params:',
          '    adminPort: 9911',
          'multizone:',
          '  zone:',
          '    name: zone-1',
        ].join('\n'),
      ),
    ];
    const outcome = resolveSettings({
      items,
      functionConfig: fnConfig({ injector: { sidecarContainer: { drainTime: '60s' } }, bootstrap: { adminPort: 9921 } }),
      overrides: { bootstrap: { adminPort: 9931 } },
      readYaml: readYamlNode,
    });
    const settings = settingsOf(outcome);
    // The chart sets the sidecar image and native sidecars by env on every install: kuma-cp ignores
    // these file keys, so kuma-inject does too and says so.
    assert.equal(settings.injector.sidecarContainer.image, defaultSettings('kong-mesh', '2.14').injector.sidecarContainer.image);
    assert.equal(settings.sidecarContainers, true);
    assert.deepEqual(
      outcome.ok
        ? outcome.results
            .filter((r) => r.tags?.['code'] === 'KI0903')
            .map((r) => r.message.match(/key (\S+)/)?.[1])
            .sort()
        : [],
      ['experimental.sidecarContainers', 'runtime.kubernetes.injector.sidecarContainer.image'],
    );
    assert.deepEqual(settings.dataplane.nodeLabelsToCopy, ['topology.kubernetes.io/zone']);
    assert.equal(settings.injector.sidecarContainer.drainTime, '60s');
    assert.equal(settings.bootstrap.adminPort, 9931);
    assert.equal(settings.zone, 'zone-1');
    // Keys of the profile that no layer set keep their defaults.
    const defaults = defaultSettings('kong-mesh', '2.14');
    assert.equal(settings.injector.sidecarContainer.uid, defaults.injector.sidecarContainer.uid);
    assert.equal(settings.bootstrap.readinessPort, defaults.bootstrap.readinessPort);
  });

  test('a control-plane config outside the system namespace is not read', () => {
    const settings = settingsOf(
      resolveSettings({
        items: [cpConfig('some-app', 'experimental:\n  deltaXds: true\n')],
        functionConfig: undefined,
        readYaml: readYamlNode,
      }),
    );
    assert.equal(settings.deltaXds, defaultSettings('kong-mesh', '2.14').deltaXds);
  });

  test('the CA comes from the tls-cert Secret of the system namespace', () => {
    const systemNamespace = defaultSettings('kong-mesh', '2.14').systemNamespace;
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kong-mesh-tls-cert', namespace: systemNamespace },
      data: { 'ca.crt': Buffer.from('-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n').toString('base64') },
    };
    const settings = settingsOf(resolveSettings({ items: [secret], functionConfig: undefined }));
    assert.equal(settings.controlPlane.caCert, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
  });

  test('shorthand forms become Settings shapes', () => {
    const settings = settingsOf(
      resolveSettings({
        items: [],
        functionConfig: fnConfig({
          workloadKinds: [{ group: 'argoproj.io', kind: 'Rollout', templatePath: 'spec.template' }],
          namespaces: { demo: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } },
        }),
      }),
    );
    assert.deepEqual(settings.workloadKinds, [{ group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] }]);
    assert.deepEqual(settings.namespaces['demo'], { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} });
  });

  test('functionConfig and override problems are reported together', () => {
    const outcome = resolveSettings({
      items: [],
      functionConfig: fnConfig({ versoin: '2.13' }),
      overrides: { previews: 'sometimes' },
      overridesOrigin: 'command-line flags',
    });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.results.length, 2);
    assert.match(outcome.results[1]?.message ?? '', /^command-line flags: previews: must be one of/);
  });
});

describe('resolveSettings: transparent-proxy ConfigMaps', () => {
  test('ConfigMaps of the system namespace with a config.yaml are read, parsed, by name', () => {
    const systemNamespace = defaultSettings('kong-mesh', '2.14').systemNamespace;
    const configMap = (namespace: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kuma-transparent-proxy-config', namespace },
      data: { 'config.yaml': 'redirect:\n  inbound:\n    port: 15006\n' },
    });
    const settings = settingsOf(
      resolveSettings({
        items: [configMap(systemNamespace), { ...configMap('app'), metadata: { name: 'other', namespace: 'app' } }],
        functionConfig: undefined,
      }),
    );
    assert.deepEqual(settings.transparentProxyConfigs, { 'kuma-transparent-proxy-config': { redirect: { inbound: { port: 15006 } } } });
  });
});

describe('resolveSettings: host defaults', () => {
  test('what the host implies sits below the functionConfig and above the profile', () => {
    const implied = settingsOf(resolveSettings({ items: [], functionConfig: undefined, hostDefaults: { defaultNamespace: 'shop' } }));
    assert.equal(implied.defaultNamespace, 'shop');
    const said = settingsOf(
      resolveSettings({
        items: [],
        functionConfig: fnConfig({ defaultNamespace: 'payments' }),
        hostDefaults: { defaultNamespace: 'shop' },
      }),
    );
    assert.equal(said.defaultNamespace, 'payments');
  });
});

describe('resolveSettings: system namespace', () => {
  test('the default control-plane address follows a changed system namespace', () => {
    const settings = settingsOf(
      resolveSettings({ items: [], functionConfig: fnConfig({ product: 'kuma', systemNamespace: 'mesh-system' }) }),
    );
    assert.equal(settings.controlPlane.address, 'https://kuma-control-plane.mesh-system:5678');
  });

  test('an explicit address wins over the derived one', () => {
    const settings = settingsOf(
      resolveSettings({
        items: [],
        functionConfig: fnConfig({ systemNamespace: 'mesh-system', controlPlane: { address: 'https://cp.example:5678' } }),
      }),
    );
    assert.equal(settings.controlPlane.address, 'https://cp.example:5678');
  });
});
