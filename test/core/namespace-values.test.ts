/**
 * A Namespace label or annotation that YAML did not read as a string (`kuma.io/sidecar-injection:
 * true` is the boolean true) is an error naming the field, saying what YAML made of it and showing
 * the quoted spelling; the workloads of that namespace are told the same thing, never that the
 * value "true" is not "true".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nonStringNamespaceValues } from '../../src/core/namespace-values.ts';
import type { KubeObject } from '../../src/core/types.ts';
import { runCli } from '../cli/cli-run.ts';

const namespace = (on: 'labels' | 'annotations', value: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', [on]: { 'kuma.io/sidecar-injection': value, tier: 'web' } },
});

const NON_STRINGS: [unknown, RegExp, string][] = [
  [true, /the YAML boolean true, not the string "true"/, '"true"'],
  [false, /the YAML boolean false, not the string "false"/, '"false"'],
  [1, /the number 1/, '"1"'],
  [2.14, /the number 2\.14/, '"2.14"'],
  [null, /got null/, '""'],
  [['enabled'], /a list/, '""'],
  [{ a: 'b' }, /a map/, '""'],
];

describe('Namespace label and annotation values that are not strings', () => {
  for (const on of ['labels', 'annotations'] as const) {
    for (const [value, kind, quoted] of NON_STRINGS) {
      test(`${on}: ${JSON.stringify(value)} is an error naming the field, the YAML type and the quoted fix`, () => {
        const results = nonStringNamespaceValues(namespace(on, value));
        assert.equal(results.length, 1, 'only the non-string entry, not tier: web');
        const [r] = results;
        assert.equal(r?.severity, 'error');
        assert.equal(r?.field?.path, `metadata.${on}["kuma.io/sidecar-injection"]`);
        assert.deepEqual(r?.resourceRef, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
        assert.match(r?.message ?? '', kind);
        assert.ok(r?.message.endsWith(`Quote it: kuma.io/sidecar-injection: ${quoted}`), r?.message);
      });
    }
    for (const value of ['enabled', 'true', '', 'disabled']) {
      test(`${on}: the string ${JSON.stringify(value)} is fine`, () => {
        assert.deepEqual(nonStringNamespaceValues(namespace(on, value)), []);
      });
    }
  }
});

const WORKLOAD = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

describe('a workload in a namespace labelled with an unquoted boolean', () => {
  for (const word of ['true', 'false', 'yes']) {
    test(`kuma.io/sidecar-injection: ${word} (unquoted): exit 1, nothing on stdout, no self-contradicting message`, async () => {
      const input = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: ${word}\n${WORKLOAD}`;
      const r = await runCli(['-f', '-'], { stdin: input });
      // js-yaml (YAML 1.2 core schema) reads true/false as booleans; yes stays the string "yes".
      if (word === 'yes') {
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /YAML boolean/);
        return;
      }
      assert.equal(r.code, 1, r.stderr);
      // A failing stream run hands nothing to the next command (kubectl apply).
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        new RegExp(
          `error: Namespace shop, metadata\\.labels\\["kuma\\.io/sidecar-injection"\\]: label values must be strings \\(got the YAML boolean ${word}, not the string "${word}"\\)`,
        ),
      );
      assert.match(
        r.stderr,
        new RegExp(
          `Deployment shop/web: not injected: namespace shop's kuma\\.io/sidecar-injection label is the YAML boolean ${word}.*quote it: kuma\\.io/sidecar-injection: "${word}"`,
        ),
      );
      assert.doesNotMatch(r.stderr, /: "true" \(not enabled\/"true"\)/);
    });
  }
});
