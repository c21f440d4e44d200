/**
 * ContainerPatches usable by the injector come from the system namespace only; the others are
 * reported by name; malformed objects are errors naming the object and the field.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { collectContainerPatches } from '../../../src/core/container-patch/collect.ts';
import { applyContainerPatches } from '../../../src/core/container-patch/apply.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { patchObject, SYSTEM_NS } from './helpers.ts';

const good = { sidecarPatch: [{ op: 'add', path: '/tty', value: 'true' }] };

describe('collectContainerPatches', () => {
  test('only the system namespace is used; elsewhere is a warning naming the object', () => {
    const items: KubeObject[] = [
      patchObject('p1', good),
      patchObject('p1', good, 'app'),
      patchObject('p2', good, 'kuma-system'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p3', namespace: SYSTEM_NS } },
    ];
    const { byName, results } = collectContainerPatches(items, SYSTEM_NS);
    assert.deepEqual([...byName.keys()], ['p1']);
    assert.equal(byName.get('p1')!.object, items[0]);
    assert.deepEqual(byName.get('p1')!.spec, good);
    assert.deepEqual(
      results.map((r) => [r.severity, r.tags?.['code'], r.resourceRef?.name, r.resourceRef?.namespace, r.field?.path]),
      [
        ['warning', 'KI0401', 'p1', 'app', 'metadata.namespace'],
        ['warning', 'KI0401', 'p2', 'kuma-system', 'metadata.namespace'],
      ],
    );
    assert.match(
      results[0]!.message,
      /^ContainerPatch app\/p1, metadata\.namespace: ContainerPatch is in namespace "app", so it is never applied, even to workloads that name it/,
    );
    assert.match(results[0]!.message, /Move it to namespace "kong-mesh-system"\.$/);
  });

  test('a ContainerPatch without a namespace is not in the system namespace', () => {
    const object = patchObject('p', good);
    delete object.metadata.namespace;
    const { byName, results } = collectContainerPatches([object], SYSTEM_NS);
    assert.equal(byName.size, 0);
    assert.match(results[0]!.message, /has no metadata\.namespace/);
  });

  test('other apiVersions of the kind are not ContainerPatches of Kuma', () => {
    const other = { ...patchObject('p', good), apiVersion: 'example.com/v1' };
    assert.deepEqual(collectContainerPatches([other], SYSTEM_NS), { byName: new Map(), results: [] });
  });

  test('malformed ops are errors naming the object and the field, the object stays listed', () => {
    const object = patchObject('bad', {
      sidecarPatch: [
        { op: 'add', path: '/resources/limits/cpu', value: 500 },
        { op: 'add', path: '/tty', value: 'yes' },
        'remove /args',
        { op: 'add', value: '"x"' },
      ],
      initPatch: [{ op: 'merge', path: '/x' }],
    });
    const { byName, results } = collectContainerPatches([object], SYSTEM_NS);
    assert.ok(byName.has('bad'));
    assert.deepEqual(
      results.map((r) => [r.severity, r.tags?.['code'], r.field?.path]),
      [
        ['error', 'KI0405', 'spec.sidecarPatch[0]'],
        ['error', 'KI0405', 'spec.sidecarPatch[1]'],
        ['error', 'KI0405', 'spec.sidecarPatch[2]'],
        ['error', 'KI0405', 'spec.sidecarPatch[3]'],
        ['error', 'KI0405', 'spec.initPatch[0]'],
      ],
    );
    assert.match(
      results[0]!.message,
      /^ContainerPatch kong-mesh-system\/bad, spec\.sidecarPatch\[0\] \(op "add", path "\/resources\/limits\/cpu", value 500\): value is not a string/,
    );
    assert.match(results[1]!.message, /value is not valid JSON/);
    assert.match(results[2]!.message, /the operation is not an object/);
    assert.match(results[3]!.message, /path is not a string/);
    assert.match(results[4]!.message, /unknown operation \(got op "merge"\)/);
  });

  test('spec and lists of the wrong shape', () => {
    const { results } = collectContainerPatches([patchObject('a', 'nope'), patchObject('b', { sidecarPatch: { op: 'add' } })], SYSTEM_NS);
    assert.deepEqual(
      results.map((r) => [r.resourceRef?.name, r.tags?.['code'], r.field?.path]),
      [
        ['a', 'KI0404', 'spec'],
        ['b', 'KI0404', 'spec.sidecarPatch'],
      ],
    );
  });

  test('"test" applies but the CRD does not admit it: a warning', () => {
    const { results } = collectContainerPatches(
      [patchObject('t', { sidecarPatch: [{ op: 'test', path: '/name', value: '"kuma-sidecar"' }] })],
      SYSTEM_NS,
    );
    assert.deepEqual(
      results.map((r) => [r.severity, r.tags?.['code'], r.field?.path]),
      [['warning', 'KI0406', 'spec.sidecarPatch[0]']],
    );
    assert.match(results[0]!.message, /the ContainerPatch CRD does not admit op "test"/);
  });

  test('a second object of the same name is an error; the first one is used', () => {
    const first = patchObject('p', good);
    const { byName, results } = collectContainerPatches([first, patchObject('p', {})], SYSTEM_NS);
    assert.equal(byName.get('p')!.object, first);
    assert.deepEqual(
      results.map((r) => [r.severity, r.tags?.['code'], r.field?.path]),
      [['error', 'KI0403', 'metadata.name']],
    );
  });

  test('a well-formed patch gives no results', () => {
    const spec = {
      sidecarPatch: [
        { op: 'remove', path: '/args' },
        { op: 'copy', from: '/args', path: '/command' },
      ],
      initPatch: [],
    };
    assert.deepEqual(collectContainerPatches([patchObject('p', spec)], SYSTEM_NS).results, []);
  });
});

describe('unknown fields, which kubectl rejects (or the API server silently prunes)', () => {
  test('a misspelt list name is an error with a suggestion', () => {
    const { results } = collectContainerPatches(
      [patchObject('p', { sidecarPatches: [{ op: 'add', path: '/tty', value: 'true' }] })],
      SYSTEM_NS,
    );
    assert.deepEqual(
      results.map((r) => [r.severity, r.tags?.['code'], r.field?.path]),
      [['error', 'KI0407', 'spec.sidecarPatches']],
    );
    assert.match(
      results[0]!.message,
      /^ContainerPatch kong-mesh-system\/p, spec\.sidecarPatches: unknown field of the ContainerPatch CRD .* Did you mean "sidecarPatch"\?$/,
    );
  });

  test('a misspelt op field is an error naming the op', () => {
    const { results } = collectContainerPatches(
      [patchObject('p', { initPatch: [{ op: 'move', form: '/args', path: '/command' }] })],
      SYSTEM_NS,
    );
    assert.deepEqual(
      results.map((r) => r.field?.path),
      ['spec.initPatch[0].form', 'spec.initPatch[0]'],
    );
    assert.match(results[0]!.message, /Did you mean "from"\?/);
    assert.match(results[1]!.message, /move needs a from pointer/);
  });
});

test('a static op error reads the same from collect and from apply, so reports can merge them', () => {
  const object = patchObject('p', { sidecarPatch: [{ op: 'add', path: '/tty', value: 'yes' }] });
  const { byName, results } = collectContainerPatches([object], SYSTEM_NS);
  const outcome = applyContainerPatches({ name: 'kuma-sidecar' }, [byName.get('p')!], 'sidecarPatch');
  assert.equal(outcome.ok, false);
  assert.deepEqual(outcome.results, results);
});
