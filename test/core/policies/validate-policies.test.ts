import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import fc from 'fast-check';
import { CONFORMANCE } from '../../conformance/conformance-dir.ts';
import { validatePolicies, type PolicyValidationContext } from '../../../src/core/policies/validate-policies.ts';
import { POLICY_KINDS } from '../../../src/core/policies/kinds.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { NamespaceInfo } from '../../../src/core/settings.ts';

const CTX: PolicyValidationContext = {
  systemNamespace: 'kuma-system',
  zone: 'default',
  defaultNamespace: '',
  product: 'Kuma',
  namespace: (name): NamespaceInfo | undefined =>
    name === 'shop'
      ? { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} }
      : name === 'plain'
        ? { labels: {}, annotations: {} }
        : undefined,
  admission2_14: true,
  releaseName: '2.14',
};

const policy = (kind: string, spec: unknown, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind,
  metadata: { name: 'p', namespace: 'kuma-system', ...metadata },
  spec,
});

const codes = (items: KubeObject[], ctx = CTX): string[] =>
  validatePolicies(items, ctx).results.map((r) => `${r.severity} ${r.tags?.['code']} ${r.field?.path ?? ''}`);

const VALIDATORS = fileURLToPath(new URL('kuma-2.14/policies/validators/', CONFORMANCE));
/** Every upstream validator case as a manifest in the system namespace (role system, as upstream). */
function upstreamCases(): { id: string; kind: string; valid: boolean; object: KubeObject }[] {
  const out: { id: string; kind: string; valid: boolean; object: KubeObject }[] = [];
  for (const file of readdirSync(VALIDATORS).filter((f) => f.endsWith('.cases.yaml'))) {
    const doc = parse(readFileSync(`${VALIDATORS}${file}`, 'utf8')) as {
      kind: string;
      cases: { id: string; input?: string; inputFile?: string; expect: { valid: boolean } }[];
    };
    for (const c of doc.cases) {
      // The upstream decoder ignores the type/mesh/name keys some inputs carry; a manifest has none.
      const {
        type: _t,
        mesh: _m,
        name: _n,
        ...spec
      } = parse(c.input ?? readFileSync(`${VALIDATORS}${c.inputFile}`, 'utf8')) as Record<string, unknown>;
      out.push({ id: c.id, kind: doc.kind, valid: c.expect.valid, object: policy(doc.kind, spec) });
    }
  }
  return out;
}

/**
 * Upstream validator tests decode YAML straight into Go types, past the CRD schema. The API server
 * refuses these "valid" inputs before Kuma's webhook sees them, for the field named.
 */
const SCHEMA_REFUSES_UPSTREAM_VALID: Record<string, string> = {
  'meshcircuitbreaker-001': 'outlierDetection.detectors.healthyPanicThreshold is not a CRD field (it belongs to outlierDetection)',
  'meshhealthcheck-001': 'http.set / http.add are not CRD fields (requestHeadersToAdd.set/add are)',
  'meshretry-001':
    'header match types PREFIX/REGULAR_EXPRESSION/EXACT are not CRD enum values; retryOn status codes written as YAML integers, not strings',
  'meshretry-007': 'retryOn status codes written as YAML integers, not strings',
  'meshretry-008': 'retryOn status codes written as YAML integers, not strings',
  'meshtcproute-007': 'to[].rules is required by the CRD',
  'meshtcproute-008': 'targetRef.tags.port written as a YAML integer, not a string',
};

test('every upstream invalid policy is refused with an error naming it and a field; no valid one gets an error', () => {
  const cases = upstreamCases();
  assert.ok(cases.length >= 285);
  const wrong: string[] = [];
  const schemaRefused: string[] = [];
  for (const c of cases) {
    const { results, rejected } = validatePolicies([c.object], CTX);
    const errors = results.filter((r) => r.severity === 'error');
    if (c.valid && errors.length > 0 && errors.every((e) => e.tags?.['code'] === 'KI0801')) schemaRefused.push(c.id);
    else if (c.valid && errors.length > 0) wrong.push(`${c.id}: valid upstream, got ${errors.map((e) => e.message).join(' | ')}`);
    if (!c.valid) {
      if (errors.length === 0 || !rejected.has(c.object)) wrong.push(`${c.id}: invalid upstream, not refused`);
      for (const e of errors) {
        if (!e.message.startsWith(`${c.kind} kuma-system/p: `) || e.resourceRef?.name !== 'p')
          wrong.push(`${c.id}: error does not name the policy: ${e.message}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(schemaRefused.sort(), Object.keys(SCHEMA_REFUSES_UPSTREAM_VALID).sort());
});

test('a minimal policy of each of the 16 kinds in a meshed namespace passes', () => {
  const minimal: Record<string, unknown> = {
    MeshAccessLog: { rules: [{ default: { backends: [] } }] },
    MeshCircuitBreaker: { to: [{ targetRef: { kind: 'Mesh' }, default: { connectionLimits: { maxConnections: 2 } } }] },
    MeshFaultInjection: { targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] }, rules: [{ default: { http: [] } }] },
    MeshHealthCheck: { to: [{ targetRef: { kind: 'Mesh' }, default: { tcp: {} } }] },
    MeshHTTPRoute: {
      to: [
        {
          targetRef: { kind: 'MeshService', name: 'web' },
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
              default: { backendRefs: [{ kind: 'MeshService', name: 'web', port: 80 }] },
            },
          ],
        },
      ],
    },
    MeshLoadBalancingStrategy: { to: [{ targetRef: { kind: 'Mesh' }, default: { loadBalancer: { type: 'RoundRobin' } } }] },
    MeshMetric: { default: { backends: [{ type: 'Prometheus', prometheus: { port: 5670 } }] } },
    MeshPassthrough: { default: { appendMatch: [{ type: 'Domain', value: 'example.com', protocol: 'tls', port: 443 }] } },
    MeshProxyPatch: { default: { appendModifications: [{ cluster: { operation: 'Remove' } }] } },
    MeshRateLimit: {
      targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] },
      rules: [{ default: { local: { http: { requestRate: { num: 10, interval: '1s' } } } } }],
    },
    MeshRetry: { to: [{ targetRef: { kind: 'Mesh' }, default: { http: { numRetries: 3 } } }] },
    MeshTCPRoute: {
      to: [
        {
          targetRef: { kind: 'MeshService', name: 'web' },
          rules: [{ default: { backendRefs: [{ kind: 'MeshService', name: 'web', port: 80 }] } }],
        },
      ],
    },
    MeshTimeout: { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '10s' } }] },
    MeshTLS: { rules: [{ default: { mode: 'Strict' } }] },
    MeshTrace: { default: { backends: [] } },
    MeshTrafficPermission: { rules: [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://default/ns/shop/sa/web' } }] } }] },
  };
  assert.deepEqual(Object.keys(minimal).sort(), POLICY_KINDS.map((k) => k.kind).sort());
  for (const [kind, spec] of Object.entries(minimal)) {
    const items = [policy(kind, spec, { namespace: 'shop' })];
    assert.deepEqual(
      validatePolicies(items, CTX).results.filter((r) => r.severity !== 'info'),
      [],
      kind,
    );
  }
});

test('CRD schema: unknown fields, enum values and types are API-server refusals (KI0801) at their field', () => {
  assert.deepEqual(
    codes([policy('MeshTimeout', { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s', idleTimout: '2s' } }] })]),
    ['error KI0801 spec.to[0].default.idleTimout'],
  );
  assert.deepEqual(codes([policy('MeshTimeout', { to: [{ targetRef: { kind: 'MeshGRPCRoute' }, default: { idleTimeout: '1s' } }] })]), [
    'error KI0801 spec.to[0].targetRef.kind',
  ]);
  assert.deepEqual(codes([policy('MeshTrafficPermission', { from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Permit' } }] })]), [
    'error KI0801 spec.from[0].default.action',
  ]);
  assert.deepEqual(codes([policy('MeshRetry', { to: [{ targetRef: { kind: 'Mesh' }, default: { http: { numRetries: 'three' } } }] })]), [
    'error KI0801 spec.to[0].default.http.numRetries',
  ]);
  assert.deepEqual(codes([policy('MeshTimeout', { to: [{ default: { idleTimeout: '1s' } }] })]), ['error KI0801 spec.to[0].targetRef']);
  const message =
    validatePolicies([policy('MeshTimeout', { to: [{ targetRef: { kind: 'MeshGRPCRoute' }, default: {} }] })], CTX).results[0]?.message ??
    '';
  assert.match(
    message,
    /^MeshTimeout kuma-system\/p: spec\.to\[0\]\.targetRef\.kind: Unsupported value: "MeshGRPCRoute": supported values: "Mesh", /,
  );
});

test('admission refusals of where a policy is applied (KI0803) say how to fix them', () => {
  const mixed = validatePolicies(
    [
      policy(
        'MeshTimeout',
        {
          to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
          from: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }],
        },
        { namespace: 'shop' },
      ),
    ],
    CTX,
  );
  assert.deepEqual(
    mixed.results.map((r) => r.tags?.['code']),
    ['KI0803'],
  );
  assert.match(mixed.results[0]?.message ?? '', /mix 'to' and 'from'.*Split it in two/);
  const producerConsumer = validatePolicies(
    [
      policy(
        'MeshTimeout',
        {
          to: [
            { targetRef: { kind: 'MeshService', name: 'a' }, default: { idleTimeout: '1s' } },
            { targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } },
          ],
        },
        { namespace: 'shop' },
      ),
    ],
    CTX,
  );
  assert.match(producerConsumer.results[0]?.message ?? '', /producer and consumer/);
  const badMesh = validatePolicies(
    [
      policy(
        'MeshTimeout',
        { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
        { labels: { 'kuma.io/mesh': 'Shop_Mesh!' } },
      ),
    ],
    CTX,
  );
  assert.deepEqual(
    badMesh.results.map((r) => `${r.tags?.['code']} ${r.field?.path}`),
    ['KI0802 mesh'],
  );
  const origin = validatePolicies(
    [
      policy(
        'MeshTimeout',
        { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] },
        { labels: { 'kuma.io/origin': 'elsewhere' } },
      ),
    ],
    CTX,
  );
  assert.deepEqual(
    origin.results.map((r) => `${r.tags?.['code']} ${r.field?.path}`),
    ['KI0802 labels["kuma.io/origin"]'],
  );
  // A federated zone refuses a system-namespace policy without kuma.io/origin: zone.
  const federated = validatePolicies([policy('MeshTimeout', { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s' } }] })], {
    ...CTX,
    federatedZone: true,
  });
  assert.deepEqual(
    federated.results.map((r) => `${r.tags?.['code']} ${r.field?.path}`),
    ['KI0803 metadata.labels[kuma.io/origin]'],
  );
});

test('the role admission computes decides the validation: a MeshGateway target is refused in an app namespace only', () => {
  const spec = { targetRef: { kind: 'MeshGateway', name: 'edge' }, default: { backends: [] } };
  assert.deepEqual(codes([policy('MeshTrace', spec)]), []);
  assert.deepEqual(codes([policy('MeshTrace', spec, { namespace: 'shop' })]), ['error KI0802 spec.targetRef.kind']);
});

test('deprecations are warnings (KI0805); the policy is kept', () => {
  const item = policy('MeshTrafficPermission', {
    targetRef: { kind: 'MeshService', name: 'web' },
    from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
  });
  const { results, rejected } = validatePolicies([item], CTX);
  assert.deepEqual(
    results.map((r) => `${r.severity} ${r.tags?.['code']}`),
    ['warning KI0805', 'warning KI0805'],
  );
  assert.equal(rejected.size, 0);
});

test("a namespace Kuma's webhooks skip: violations are warnings (KI0804), nothing is refused", () => {
  const item = policy('MeshTrafficPermission', { from: [{ targetRef: { kind: 'Mesh' }, default: {} }] }, { namespace: 'plain' });
  const { results, rejected } = validatePolicies([item], CTX);
  assert.deepEqual(
    results.map((r) => `${r.severity} ${r.tags?.['code']} ${r.field?.path}`),
    ['warning KI0804 spec.from[0].default.action'],
  );
  assert.equal(rejected.size, 0);
  // kube-system is never selected either.
  assert.deepEqual(
    codes([policy('MeshTrafficPermission', { from: [{ targetRef: { kind: 'Mesh' }, default: {} }] }, { namespace: 'kube-system' })]),
    ['warning KI0804 spec.from[0].default.action'],
  );
});

test('a release whose admission is not reproduced: one info, no validation', () => {
  const bad = policy('MeshTimeout', { to: [{ targetRef: { kind: 'Nope' } }] });
  const { results, rejected } = validatePolicies([bad, bad], { ...CTX, admission2_14: false, releaseName: '2.13' });
  assert.deepEqual(
    results.map((r) => `${r.severity} ${r.tags?.['code']}`),
    ['info KI0806'],
  );
  assert.match(results[0]?.message ?? '', /2\.13/);
  assert.equal(rejected.size, 0);
});

test('objects that are not Kuma policies are not looked at; nothing is changed', () => {
  const items: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { bogus: 1 } },
    { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: 'default' }, spec: { anything: true } },
    { apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficPermission', metadata: { name: 'legacy', namespace: 'shop' } },
    { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshOPA', metadata: { name: 'opa', namespace: 'shop' }, spec: { x: 1 } },
  ];
  const before = JSON.stringify(items);
  assert.deepEqual(validatePolicies(items, CTX).results, []);
  assert.equal(JSON.stringify(items), before);
});

test('any shape of spec, labels and targetRef gives results, never an exception', () => {
  const anyValue = fc.jsonValue({ maxDepth: 4 });
  fc.assert(
    fc.property(
      fc.constantFrom(...POLICY_KINDS.map((k) => k.kind)),
      fc.oneof(
        anyValue,
        fc.record({ targetRef: anyValue, to: anyValue, from: anyValue, rules: anyValue, default: anyValue }, { requiredKeys: [] }),
      ),
      anyValue,
      (kind, spec, labels) => {
        const item = {
          apiVersion: 'kuma.io/v1alpha1',
          kind,
          metadata: { name: 'p', namespace: 'shop', labels: labels as Record<string, string> },
          spec,
        } as KubeObject;
        const { results } = validatePolicies([item], CTX);
        for (const r of results) assert.ok(r.message.length > 0 && r.tags?.['code'] !== undefined);
      },
    ),
    { numRuns: 400 },
  );
});
