/**
 * ContainerPatch through the injector (injectPod): the seed example of the Kong Mesh docs, missing
 * patches, patches outside the system namespace and failing patches.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { collectContainerPatches } from '../../../src/core/container-patch/collect.ts';
import { injectPod, type InjectContext, type InjectOutcome, type PodLike } from '../../../src/core/inject/inject-pod.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { fixture, patchObject, SYSTEM_NS } from './helpers.ts';

type C = Record<string, any>;

/** Kong Mesh 2.14 defaults; ContainerPatches looked up the way the pipeline does: collect from the bundle. */
function contextWith(bundle: KubeObject[]): InjectContext {
  const settings = defaultSettings('kong-mesh', '2.14');
  settings.controlPlane.caCert = 'PEM\n';
  assert.equal(settings.systemNamespace, SYSTEM_NS);
  const { byName } = collectContainerPatches(bundle, settings.systemNamespace);
  return {
    settings,
    namespace: { name: 'app', labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} },
    meshExists: (name) => name === 'default',
    containerPatch: (name) => byName.get(name),
    servicesSelecting: () => [],
  };
}

function pod(patches?: string): PodLike {
  const p: PodLike = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'app', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ name: 'http', containerPort: 8080 }] }] },
  };
  if (patches !== undefined) p.metadata.annotations = { 'kuma.io/container-patches': patches };
  return p;
}

function injected(outcome: InjectOutcome): PodLike {
  if (outcome.kind !== 'injected') assert.fail(`expected injection, got ${JSON.stringify(outcome, null, 1)}`);
  return outcome.pod;
}

function initContainer(p: PodLike, name: string): C {
  const found = (p.spec['initContainers'] as C[]).find((c) => c['name'] === name);
  assert.ok(found, `no ${name}`);
  return found;
}

/** Every leaf path of `a` and `b` whose values differ, as "a.b.c". */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is C => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(a) || !isObj(b)) return [at];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => differences(a[k], b[k], at === '' ? k : `${at}.${k}`));
}

/** Every field of `expected` is in `actual` with the same value (lists compared whole). */
function assertIncludes(actual: unknown, expected: unknown, at = ''): void {
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
    assert.deepEqual(actual, expected, `at ${at}`);
    return;
  }
  for (const [key, value] of Object.entries(expected)) assertIncludes((actual as C | undefined)?.[key], value, `${at}.${key}`);
}

describe('the seed example (Kong Mesh docs, "Custom container configuration")', () => {
  const seed = fixture<KubeObject>('seed-container-patch.yaml');
  const expected = fixture<{ sidecar: C; init: C }>('seed-new-configuration.yaml');
  const ctx = contextWith([seed]);
  const plain = injected(injectPod(pod(), ctx));
  const outcome = injectPod(pod('container-patch-1'), ctx);
  const patched = injected(outcome);

  test("the sidecar gets the seed's new configuration: privileged, cpu request 100m, limits 500m / 256Mi", () => {
    const before = initContainer(plain, 'kuma-sidecar');
    const after = initContainer(patched, 'kuma-sidecar');
    assertIncludes(after, expected.sidecar);
    assert.deepEqual(after['resources'].limits, expected.sidecar['resources'].limits);
    assert.deepEqual(differences(before, after), [
      'resources.limits.cpu',
      'resources.limits.ephemeral-storage',
      'resources.limits.memory',
      'resources.requests.cpu',
      'securityContext.privileged',
    ]);
  });

  test('kuma-init gets seccompProfile RuntimeDefault and nothing else changes', () => {
    const before = initContainer(plain, 'kuma-init');
    const after = initContainer(patched, 'kuma-init');
    assertIncludes(after, expected.init);
    assert.deepEqual(differences(before, after), ['securityContext.seccompProfile']);
  });

  test('the rest of the pod is as without the patch (annotation aside)', () => {
    const strip = (p: PodLike): PodLike => {
      const copy = structuredClone(p);
      delete copy.metadata.annotations?.['kuma.io/container-patches'];
      copy.spec['initContainers'] = (copy.spec['initContainers'] as C[]).map((c) => ({
        ...c,
        securityContext: undefined,
        resources: undefined,
      }));
      return copy;
    };
    assert.deepEqual(strip(patched), strip(plain));
  });

  test('the privileged sidecar is reported as a warning on the ContainerPatch', () => {
    assert.deepEqual(
      outcome.results.map((r) => [r.severity, r.resourceRef?.kind, r.resourceRef?.name, r.field?.path]),
      [['warning', 'ContainerPatch', 'container-patch-1', 'spec.sidecarPatch[0]']],
    );
  });
});

describe('lookup and failures through the injector', () => {
  const good = patchObject('tty', { sidecarPatch: [{ op: 'add', path: '/tty', value: 'true' }] });

  test('a workload naming a ContainerPatch that does not exist fails, naming the patch', () => {
    const outcome = injectPod(pod('tty,nope'), contextWith([good]));
    assert.equal(outcome.kind, 'failed');
    assert.match(
      (outcome as Extract<InjectOutcome, { kind: 'failed' }>).message,
      /it appears some expected container patches are missing: \["nope"\]/,
    );
    assert.match(outcome.results[0]!.message, /^Pod app\/web, /);
  });

  test('a ContainerPatch outside the system namespace is never applied, even when named; it is reported by name', () => {
    const elsewhere = patchObject('priv', { sidecarPatch: [{ op: 'add', path: '/securityContext/privileged', value: 'true' }] }, 'app');
    const { results } = collectContainerPatches([elsewhere], SYSTEM_NS);
    assert.match(results[0]!.message, /^ContainerPatch app\/priv, metadata\.namespace: /);
    const outcome = injectPod(pod('priv'), contextWith([elsewhere]));
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as Extract<InjectOutcome, { kind: 'failed' }>).message, /missing: \["priv"\]/);
  });

  test('a patch that cannot apply fails the workload, nothing injected, error names patch, op index, path and value', () => {
    const broken = patchObject('broken', {
      initPatch: [{ op: 'add', path: '/securityContext/seccompProfile/type', value: 'RuntimeDefault' }],
    });
    const outcome = injectPod(pod('tty,broken'), contextWith([good, broken]));
    assert.equal(outcome.kind, 'failed');
    assert.equal('pod' in outcome, false);
    assert.match((outcome as Extract<InjectOutcome, { kind: 'failed' }>).message, /^could not apply patches \["broken"\]: /);
    const error = outcome.results.find((r) => r.severity === 'error');
    assert.ok(error);
    assert.deepEqual([error.resourceRef?.name, error.field?.path], ['broken', 'spec.initPatch[0]']);
    assert.match(
      error.message,
      /\(op "add", path "\/securityContext\/seccompProfile\/type", value 'RuntimeDefault'\): value is not valid JSON/,
    );
  });

  test('a patch yielding an invalid container fails the workload with the schema error', () => {
    const invalid = patchObject('cpu', { sidecarPatch: [{ op: 'add', path: '/resources/limits/cpu', value: 'true' }] });
    const outcome = injectPod(pod('cpu'), contextWith([invalid]));
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.results[0]!.message, /wrong type at \/resources\/limits\/cpu \(got true\)/);
  });
});

/** Kuma's own end-to-end test, test/e2e_env/kubernetes/container_patch/container_patch.go at v2.14.3, offline. */
describe('upstream e2e "Container Patch" (kumahq/kuma v2.14.3)', () => {
  const patch1 = patchObject('container-patch-1', { sidecarPatch: [{ op: 'add', path: '/securityContext/privileged', value: 'false' }] });
  const patch2 = patchObject('container-patch-2', { initPatch: [{ op: 'remove', path: '/securityContext/runAsUser' }] });
  const ctx = contextWith([patch1, patch2]);

  test('without patches: kuma-init runs with runAsUser 0, the sidecar has no privileged field', () => {
    const plain = injected(injectPod(pod(), ctx));
    assert.equal(initContainer(plain, 'kuma-init')['securityContext'].runAsUser, 0);
    assert.equal(initContainer(plain, 'kuma-sidecar')['securityContext'].privileged, undefined);
  });

  test('with both patches: runAsUser removed from kuma-init, privileged false on the sidecar, no warning', () => {
    const outcome = injectPod(pod('container-patch-1,container-patch-2'), ctx);
    const patched = injected(outcome);
    assert.equal('runAsUser' in initContainer(patched, 'kuma-init')['securityContext'], false);
    assert.equal(initContainer(patched, 'kuma-sidecar')['securityContext'].privileged, false);
    assert.deepEqual(outcome.results, []);
  });

  test('a ContainerPatch in a non-system namespace is rejected (here: reported, never used)', () => {
    const elsewhere = patchObject('container-patch-1', patch1['spec'], 'container-patch');
    const { byName, results } = collectContainerPatches([elsewhere], SYSTEM_NS);
    assert.equal(byName.size, 0);
    assert.deepEqual(
      results.map((r) => [r.severity, r.resourceRef?.namespace, r.resourceRef?.name]),
      [['warning', 'container-patch', 'container-patch-1']],
    );
  });
});

describe('which container each list patches', () => {
  const both = patchObject('both', {
    sidecarPatch: [{ op: 'add', path: '/args/-', value: '"--sidecar-patched"' }],
    initPatch: [{ op: 'add', path: '/args/-', value: '"--init-patched"' }],
  });

  test('with the CNI, initPatch applies to kuma-validation', () => {
    const ctx = contextWith([both]);
    ctx.settings.injector.cniEnabled = true;
    const patched = injected(injectPod(pod('both'), ctx));
    const names = (patched.spec['initContainers'] as C[]).map((c) => c['name']);
    assert.deepEqual(names, ['kuma-validation', 'kuma-sidecar']);
    assert.equal((initContainer(patched, 'kuma-validation')['args'] as string[]).at(-1), '--init-patched');
    assert.equal((initContainer(patched, 'kuma-sidecar')['args'] as string[]).at(-1), '--sidecar-patched');
  });

  test("default patches from the control-plane config run before the annotation's, duplicates twice", () => {
    const first = patchObject('first', { sidecarPatch: [{ op: 'add', path: '/args/-', value: '"first"' }] });
    const second = patchObject('second', { sidecarPatch: [{ op: 'add', path: '/args/-', value: '"second"' }] });
    const ctx = contextWith([first, second]);
    ctx.settings.injector.containerPatches = ['second'];
    const patched = injected(injectPod(pod('first,second'), ctx));
    assert.deepEqual((initContainer(patched, 'kuma-sidecar')['args'] as string[]).slice(-3), ['second', 'first', 'second']);
  });
});
