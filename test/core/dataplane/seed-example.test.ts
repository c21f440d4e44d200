/**
 * The seed: Kong Mesh's "Tag generation example" (test/fixtures/dataplane/seed-tag-generation, source
 * named there). Pod my-app and Services my-service and my-other-service give exactly the three
 * inbounds the page lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, inbounds, preview, settings } from './helpers.ts';

const bundle = fixture('seed-tag-generation/input.yaml');
const pod = bundle.find((o) => o.kind === 'Pod')!;
const expected = fixture('seed-tag-generation/expected-inbounds.yaml')[0] as unknown as { port: number; tags: Record<string, string> }[];

// The page shows a standalone control plane: no zone tag.
const outcome = preview(pod, bundle, { settings: { ...settings, zone: '' } });
const got = inbounds(outcome.dataplane).map((i) => ({ port: i.port, tags: i.tags }));

test('the seed example gives exactly the three inbounds the page lists', () => {
  const key = (i: { tags?: Record<string, string> }): string => i.tags?.['kuma.io/service'] ?? '';
  assert.equal(got.length, 3);
  assert.deepEqual(
    [...got].sort((a, b) => key(a).localeCompare(key(b))),
    [...expected].sort((a, b) => key(a).localeCompare(key(b))),
  );
});

test('the inbounds come in kuma-cp order: Services by name, then ports in order', () => {
  assert.deepEqual(
    got.map((i) => i.tags?.['kuma.io/service']),
    ['my-other-service_my-namespace_svc_81', 'my-service_my-namespace_svc_80', 'my-service_my-namespace_svc_1200'],
  );
});

test('the injector-set kuma.io/mesh label does not become a tag', () => {
  for (const inbound of got) assert.equal(inbound.tags?.['kuma.io/mesh'], undefined);
});
