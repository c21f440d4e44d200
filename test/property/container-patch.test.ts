/**
 * Properties of ContainerPatch application over generated op lists (fast-check):
 * - ops that are each applicable in any order always apply fully, and the result is a valid
 *   Container; one breaking op anywhere leaves the container untouched with an error naming
 *   exactly that op;
 * - on any op list, the input is never mutated and the outcome is either a valid container or
 *   errors only, each pointing at an op of a ContainerPatch;
 * - where the webhook's library and RFC 6902 agree (parents exist, no negative index), the ops
 *   give what fast-json-patch itself gives.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { applyContainerPatches } from '../../src/core/container-patch/apply.ts';
import { applyParsedOp } from '../../src/core/container-patch/apply-op.ts';
import { checkOp } from '../../src/core/container-patch/op-shape.ts';
import { arrayIndexOf, isJsonObject, parsePointer } from '../../src/core/container-patch/json-pointer.ts';
import { validateContainerSpec } from '../../src/core/container-patch/validate-container.ts';
import type { ContainerPatchOp, NamedContainerPatch } from '../../src/core/container-patch/types.ts';
import { named, sidecar } from '../core/container-patch/helpers.ts';

const RUNS = { numRuns: 300 };

/** Ops that apply to the sidecar in any order and keep it a valid Container, with no privilege raised. */
const ALWAYS_OK: ContainerPatchOp[] = [
  { op: 'add', path: '/args/-', value: '"--x"' },
  { op: 'add', path: '/env/-', value: '{"name": "X", "value": "1"}' },
  { op: 'add', path: '/env/0', value: '{"name": "FIRST", "value": "0"}' },
  { op: 'add', path: '/resources/limits/cpu', value: '"500m"' },
  { op: 'add', path: '/resources/requests/memory', value: '"128Mi"' },
  { op: 'add', path: '/securityContext/readOnlyRootFilesystem', value: 'true' },
  { op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "RuntimeDefault"}' },
  { op: 'add', path: '/securityContext/capabilities/drop', value: '["ALL"]' },
  { op: 'add', path: '/ports/-', value: '{"containerPort": 9901, "name": "admin"}' },
  { op: 'add', path: '/readinessProbe/timeoutSeconds', value: '5' },
  { op: 'replace', path: '/image', value: '"kuma-dp:custom"' },
  { op: 'add', path: '/volumeMounts/0', value: '{"name": "extra", "mountPath": "/extra"}' },
  { op: 'test', path: '/name', value: '"kuma-sidecar"' },
  { op: 'copy', from: '/args', path: '/command' },
  { op: 'add', path: '/lifecycle/preStop/exec/command', value: '["sleep", "5"]' },
];

/** Ops that always fail on the sidecar whatever ran before them among ALWAYS_OK. */
const ALWAYS_FAILS: ContainerPatchOp[] = [
  { op: 'remove', path: '/nonexistent' },
  { op: 'replace', path: '/workingDir', value: '"/w"' },
  { op: 'add', path: '/securityContext/privileged', value: '"yes"' },
  { op: 'add', path: '/stdin', value: 'yes' },
  { op: 'merge', path: '/resources', value: '{}' },
  { op: 'test', path: '/name', value: '"other"' },
  { op: 'add', path: '/args/99', value: '"x"' },
  { op: 'add', path: '/image/tag', value: '"x"' },
  { op: 'add', path: 'no-slash', value: '1' },
  { op: 'move', from: '/missing', path: '/x' },
];

/** Splits `ops` into consecutive patches p0, p1, ... at the given cut points. */
function split(ops: ContainerPatchOp[], cuts: number[]): NamedContainerPatch[] {
  const points = [...new Set(cuts.map((c) => c % (ops.length + 1)))].sort((a, b) => a - b);
  const patches: NamedContainerPatch[] = [];
  let start = 0;
  for (const end of [...points, ops.length]) {
    if (end <= start) continue;
    patches.push(named(`p${patches.length}`, { sidecarPatch: ops.slice(start, end) }));
    start = end;
  }
  return patches.length > 0 ? patches : [named('p0', { sidecarPatch: [] })];
}

/** Which patch and index op `i` of the concatenated list lands in. */
function locate(patches: readonly NamedContainerPatch[], i: number): [string, number] {
  let rest = i;
  for (const patch of patches) {
    const n = patch.spec.sidecarPatch?.length ?? 0;
    if (rest < n) return [patch.name, rest];
    rest -= n;
  }
  throw new Error('index out of range');
}

describe('ContainerPatch properties', () => {
  test('ops applicable in any order apply fully; the result is a valid Container', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALWAYS_OK), { maxLength: 25 }), fc.array(fc.nat(30), { maxLength: 4 }), (ops, cuts) => {
        const input = sidecar();
        const outcome = applyContainerPatches(input, split(ops, cuts), 'sidecarPatch');
        assert.ok(outcome.ok, JSON.stringify(outcome.results));
        assert.deepEqual(outcome.results, []);
        assert.deepEqual(validateContainerSpec(outcome.container), []);
        assert.deepEqual(input, sidecar());
        const args = outcome.container['args'] as string[];
        assert.equal(args.length, 2 + ops.filter((o) => o.path === '/args/-').length);
      }),
      RUNS,
    );
  });

  test('one breaking op anywhere: nothing applied, one error naming that patch and op', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALWAYS_OK), { maxLength: 20 }),
        fc.constantFrom(...ALWAYS_FAILS),
        fc.nat(),
        fc.array(fc.nat(30), { maxLength: 4 }),
        (ops, breaking, where, cuts) => {
          const at = where % (ops.length + 1);
          const list = [...ops.slice(0, at), breaking, ...ops.slice(at)];
          const patches = split(list, cuts);
          const input = sidecar();
          const outcome = applyContainerPatches(input, patches, 'sidecarPatch');
          assert.equal(outcome.ok, false);
          assert.equal('container' in outcome, false);
          assert.deepEqual(input, sidecar());
          assert.equal(outcome.results.length, 1, JSON.stringify(outcome.results));
          const [name, index] = locate(patches, at);
          const [result] = outcome.results;
          assert.equal(result!.severity, 'error');
          assert.equal(result!.resourceRef?.kind, 'ContainerPatch');
          assert.equal(result!.resourceRef?.name, name);
          assert.equal(result!.field?.path, `spec.sidecarPatch[${index}]`);
          assert.ok(
            result!.message.startsWith(
              `ContainerPatch kong-mesh-system/${name}, spec.sidecarPatch[${index}] (op ${JSON.stringify(breaking.op)}, path ${JSON.stringify(breaking.path)}`,
            ),
            result!.message,
          );
        },
      ),
      RUNS,
    );
  });

  test('any op list: input untouched; a valid container, or errors pointing at ops', () => {
    const pointer = fc.constantFrom(
      '',
      '/args',
      '/args/0',
      '/args/-',
      '/args/-1',
      '/env/0/name',
      '/resources/limits',
      '/resources/limits/cpu',
      '/securityContext',
      '/securityContext/runAsUser',
      '/securityContext/privileged',
      '/x',
      '/x/y/0',
      '/name',
      '/ports/3',
      'bad',
    );
    const value = fc.constantFrom(undefined, 'true', '1', '"1"', '"--v"', '{}', '[]', 'null', '{"name": "n"}', 'bare', '{"cpu": "1"}');
    const op: fc.Arbitrary<ContainerPatchOp> = fc
      .record({
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
        path: pointer,
        value,
        from: fc.option(pointer, { nil: undefined }),
      })
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as ContainerPatchOp);
    const seen = { ok: 0, failed: 0 };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), fc.array(fc.nat(10), { maxLength: 3 }), (ops, cuts) => {
        const input = sidecar();
        const patches = split(ops, cuts);
        const outcome = applyContainerPatches(input, patches, 'sidecarPatch');
        assert.deepEqual(input, sidecar());
        seen[outcome.ok ? 'ok' : 'failed'] += 1;
        if (outcome.ok) {
          assert.deepEqual(validateContainerSpec(outcome.container), []);
          assert.ok(outcome.results.every((r) => r.severity === 'warning'));
        } else {
          assert.ok(outcome.results.length > 0);
          for (const r of outcome.results) {
            assert.equal(r.severity, 'error');
            const patch = patches.find((p) => p.name === r.resourceRef?.name);
            assert.ok(patch, r.message);
            const m = /^spec\.sidecarPatch\[(\d+)\]$/.exec(r.field?.path ?? '');
            assert.ok(m !== null && Number(m[1]) < (patch.spec.sidecarPatch?.length ?? 0), r.field?.path);
          }
        }
        const again = applyContainerPatches(input, patches, 'sidecarPatch');
        assert.deepEqual(again, outcome, 'deterministic');
      }),
      RUNS,
    );
    assert.ok(seen.ok > 10 && seen.failed > 10, `both outcomes exercised: ${JSON.stringify(seen)}`);
  });
});

/** JSON without null (a null member means "missing" to the webhook's library, unlike RFC 6902). */
const key = fc.constantFrom('a', 'b', 'c', 'a/b', 'm~n', '0');
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -5, max: 5 }),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Whether every parent of `path` exists (non-null) in `doc`, with no negative index on the way or at the end. */
function rfcCompatible(doc: unknown, path: string | undefined, op: string): boolean {
  if (path === undefined) return true;
  const tokens = parsePointer(path);
  if (tokens === undefined) return true;
  let current = doc;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const last = i === tokens.length - 1;
    if (Array.isArray(current)) {
      const index = arrayIndexOf(token);
      if (index !== undefined && (index < 0 || token !== String(index))) return false;
      if (token === '-' && !(last && op === 'add')) return false;
      // A name that is not an index means nothing in an array (RFC 6902 §4); fast-json-patch sets a property.
      if (index === undefined && token !== '-') return false;
      // fast-json-patch's move/copy insert without its index check (a far index appends); the
      // RFC and the webhook's library refuse, so only indices of existing items are compared.
      if (last && (op === 'move' || op === 'copy') && (index === undefined || index >= current.length)) return false;
      if (last) return true;
      current = index === undefined ? undefined : current[index];
    } else if (isJsonObject(current)) {
      if (last) return current[token] !== null || op === 'add';
      current = Object.hasOwn(current, token) ? current[token] : undefined;
    } else {
      return true;
    }
    if (current === undefined || current === null) return false;
  }
  return true;
}

/**
 * Whether every parent of `path` in `doc` is an existing list or mapping, the only case where the
 * libraries agree on the add half of a move (fast-json-patch writes through some others).
 */
function parentsAreContainers(doc: unknown, path: string): boolean {
  if (!rfcCompatible(doc, path, 'add')) return false;
  const tokens = parsePointer(path) ?? [];
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndexOf(token) ?? -1];
    else if (isJsonObject(current)) current = current[token];
    else return false;
  }
  return Array.isArray(current) || isJsonObject(current);
}

/** `doc` with the value at `from` removed, as a move sees it before adding. */
function withoutPath(doc: unknown, from: string | undefined): unknown {
  const copy = { root: structuredClone(doc) };
  if (from === undefined) return copy.root;
  const checked = checkOp({ op: 'remove', path: from });
  if (checked.ok) applyParsedOp(copy, checked.op);
  return copy.root;
}

function allPaths(doc: unknown, at = ''): string[] {
  const here = [at];
  if (Array.isArray(doc)) return [...here, `${at}/-`, ...doc.flatMap((v, i) => allPaths(v, `${at}/${i}`))];
  if (isJsonObject(doc)) {
    return [...here, ...Object.entries(doc).flatMap(([k, v]) => allPaths(v, `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`))];
  }
  return here;
}

describe('agreement with RFC 6902 (fast-json-patch) where the webhook library agrees with it', () => {
  test('same result, or both refuse', () => {
    const opArb = (doc: unknown): fc.Arbitrary<ContainerPatchOp> => {
      const paths = allPaths(doc).filter((p) => p !== '');
      const path = fc.oneof(
        { arbitrary: fc.constantFrom(...paths), weight: 6 },
        { arbitrary: fc.constantFrom(...paths).map((p) => `${p}/new`), weight: 1 },
        { arbitrary: fc.constant('/zz'), weight: 1 },
      );
      return fc
        .record({
          op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'),
          path,
          from: path,
          value: json.map((v) => JSON.stringify(v)),
        })
        .map((o) => o as ContainerPatchOp);
    };
    const compared = { applied: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc
          .dictionary(key, json, { minKeys: 1, maxKeys: 4 })
          .chain((doc) => fc.tuple(fc.constant(doc), fc.array(opArb(doc), { minLength: 1, maxLength: 6 }))),
        ([doc, ops]) => {
          const ours = { root: structuredClone(doc) as unknown };
          let theirs: unknown = structuredClone(doc);
          for (const raw of ops) {
            if (!rfcCompatible(ours.root, raw.path, raw.op) || !rfcCompatible(ours.root, raw.from, 'get')) continue;
            // A move adds at `path` after removing `from` (RFC 6902 §4.4): judge `path` on that document.
            // fast-json-patch validates `path` on the document before the removal, the RFC and the
            // webhook's library after it: compare only moves both documents accept.
            if (raw.op === 'move' && !parentsAreContainers(withoutPath(ours.root, raw.from), raw.path)) continue;
            if (raw.op === 'move' && !parentsAreContainers(ours.root, raw.path)) continue;
            // Moving a value into itself is refused by the RFC but not checked by every library.
            if (raw.op === 'move' && raw.from !== undefined && raw.path.startsWith(`${raw.from}/`)) continue;
            if ((raw.op === 'move' || raw.op === 'copy') && raw.from === '') continue;
            const checked = checkOp(raw);
            assert.ok(checked.ok);
            const problem = applyParsedOp(ours, checked.op);
            let refused = false;
            // fast-json-patch takes `value` as JSON; ours decodes the JSON text first.
            const decoded = {
              ...raw,
              ...(raw.value === undefined ? {} : { value: JSON.parse(raw.value) as unknown }),
            } as jsonpatch.Operation;
            try {
              theirs = jsonpatch.applyOperation(theirs, decoded, true, true, true).newDocument;
            } catch {
              refused = true;
            }
            assert.equal(
              problem !== undefined,
              refused,
              `${JSON.stringify(raw)} on ${JSON.stringify(theirs)}: ours ${JSON.stringify(problem)}`,
            );
            if (refused) {
              compared.refused += 1;
              return;
            }
            compared.applied += 1;
            assert.deepEqual(ours.root, theirs);
          }
        },
      ),
      { numRuns: 500 },
    );
    assert.ok(compared.applied > 150 && compared.refused > 50, `ops compared: ${JSON.stringify(compared)}`);
    console.log(`container-patch RFC agreement: ${compared.applied} ops applied alike, ${compared.refused} refused alike`);
  });
});
