import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/core/types.ts';
import type { OutputItem } from '../../src/core/output.ts';
import { kptPreviewPath, placePreviews, previewFile } from '../../src/krm/place-previews.ts';
import type { PreviewPlacement } from '../../src/krm/host-profile.ts';
import { deployment, preview, service } from '../core/dataplane/helpers.ts';

const web = deployment('web', 'shop', { app: 'web' }, [{ name: 'app', ports: [{ containerPort: 8080 }] }]);
const api = deployment('api', 'shop', { app: 'api' });
const svc = service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]);
const fresh = (owner: KubeObject, bundle: KubeObject[] = [svc]) => preview(owner, bundle).dataplane as KubeObject;

/** What kpt hands back on the next render: the item as written, plus its own bookkeeping annotations. */
function asKptReadsIt(object: KubeObject, id: number): KubeObject {
  const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
  copy.metadata.annotations = {
    ...copy.metadata.annotations,
    'config.k8s.io/id': String(id),
    'internal.config.kubernetes.io/id': String(id),
    'internal.config.kubernetes.io/seqindent': 'compact',
  };
  return copy;
}

/** The placement of `previews` into `items` as the core hands them over (every item kept), seen as what happens to each item. */
function place(placement: PreviewPlacement, items: readonly KubeObject[], previews: readonly KubeObject[]) {
  const placed = placePreviews(
    placement,
    items,
    items.map((_, index): OutputItem => ({ kind: 'kept', index })),
    previews,
    'previews',
  );
  const present = new Set(placed.output.flatMap((o) => (o.kind === 'added' ? [] : [o.index])));
  return {
    add: placed.output.flatMap((o) => (o.kind === 'added' ? [o.object] : [])),
    replace: new Map(placed.output.flatMap((o): [number, KubeObject][] => (o.kind === 'changed' ? [[o.index, o.object]] : []))),
    drop: items.map((_, i) => i).filter((i) => !present.has(i)),
    files: placed.files,
    output: placed.output,
  };
}

describe('placePreviews: kpt files', () => {
  const first = place('kpt-files', [web, svc], [fresh(web)]);
  const added = first.add[0] as KubeObject;

  test('a new preview gets its own file under previewsDir, index 0, in both annotation sets', () => {
    assert.equal(first.add.length, 1);
    const a = added.metadata.annotations ?? {};
    assert.equal(a['internal.config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.equal(a['config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.equal(a['internal.config.kubernetes.io/index'], '0');
    assert.equal(a['config.kubernetes.io/index'], '0');
    assert.equal(first.replace.size + first.drop.length, 0);
  });

  test('a second render replaces it in place with an identical object (never appended twice)', () => {
    const items = [web, svc, asKptReadsIt(added, 3)];
    const second = place('kpt-files', items, [fresh(web)]);
    assert.deepEqual(second.add, []);
    assert.deepEqual(second.drop, []);
    assert.deepEqual(
      second.output,
      items.map((_, index) => ({ kind: 'kept', index })),
      'every item kept byte for byte',
    );
  });

  test("a changed workload updates the preview in place, keeping kpt's ids and path", () => {
    const items = [web, svc, asKptReadsIt(added, 3)];
    const moved = service('web', 'shop', { app: 'web' }, [{ port: 81, targetPort: 8080 }]);
    const next = place('kpt-files', items, [fresh(web, [moved])]);
    const replaced = next.replace.get(2) as KubeObject;
    assert.notDeepEqual(replaced, items[2]);
    assert.equal(replaced.metadata.annotations?.['config.k8s.io/id'], '3');
    assert.equal(replaced.metadata.annotations?.['internal.config.kubernetes.io/path'], 'previews/shop/deployment-web.yaml');
    assert.deepEqual(next.add, []);
  });

  test('a workload that left the mesh loses its preview', () => {
    const next = place('kpt-files', [web, svc, asKptReadsIt(added, 3)], []);
    assert.deepEqual(next.drop, [2]);
  });

  test("a user's own Dataplane is never touched, even with the same name", () => {
    const own: KubeObject = {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Dataplane',
      metadata: { name: added.metadata.name, namespace: 'shop' },
      spec: {},
    };
    const next = place('kpt-files', [web, own], [fresh(web)]);
    assert.equal(next.replace.has(1), false);
    assert.equal(next.drop.includes(1), false);
    assert.equal(next.add.length, 1);
  });

  test('a preview found twice keeps the first and drops the copy', () => {
    const next = place('kpt-files', [asKptReadsIt(added, 1), asKptReadsIt(added, 2)], [fresh(web)]);
    assert.deepEqual(next.output, [{ kind: 'kept', index: 0 }], 'the first is already what this render writes: kept byte for byte');
    assert.deepEqual(next.drop, [1]);
  });

  test('a preview found twice keeps the copy at the path this render writes, wherever it comes in the input', () => {
    const elsewhere = asKptReadsIt(added, 1);
    const moved = {
      ...elsewhere,
      metadata: {
        ...elsewhere.metadata,
        annotations: {
          ...elsewhere.metadata.annotations,
          'internal.config.kubernetes.io/path': 'frontend/kuma-previews/shop/deployment-web.yaml',
        },
      },
    };
    const next = place('kpt-files', [moved, asKptReadsIt(added, 2)], [fresh(web)]);
    assert.deepEqual(next.output, [{ kind: 'kept', index: 1 }]);
    assert.deepEqual(next.drop, [0]);
  });

  test('every workload has its own file', () => {
    const next = place('kpt-files', [web, api, svc], [fresh(web), fresh(api)]);
    const paths = next.add.map((o) => o.metadata.annotations?.['internal.config.kubernetes.io/path']);
    assert.deepEqual(paths, ['previews/shop/deployment-web.yaml', 'previews/shop/deployment-api.yaml']);
  });
});

test('previewsDir never leads outside the package', () => {
  const dp = fresh(web);
  assert.equal(kptPreviewPath('/abs/../previews/', dp), 'abs/previews/shop/deployment-web.yaml');
  assert.equal(kptPreviewPath('./', dp), 'shop/deployment-web.yaml');
});

describe('placePreviews: the placements other hosts want', () => {
  const kptWritten = asKptReadsIt(place('kpt-files', [web, svc], [fresh(web)]).add[0] as KubeObject, 3);
  const hasPlacement = (o: KubeObject) =>
    Object.keys(o.metadata.annotations ?? {}).some((k) => /config\.kubernetes\.io\/(path|index)$/.test(k));

  test("the core's previews carry no placement; inline adds them as they are", () => {
    const dp = fresh(web);
    assert.equal(hasPlacement(dp), false);
    const inline = place('inline', [web, svc], [dp]);
    assert.deepEqual(inline.add, [dp]);
    assert.deepEqual(inline.files, []);
  });

  test('inline upserts like kpt: an earlier preview is replaced in place, a stale one dropped', () => {
    const moved = service('web', 'shop', { app: 'web' }, [{ port: 81, targetPort: 8080 }]);
    const earlier = fresh(web);
    const next = place('inline', [web, svc, earlier], [fresh(web, [moved])]);
    assert.deepEqual(next.add, []);
    assert.deepEqual(next.replace.get(2), fresh(web, [moved]));
    assert.deepEqual(
      place('inline', [web, svc, earlier], [fresh(web)]).output.map((o) => o.kind),
      ['kept', 'kept', 'kept'],
      'the same preview: kept byte for byte',
    );
    assert.deepEqual(place('inline', [web, svc, earlier], []).drop, [2]);
  });

  test('files: fresh previews are handed back at <namespace>/<kind>-<name>.yaml, earlier ones leave the output', () => {
    const next = place('files', [web, api, svc, kptWritten], [fresh(web), fresh(api)]);
    assert.deepEqual(
      next.files.map((f) => f.path),
      ['shop/deployment-web.yaml', 'shop/deployment-api.yaml'],
    );
    assert.deepEqual(
      next.files.map((f) => f.object),
      [fresh(web), fresh(api)],
    );
    assert.deepEqual(next.drop, [3]);
    assert.deepEqual(next.add, []);
  });

  test("none: no preview anywhere, earlier ones of ours dropped, a user's own Dataplane kept", () => {
    const own: KubeObject = { apiVersion: 'kuma.io/v1alpha1', kind: 'Dataplane', metadata: { name: 'mine', namespace: 'shop' }, spec: {} };
    const next = place('none', [web, own, kptWritten], [fresh(web)]);
    assert.deepEqual(next.add, []);
    assert.deepEqual(next.files, []);
    assert.deepEqual(next.drop, [2]);
  });

  test("one file name for kpt and for files: kpt's path is previewsDir + the file name", () => {
    for (const owner of [web, api]) assert.equal(kptPreviewPath('previews', fresh(owner)), `previews/${previewFile(fresh(owner))}`);
  });
});
