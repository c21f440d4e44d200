import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { previewPath } from '../../src/cli/preview-files.ts';

describe('preview file names in --previews DIR', () => {
  test('named after the workload the preview is of', () => {
    const text = 'kind: Dataplane\nmetadata:\n  name: web-<pod-template-hash>-<random>\n  annotations:\n    kuma-inject.dev/preview-of: Deployment/shop/web\n';
    assert.equal(previewPath(text, 'shop_web-<pod-template-hash>-<random>.yaml'), 'shop/deployment-web.yaml');
  });
  test('without the annotation: the given name, made safe for a file system', () => {
    assert.equal(previewPath('kind: Dataplane\n', 'shop_web-<pod-template-hash>-<random>.yaml'), 'shop_web-_pod-template-hash_-_random_.yaml');
  });
});
