import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dump, load } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import { KPT_HOST } from '../../src/krm/host-profile.ts';

/**
 * ContainerPatch classes against re-rendering (kpt feeds each render's output back in): every
 * accepted class gives three successive renders that are identical, with exactly one kuma-sidecar
 * and one kuma-init; every class that renames or replaces the injected container, or takes its
 * image away, is refused with an error naming the patch and the op index, for the sidecar and the
 * init patch alike, in both layouts.
 */
type Op = Record<string, unknown>;
const op = (o: string, path: string, value?: unknown, from?: string): Op => ({
  op: o,
  path,
  ...(value === undefined ? {} : { value: JSON.stringify(value) }),
  ...(from === undefined ? {} : { from }),
});

const ACCEPTED: Record<string, Op[]> = {
  'add a field': [op('add', '/resources/limits/memory', '768Mi')],
  'replace a field': [op('replace', '/imagePullPolicy', 'Always')],
  'another image': [op('replace', '/image', 'registry.example/kuma:1')],
  'remove a field': [op('remove', '/resources')],
  'append to a list': [op('add', '/env/-', { name: 'EXTRA', value: '1' })],
  'securityContext change': [op('add', '/securityContext/readOnlyRootFilesystem', true)],
  'copy a field within the container': [op('copy', '/terminationMessagePath', undefined, '/name')],
  'move a field within the container': [op('add', '/workingDir', '/tmp'), op('move', '/terminationMessagePath', undefined, '/workingDir')],
  'test then replace': [op('test', '/name', '__NAME__'), op('replace', '/imagePullPolicy', 'IfNotPresent')],
  'the same name written again': [op('replace', '/name', '__NAME__')],
};
const REFUSED: Record<string, { ops: Op[]; index: number; what: RegExp }> = {
  'rename (replace /name)': {
    ops: [op('add', '/imagePullPolicy', 'Always'), op('replace', '/name', 'proxy')],
    index: 1,
    what: /renames the injected container/,
  },
  'rename (add /name)': { ops: [op('add', '/name', 'proxy')], index: 0, what: /renames the injected container/ },
  'rename (move onto /name)': {
    ops: [op('add', '/workingDir', 'proxy'), op('move', '/name', undefined, '/workingDir')],
    index: 1,
    what: /renames the injected container/,
  },
  'rename (copy onto /name)': { ops: [op('copy', '/name', undefined, '/image')], index: 0, what: /renames the injected container/ },
  // The Container schema refuses this first, naming the same op.
  'remove /name': { ops: [op('remove', '/name')], index: 0, what: /lacks required field "name"/ },
  'replace the whole container': {
    ops: [op('replace', '', { name: '__NAME__', image: 'x' })],
    index: 0,
    what: /replaces the whole injected container/,
  },
  'remove /image': { ops: [op('remove', '/image')], index: 0, what: /removes the injected container's image/ },
  'empty image': { ops: [op('replace', '/image', '')], index: 0, what: /removes the injected container's image/ },
};

const NAMES = { sidecarPatch: 'kuma-sidecar', initPatch: 'kuma-init' } as const;

function bundle(target: keyof typeof NAMES, ops: Op[]): string {
  const named = ops.map((o) =>
    o['value'] === '"__NAME__"'
      ? { ...o, value: JSON.stringify(NAMES[target]) }
      : o['value'] === JSON.stringify({ name: '__NAME__', image: 'x' })
        ? { ...o, value: JSON.stringify({ name: NAMES[target], image: 'x' }) }
        : o,
  );
  const items = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } },
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ContainerPatch',
      metadata: { name: 'tweak', namespace: 'kong-mesh-system' },
      spec: { [target]: named },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: { 'kuma.io/container-patches': 'tweak' } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      },
    },
  ];
  return dump({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}

function names(output: string): string[] {
  const list = load(output) as { items: Record<string, any>[] };
  const web = list.items.find((i) => i['kind'] === 'Deployment');
  const spec = web?.['spec']['template']['spec'];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: { name: string }) => c.name).sort();
}

describe('ContainerPatch classes and re-rendering', () => {
  for (const layout of [true, false]) {
    const overrides = { sidecarContainers: layout };
    for (const target of ['sidecarPatch', 'initPatch'] as const) {
      for (const [what, ops] of Object.entries(ACCEPTED)) {
        test(`${layout ? 'native' : 'classic'}, ${target}, ${what}: three renders are identical`, () => {
          const first = processInput(bundle(target, ops), { host: { ...KPT_HOST, previews: 'none' }, overrides });
          assert.equal(first.exitCode, 0, first.report);
          assert.deepEqual(names(first.output), ['app', 'kuma-init', 'kuma-sidecar']);
          const second = processInput(first.output, { host: { ...KPT_HOST, previews: 'none' }, overrides });
          const third = processInput(second.output, { host: { ...KPT_HOST, previews: 'none' }, overrides });
          assert.equal(second.exitCode, 0, second.report);
          assert.equal(third.exitCode, 0, third.report);
          const items = (text: string) => JSON.stringify((load(text) as { items: unknown }).items);
          assert.equal(items(second.output), items(first.output), 'the second render changes nothing');
          assert.equal(items(third.output), items(first.output), 'the third render changes nothing');
        });
      }
      for (const [what, refused] of Object.entries(REFUSED)) {
        test(`${layout ? 'native' : 'classic'}, ${target}, ${what}: refused, naming the patch and op ${refused.index}; input echoed`, () => {
          const input = bundle(target, refused.ops);
          const out = processInput(input, { host: { ...KPT_HOST, previews: 'none' }, overrides });
          assert.equal(out.exitCode, 1, out.report);
          const error = out.results.find((r) => r.severity === 'error' && r.resourceRef?.kind === 'ContainerPatch');
          assert.ok(error, out.report);
          assert.equal(error.resourceRef?.name, 'tweak');
          assert.equal(error.field?.path, `spec.${target}[${refused.index}]`, error.message);
          assert.match(error.message, new RegExp(`^ContainerPatch kong-mesh-system/tweak, spec\\.${target}\\[${refused.index}\\] \\(op `));
          assert.match(error.message, refused.what);
          assert.deepEqual(
            (load(out.output) as { items: unknown }).items,
            (load(input) as { items: unknown }).items,
            'the input comes back unchanged',
          );
        });
      }
    }
  }
});
