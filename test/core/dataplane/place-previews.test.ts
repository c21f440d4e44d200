import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { placePreviews } from '../../../src/core/dataplane/preview.ts';
import { previewPath } from '../../../src/core/dataplane/place-previews.ts';
import { deployment, preview, service, settings } from './helpers.ts';

const s = { ...settings, previewsDir: 'previews' };
const web = deployment('web', 'shop', { app: 'web' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);
const api = deployment('api', 'shop', { app: 'api' });
const svc = service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]);
const fresh = (owner: KubeObject, bundle: KubeObject[] = [svc]) => ({ dataplane: preview(owner, bundle).dataplane as KubeObject, owner });

/** What kpt hands back on the next render: the item as written, plus its own bookkeeping annotations. */
function asKptReadsIt(object: KubeObject, id: number): KubeObject {
  const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
  copy.metadata.annotations = { ...copy.metadata.annotations, 'config.k8s.io/id': String(id), 'internal.config.kubernetes.io/id': String(id), 'internal.config.kubernetes.io/seqindent': 'compact' };
  return copy;
}

describe('placePreviews', () => {
  const first = placePreviews([web, svc], [fresh(web)], s);
  const added = first.add[0] as KubeObject;

  test('a new preview gets its own file under previewsDir, index 0, in both annotation sets', () => {
    assert.equal(first.add.length, 1);
    const a = added.metadata.annotations ?? {};
    assert.equal(a['internal.config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.equal(a['config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.equal(a['internal.config.kubernetes.io/index'], '0');
    assert.equal(a['config.kubernetes.io/index'], '0');
    assert.equal(first.replace.size + first.drop.size, 0);
  });

  test('a second render replaces it in place with an identical object (never appended twice)', () => {
    const items = [web, svc, asKptReadsIt(added, 3)];
    const second = placePreviews(items, [fresh(web)], s);
    assert.deepEqual(second.add, []);
    assert.deepEqual([...second.drop], []);
    assert.deepEqual(second.replace.get(2), items[2]);
  });

  test('a changed workload updates the preview in place, keeping kpt\'s ids and path', () => {
    const items = [web, svc, asKptReadsIt(added, 3)];
    const moved = service('web', 'shop', { app: 'web' }, [{ port: 81, targetPort: 8080 }]);
    const next = placePreviews(items, [fresh(web, [moved])], s);
    const replaced = next.replace.get(2) as KubeObject;
    assert.notDeepEqual(replaced, items[2]);
    assert.equal(replaced.metadata.annotations?.['config.k8s.io/id'], '3');
    assert.equal(replaced.metadata.annotations?.['internal.config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.deepEqual(next.add, []);
  });

  test('a workload that left the mesh loses its preview', () => {
    const next = placePreviews([web, svc, asKptReadsIt(added, 3)], [], s);
    assert.deepEqual([...next.drop], [2]);
  });

  test('previews: off drops every preview of ours', () => {
    const next = placePreviews([web, svc, asKptReadsIt(added, 3)], [fresh(web)], { ...s, previews: 'off' });
    assert.deepEqual([...next.drop], [2]);
    assert.deepEqual(next.add, []);
  });

  test('a user\'s own Dataplane is never touched, even with the same name', () => {
    const own: KubeObject = { apiVersion: 'kuma.io/v1alpha1', kind: 'Dataplane', metadata: { name: added.metadata.name, namespace: 'shop' }, spec: {} };
    const next = placePreviews([web, own], [fresh(web)], s);
    assert.equal(next.replace.has(1), false);
    assert.equal(next.drop.has(1), false);
    assert.equal(next.add.length, 1);
  });

  test('a preview found twice keeps the first and drops the copy', () => {
    const next = placePreviews([asKptReadsIt(added, 1), asKptReadsIt(added, 2)], [fresh(web)], s);
    assert.deepEqual([...next.replace.keys()], [0]);
    assert.deepEqual([...next.drop], [1]);
  });

  test('a preview found twice keeps the copy at the path this render writes, wherever it comes in the input', () => {
    const elsewhere = asKptReadsIt(added, 1);
    const moved = { ...elsewhere, metadata: { ...elsewhere.metadata, annotations: { ...elsewhere.metadata.annotations, 'internal.config.kubernetes.io/path': 'frontend/kuma-previews/shop/deployment-web.yaml' } } };
    const next = placePreviews([moved, asKptReadsIt(added, 2)], [fresh(web)], s);
    assert.deepEqual([...next.replace.keys()], [1]);
    assert.deepEqual([...next.drop], [0]);
  });

  test('every workload has its own file', () => {
    const next = placePreviews([web, api, svc], [fresh(web), fresh(api)], s);
    const paths = next.add.map((o) => o.metadata.annotations?.['internal.config.kubernetes.io/path']);
    assert.deepEqual(paths, ['previews/shop/deployment-web.yaml', 'previews/shop/deployment-api.yaml']);
  });
});

test('previewsDir never leads outside the package', () => {
  const dp = fresh(web).dataplane;
  assert.equal(previewPath('/abs/../previews/', dp), 'abs/previews/shop/deployment-web.yaml');
  assert.equal(previewPath('./', dp), 'shop/deployment-web.yaml');
});
