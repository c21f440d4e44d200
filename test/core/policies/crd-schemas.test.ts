import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../../conformance/conformance-dir.ts';
// @ts-expect-error: a plain .mjs build script without types
import { readCrdSchemas } from '../../../scripts/policy-crds.mjs';
import { errorField, hasCrdSchema, validateCrdSchema, fieldPath } from '../../../src/core/policies/crd/crd-schema.ts';
import { POLICY_KINDS } from '../../../src/core/policies/kinds.ts';

const VENDORED = JSON.parse(readFileSync(new URL('../../../src/core/policies/crd/schemas.json', import.meta.url), 'utf8')) as {
  source: string;
  schemas: Record<string, unknown>;
};

test('the vendored CRD schemas are the upstream CRDs of the chart, descriptions left out', () => {
  const upstream = readCrdSchemas(fileURLToPath(new URL('kuma-2.14/policies/crds/', CONFORMANCE)));
  assert.deepEqual(VENDORED.schemas, upstream);
  assert.match(VENDORED.source, /v2\.14\.3/);
});

test('every policy kind has a compiled schema; an unknown kind has none', () => {
  for (const { kind } of POLICY_KINDS) assert.ok(hasCrdSchema(kind), kind);
  assert.equal(hasCrdSchema('MeshGRPCRoute'), false);
  assert.deepEqual(validateCrdSchema('MeshGRPCRoute', { spec: 1 }), []);
});

test('schema errors point at Kuma-style fields, and null fields are pruned as the API server does', () => {
  assert.equal(fieldPath('/spec/to/0/targetRef/tags/kuma.io~1zone'), 'spec.to[0].targetRef.tags["kuma.io/zone"]');
  const base = { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshTimeout', metadata: { name: 'x' } };
  assert.deepEqual(
    validateCrdSchema('MeshTimeout', {
      ...base,
      spec: { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s', http: null } }] },
    }),
    [],
  );
  assert.deepEqual(
    validateCrdSchema('MeshTimeout', { ...base, spec: { targetRef: { kind: 'Mesh', proxyTypes: ['Sidecars'] }, to: 'all' } }).map(
      (v) => v.field,
    ),
    ['spec.targetRef.proxyTypes[0]', 'spec.to'],
  );
  // An int-or-string field that is neither says so once.
  assert.deepEqual(
    validateCrdSchema('MeshCircuitBreaker', {
      ...base,
      kind: 'MeshCircuitBreaker',
      spec: { to: [{ targetRef: { kind: 'Mesh' }, default: { outlierDetection: { healthyPanicThreshold: true } } }] },
    }).map((v) => v.message),
    ['Invalid value: true: must be an integer or a string'],
  );
  // Top-level fields the CRD does not declare are refused too (a legacy top-level `mesh:`).
  assert.deepEqual(
    validateCrdSchema('MeshTimeout', { ...base, mesh: 'default', spec: {} }).map((v) => v.field),
    ['mesh'],
  );
});

test('the compiled validators (shared subschemas, lazy module) refuse exactly what ajv refuses with the plain CRD schemas', async () => {
  const Ajv = (await import('ajv')).default as unknown as new (options: object) => { compile(schema: unknown): (data: unknown) => boolean };
  // @ts-expect-error: a plain .mjs build script without types
  const { structural, crdAjvOptions } = await import('../../../scripts/policy-crds.mjs');
  const oracle = crdAjvOptions(new Ajv({ allErrors: true, strict: false }));
  const VALIDATORS = fileURLToPath(new URL('kuma-2.14/policies/validators/', CONFORMANCE));
  const { readdirSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const fc = (await import('fast-check')).default;
  const samples: { kind: string; object: Record<string, unknown> }[] = [];
  for (const file of readdirSync(VALIDATORS).filter((f: string) => f.endsWith('.cases.yaml'))) {
    const doc = parse(readFileSync(`${VALIDATORS}${file}`, 'utf8')) as { kind: string; cases: { input?: string; inputFile?: string }[] };
    for (const c of doc.cases) {
      const spec = parse(c.input ?? readFileSync(`${VALIDATORS}${c.inputFile}`, 'utf8')) as Record<string, unknown>;
      samples.push({ kind: doc.kind, object: { apiVersion: 'kuma.io/v1alpha1', kind: doc.kind, metadata: { name: 'p' }, spec } });
    }
  }
  const compiled = new Map<string, (data: unknown) => boolean>();
  const oracleErrors = (kind: string, object: unknown): string[] => {
    const validate =
      compiled.get(kind) ??
      (oracle.compile(structural((VENDORED.schemas[kind] as { openAPIV3Schema: unknown }).openAPIV3Schema)) as (data: unknown) => boolean);
    compiled.set(kind, validate);
    return validate(object)
      ? []
      : [...new Set(((validate as unknown as { errors: Parameters<typeof errorField>[0][] }).errors ?? []).map(errorField))].sort();
  };
  const ours = (kind: string, object: unknown): string[] => [...new Set(validateCrdSchema(kind, object).map((v) => v.field))].sort();
  /** Every path to a value inside `value`, as keys. */
  const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
    if (Array.isArray(value)) return [path, ...value.flatMap((v, i) => leaves(v, [...path, i]))];
    if (typeof value === 'object' && value !== null) return [path, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
    return [path];
  };
  const setAt = (root: unknown, path: (string | number)[], v: unknown): unknown => {
    if (path.length === 0) return v;
    const copy = structuredClone(root) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path[path.length - 1] as string | number] = v;
    return copy;
  };
  // Null fields are pruned before our check (as the API server does); the oracle gets the same object.
  const prune = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(prune)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== null)
              .map(([k, x]) => [k, prune(x)]),
          )
        : v;
  for (const s of samples) assert.deepEqual(ours(s.kind, s.object), oracleErrors(s.kind, prune(s.object)), s.kind);
  fc.assert(
    fc.property(fc.constantFrom(...samples), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (sample, pick, value) => {
      const spots = leaves(sample.object['spec']).map((p) => ['spec', ...p]);
      const object = setAt(sample.object, spots[pick % spots.length] as (string | number)[], value) as Record<string, unknown>;
      assert.deepEqual(ours(sample.kind, object), oracleErrors(sample.kind, prune(object)));
    }),
    { numRuns: 600 },
  );
});

test('a `__proto__` key (JSON and YAML make it an own key) is an unknown field like any other, wherever it is', () => {
  const policy = (spec: string): unknown => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTimeout',
    metadata: { name: 'p' },
    spec: JSON.parse(spec) as unknown,
  });
  for (const spec of [
    '{"__proto__": ""}',
    '{"targetRef": {"kind": "Mesh", "__proto__": {"x": 1}}}',
    '{"to": [{"targetRef": {"kind": "Mesh"}, "default": {"__proto__": null, "idleTimeout": "1s"}}]}',
  ]) {
    const fields = validateCrdSchema('MeshTimeout', policy(spec)).map((v) => v.field);
    if (spec.includes('null')) assert.deepEqual(fields, [], `a null field is pruned first: ${spec}`);
    else
      assert.ok(
        fields.some((f) => f.includes('__proto__') || f === 'spec' || f.endsWith('targetRef')),
        `${spec}: ${JSON.stringify(fields)}`,
      );
  }
});
