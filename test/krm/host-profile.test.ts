import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAll } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import {
  ARGOCD_HOST,
  CHECK_HOST,
  KPT_HOST,
  KUSTOMIZE_FUNCTION_HOST,
  KUSTOMIZE_PLUGIN_HOST,
  streamHost,
  type HostProfile,
} from '../../src/krm/host-profile.ts';

const BUNDLE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
      - name: app
        image: registry.example/cart:1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
  annotations:
    config.kubernetes.io/local-config: "true"
data: {note: not for the cluster}
`;

type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> } };

/** The objects of a stream, or of a ResourceList's items. */
function objects(text: string): Obj[] {
  const docs = loadAll(text).filter(Boolean) as (Obj & { items?: Obj[] })[];
  return docs.length === 1 && docs[0]?.kind === 'ResourceList' ? (docs[0].items ?? []) : docs;
}

const PLACEMENT_KEYS = /^(internal\.)?config\.kubernetes\.io\/(path|index)$/;
const hasPlacement = (o: Obj) => Object.keys(o.metadata.annotations ?? {}).some((k) => PLACEMENT_KEYS.test(k));

const HOSTS: HostProfile[] = [
  KPT_HOST,
  CHECK_HOST,
  KUSTOMIZE_FUNCTION_HOST,
  KUSTOMIZE_PLUGIN_HOST,
  ARGOCD_HOST,
  streamHost('inline'),
  streamHost('files'),
  streamHost('none'),
];

describe('host profiles: processInput does what each profile says, and nothing else about the host', () => {
  for (const host of HOSTS) {
    test(`${host.name}, previews ${host.previews}`, () => {
      const outcome = processInput(BUNDLE, { host });
      assert.equal(outcome.exitCode, 0, outcome.report);
      const out = objects(outcome.output);
      const previews = out.filter((o) => o.kind === 'Dataplane');
      const inOutput = host.previews === 'kpt-files' || host.previews === 'inline';
      assert.equal(previews.length, inOutput ? 1 : 0, 'previews in the output only for kpt-files and inline');
      for (const preview of previews)
        assert.equal(hasPlacement(preview), host.previews === 'kpt-files', 'kpt file annotations only for kpt');
      if (host.previews === 'kpt-files')
        assert.equal(previews[0]?.metadata.annotations?.['internal.config.kubernetes.io/path'], 'kuma-previews/shop/deployment-cart.yaml');
      assert.deepEqual(
        outcome.previewFiles.map((f) => f.path),
        host.previews === 'files' ? ['shop/deployment-cart.yaml'] : [],
      );
      assert.equal(
        out.some((o) => o.kind === 'ConfigMap'),
        !host.appliesEverything,
        'local-config objects are left out only where the host applies everything',
      );
      assert.ok(
        out.some((o) => o.kind === 'Deployment'),
        'the workload is always there',
      );
    });
  }

  test('the previews setting off wins over a host that places previews', () => {
    for (const host of [KPT_HOST, CHECK_HOST, streamHost('inline'), streamHost('files')]) {
      const outcome = processInput(BUNDLE, { host, overrides: { previews: 'off' } });
      assert.equal(outcome.exitCode, 0, outcome.report);
      assert.equal(objects(outcome.output).filter((o) => o.kind === 'Dataplane').length, 0, host.name);
      assert.deepEqual(outcome.previewFiles, [], host.name);
    }
  });
});

describe('one internal-error wrapper for every host', () => {
  for (const host of HOSTS) {
    test(`${host.name}: a bug hands the input back unchanged, exit 1, the stack in the report`, () => {
      // Overrides whose keys cannot be listed make settings resolution throw, as a bug of ours would.
      const overrides = new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('boom in resolution');
          },
        },
      );
      const outcome = processInput(BUNDLE, { host, overrides });
      assert.equal(outcome.internalError, true);
      assert.equal(outcome.exitCode, 1);
      assert.equal(outcome.output, BUNDLE);
      assert.deepEqual(outcome.previewFiles, []);
      assert.match(
        outcome.report,
        /^error: internal error \(a bug of kuma-inject, not of the input; please report it with this message\): Error: boom in resolution\n\s+at /m,
      );
      assert.deepEqual(
        outcome.results.map((r) => [r.severity, r.tags?.['code']]),
        [['error', 'KI0702']],
      );
    });
  }

  test('an ordinary run is not an internal error', () => {
    assert.equal(processInput(BUNDLE, { host: KPT_HOST }).internalError, false);
  });
});
