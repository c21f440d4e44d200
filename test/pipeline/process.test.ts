import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { processInput } from '../../src/krm/process.ts';
import { KUSTOMIZE_PLUGIN_HOST, streamHost } from '../../src/krm/host-profile.ts';

const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: enabled
`;

const deployment = (annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels:
        app: cart
${annotations}    spec:
      containers:
        - name: app
          image: registry.example/cart:1 # pinned
`;

const localConfig = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    config.kubernetes.io/local-config: "true"
data:
  note: not for the cluster
`;

const stream = (...documents: string[]) => documents.join('---\n');

/** What the golden scenarios under test/testdata cannot hold: message wording, and runs that are no re-render of their own output. */
describe('processInput', () => {
  test('bad YAML is an error naming the line, and the input is echoed', () => {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n';
    const outcome = processInput(input, { host: streamHost('none') });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.output, input);
    assert.match(outcome.report, /line \d+/);
  });

  test('a settings file outside the input: its errors name the key and suggest the right one', () => {
    const bad = processInput(stream(namespace, deployment()), {
      host: streamHost('none'),
      functionConfig: 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: x}\nprodukt: kuma\n',
    });
    assert.equal(bad.exitCode, 1);
    assert.match(bad.report, /unknown key "produkt"; did you mean "product"\?/);
  });

  test('settingsFromInput off (every host but stream): a KumaInject item is kept like any object', () => {
    const settings = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: s\nproduct: kuma\n';
    const input = stream(localConfig, settings);
    const outcome = processInput(input, { host: KUSTOMIZE_PLUGIN_HOST });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.equal(outcome.output, input);
  });

  test('the settings object of the input is really used: product kuma switches the sidecar image', () => {
    const settings = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: s\nproduct: kuma\nmeshes: [default]\n';
    const outcome = processInput(stream(namespace, deployment(), settings), { host: streamHost('none') });
    assert.equal(outcome.exitCode, 0, outcome.report);
    assert.match(outcome.output, /image: .*kumahq\/kuma-dp:/);
    assert.doesNotMatch(outcome.output, /KumaInject/);
  });
});
