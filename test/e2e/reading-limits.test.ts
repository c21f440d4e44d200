import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, REPO, sh, type Ran } from './harness.ts';
import { aliasBomb, deepDocument, SHOP_NAMESPACE } from '../krm/yaml-shapes.ts';
import { streamAsResourceList } from '../cli/fixtures.ts';

/** The documented messages of the two reading limits. */
const ALIASES = /aliases expand to more than 100000 nodes \(the limit per document/;
const DEPTH = /nests deeper than 1000 levels \(the limit per document\)/;

/** Hostile documents: alias bombs (styles, places) and deep nesting (flow, block). */
const SHAPES: { name: string; text: string; limit: RegExp }[] = [
  { name: '9x9 aliases, flow sequences, unknown field', text: aliasBomb(9, 9, 'flow-seq', 'unknown-field'), limit: ALIASES },
  { name: '8x9 aliases, block sequences, known field', text: aliasBomb(8, 9, 'block-seq', 'known-field'), limit: ALIASES },
  { name: '6x10 aliases, flow mappings, unknown field', text: aliasBomb(6, 10, 'flow-map', 'unknown-field'), limit: ALIASES },
  { name: '17x2 aliases, block mappings, known field', text: aliasBomb(17, 2, 'block-map', 'known-field'), limit: ALIASES },
  { name: '10,000 nested brackets', text: deepDocument(10_000, 'flow'), limit: DEPTH },
  { name: '1,001 levels of block mappings', text: deepDocument(1001, 'block'), limit: DEPTH },
];

function binary(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): { ran: Ran; ms: number } {
  const started = Date.now();
  const ran = sh(process.execPath, [BUNDLE, ...args], { timeoutMs: 60_000, ...options });
  return { ran, ms: Date.now() - started };
}

function assertRefused({ ran, ms }: { ran: Ran; ms: number }, limit: RegExp, where: RegExp): void {
  assert.ok(ran.status === 1, `exit ${ran.status}: ${ran.stderr.slice(0, 2000)}`);
  assert.match(ran.stderr, limit);
  assert.match(ran.stderr, where);
  assert.doesNotMatch(ran.stderr, /Maximum call stack|RangeError|    at /);
  assert.ok(ms < 30_000, `took ${ms} ms`);
}

describe('reading limits through the real binary: alias bombs and deep nesting are refused with the limit, the document and its line', () => {
  for (const { name, text, limit } of SHAPES) {
    test(`stream mode (-f FILE): ${name}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'reading-limits-'));
      const input = `${SHOP_NAMESPACE}---\n${text}`;
      writeFileSync(join(dir, 'bomb.yaml'), input);
      const run = binary(['-f', 'bomb.yaml'], { cwd: dir });
      assertRefused(run, limit, /input line \d+ \(bomb\.yaml line \d+\), column \d+ \(item 1\)/);
      assert.equal(run.ran.stdout, '', 'a failing stream run hands nothing to the next command');
    });
  }

  for (const { name, text, limit } of SHAPES.filter((_, i) => i === 0 || i === 4)) {
    test(`KRM mode (ResourceList on stdin): ${name}: the input echoed, the error on stderr`, () => {
      const input = streamAsResourceList(`${SHOP_NAMESPACE}---\n${text}`);
      const run = binary([], { input });
      assertRefused(run, limit, /input line \d+, column \d+ \(item 1\)/);
      assert.equal(run.ran.stdout, input);
    });

    test(`kustomize plugin: ${name}: nothing on stdout`, () => {
      const run = binary([join(REPO, 'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml')], {
        input: `${SHOP_NAMESPACE}---\n${text}`,
      });
      assertRefused(run, limit, /input line \d+, column \d+ \(item 1\)/);
      assert.equal(run.ran.stdout, '');
    });

    test(`argocd-generate: ${name}: nothing on stdout, the file named`, () => {
      const app = mkdtempSync(join(tmpdir(), 'reading-limits-app-'));
      cpSync(join(REPO, 'example/kuma-inject.yaml'), join(app, 'kuma-inject.yaml'));
      writeFileSync(join(app, 'namespace.yaml'), SHOP_NAMESPACE);
      writeFileSync(join(app, 'web.yaml'), text);
      const run = binary(['argocd-generate'], { cwd: app, env: { PATH: process.env['PATH'] ?? '' } });
      assertRefused(run, limit, /\(web\.yaml line \d+\)/);
      assert.equal(run.ran.stdout, '');
    });
  }

  test('an annotation kuma-cp reads as YAML (kuma.io/reachable-backends) with 10,000 nested brackets: the depth limit, not a stack overflow', () => {
    const text = `${SHOP_NAMESPACE}---\n${aliasBomb(0, 0, 'flow-seq', 'unknown-field').replace('    metadata: {labels: {app: web, kuma.io/sidecar-injection: enabled}}', `    metadata: {labels: {app: web, kuma.io/sidecar-injection: enabled}, annotations: {kuma.io/reachable-backends: "${'['.repeat(10_000)}${']'.repeat(10_000)}"}}`)}`;
    const { ran } = binary(['-f', '-', '--previews', 'inline'], { input: text });
    assert.equal(ran.status, 1, ran.stderr);
    assert.match(ran.stderr, /reachable-backends.*nests deeper than/);
    assert.doesNotMatch(ran.stderr, /Maximum call stack/);
  });

  test('a manifest with a few anchors (selector labels reused) still renders', () => {
    const text = `${SHOP_NAMESPACE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop, labels: &labels {app: web}}\nspec:\n  selector: {matchLabels: *labels}\n  template:\n    metadata: {labels: *labels}\n    spec: {containers: [{name: app, image: nginx}]}\n`;
    const { ran } = binary(['-f', '-'], { input: text });
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /name: kuma-sidecar/);
  });
});
