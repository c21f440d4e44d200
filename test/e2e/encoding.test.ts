import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './harness.ts';
import { kumaInjectRaw } from './bundle-in-process.ts';
import { INVALID_UTF8, TRUNCATED_AT_EOF } from '../krm/utf8-samples.ts';
import { streamAsResourceList } from '../cli/fixtures.ts';

interface RawRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The built bundle, stdout kept as bytes (a text decode would hide what this file tests). */
function binary(args: string[], options: { input?: Buffer; cwd?: string } = {}): RawRun {
  const ran = kumaInjectRaw(args, {
    cwd: options.cwd ?? REPO,
    input: options.input ?? Buffer.alloc(0),
    env: { PATH: process.env['PATH'] ?? '' },
  });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr.toString('utf8') };
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}\n';
const WEB =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, image: nginx}]}\n';

/** A ConfigMap whose value on line 4 holds `bad` after `café `; 0-based offset of the bad bytes. */
function withBadBytes(bad: number[], atEnd: boolean): { bytes: Buffer; line: number; column: number; offset: number } {
  const head = Buffer.from(
    `${NAMESPACE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {a: café `,
    'utf8',
  );
  const tail = atEnd ? Buffer.alloc(0) : Buffer.from('}\n', 'utf8');
  return { bytes: Buffer.concat([head, Buffer.from(bad), tail]), line: 8, column: 16, offset: head.length };
}

const SAMPLES: { what: string; bad: number[]; atEnd: boolean }[] = [
  ...Object.entries(INVALID_UTF8).map(([what, samples]) => ({ what, bad: samples[0] ?? [], atEnd: false })),
  { what: 'truncated sequence at the end of the input', bad: TRUNCATED_AT_EOF[2] ?? [], atEnd: true },
];

function resourceList(stream: Buffer): Buffer {
  // latin1 both ways: the bytes pass through untouched, whatever they are.
  return Buffer.from(streamAsResourceList(stream.toString('latin1')), 'latin1');
}

describe('bytes that are not UTF-8 are refused with their line, column and byte offset, in every mode (the built bundle)', () => {
  for (const { what, bad, atEnd } of SAMPLES) {
    test(`${what}: KRM mode echoes the input byte for byte, exit 1`, () => {
      const { bytes } = withBadBytes(bad, atEnd);
      const input = resourceList(bytes);
      const ran = binary([], { input });
      assert.equal(ran.status, 1, ran.stderr);
      assert.ok(ran.stdout.equals(input), 'stdout is the input, unchanged');
      // As items of the ResourceList the ConfigMap's lines move down two and right two.
      assert.match(ran.stderr, /^kuma-inject: stdin: line 10, column 18 \(byte \d+\): not UTF-8 text: /m);
      assert.doesNotMatch(ran.stderr, /\uFFFD/);
    });

    test(`${what}: a plain stream on stdin (KRM slot) echoes it too`, () => {
      const { bytes, line, column, offset } = withBadBytes(bad, atEnd);
      const ran = binary([], { input: bytes });
      assert.equal(ran.status, 1, ran.stderr);
      assert.ok(ran.stdout.equals(bytes));
      assert.match(ran.stderr, new RegExp(`stdin: line ${line}, column ${column} \\(byte ${offset}\\)`));
    });

    test(`${what}: stream mode (-f FILE, -f DIR) is an error naming the file; nothing on stdout, as on any failing stream run`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'encoding-'));
      const { bytes, line, column, offset } = withBadBytes(bad, atEnd);
      writeFileSync(join(dir, 'bad.yaml'), bytes);
      writeFileSync(join(dir, 'c.yaml'), WEB);
      const ran = binary(['-f', 'bad.yaml'], { cwd: dir });
      assert.equal(ran.status, 1, ran.stderr);
      assert.equal(ran.stdout.length, 0, 'a failing stream run hands nothing to the next command');
      const both = binary(['-f', '.'], { cwd: dir });
      assert.equal(both.status, 1, both.stderr);
      assert.equal(both.stdout.length, 0, both.stdout.toString('latin1'));
      assert.match(ran.stderr, new RegExp(`bad\\.yaml: line ${line}, column ${column} \\(byte ${offset}\\): not UTF-8 text`));
    });

    test(`${what}: check and --in-place stop naming the file, and the file keeps its bytes`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'encoding-inplace-'));
      const { bytes, line, column, offset } = withBadBytes(bad, atEnd);
      // A workload beside the bad bytes: --in-place would otherwise rewrite this file.
      const file = Buffer.concat([Buffer.from(`${WEB}---\n`), bytes]);
      writeFileSync(join(dir, 'app.yaml'), file);
      const where = new RegExp(`app\\.yaml: line ${line + 9}, column ${column} \\(byte ${offset + WEB.length + 4}\\): not UTF-8 text`);
      for (const args of [
        ['-f', '.', '--in-place'],
        ['check', '-f', '.'],
      ]) {
        const ran = binary(args, { cwd: dir });
        assert.equal(ran.status, 1, `${args.join(' ')}: ${ran.stderr}`);
        assert.match(ran.stderr, where);
        assert.ok(readFileSync(join(dir, 'app.yaml')).equals(file), `${args.join(' ')} changed the file`);
      }
    });

    test(`${what}: --cluster-state and --ca-cert-file files are usage errors naming them`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'encoding-side-'));
      const { bytes, line, column } = withBadBytes(bad, atEnd);
      writeFileSync(join(dir, 'app.yaml'), WEB);
      writeFileSync(join(dir, 'cluster.yaml'), bytes);
      writeFileSync(
        join(dir, 'ca.pem'),
        Buffer.concat([Buffer.from('-----BEGIN CERTIFICATE-----\nMII'), Buffer.from(bad), Buffer.from('\n-----END CERTIFICATE-----\n')]),
      );
      const state = binary(['-f', 'app.yaml', '--cluster-state', 'cluster.yaml'], { cwd: dir });
      assert.equal(state.status, 2, state.stderr);
      assert.equal(state.stdout.length, 0);
      assert.match(
        state.stderr,
        new RegExp(`--cluster-state cluster\\.yaml: line ${line}, column ${column} \\(byte \\d+\\): not UTF-8 text`),
      );
      const ca = binary(['-f', 'app.yaml', '--ca-cert-file', 'ca.pem'], { cwd: dir });
      assert.equal(ca.status, 2, ca.stderr);
      assert.match(ca.stderr, /--ca-cert-file ca\.pem: line 2, column 4 \(byte 31\): not UTF-8 text/);
    });

    test(`${what}: kustomize plugin and argocd-generate fail with nothing on stdout`, () => {
      const { bytes, line } = withBadBytes(bad, atEnd);
      const plugin = binary([join(REPO, 'functions/kuma-inject/kustomize/legacy-plugin/kuma-inject.yaml')], { input: bytes });
      assert.equal(plugin.status, 1, plugin.stderr);
      assert.equal(plugin.stdout.length, 0);
      assert.match(plugin.stderr, new RegExp(`stdin: line ${line}, column 16`));
      const app = mkdtempSync(join(tmpdir(), 'encoding-app-'));
      writeFileSync(join(app, 'bad.yaml'), bytes);
      const argo = binary(['argocd-generate'], { cwd: app });
      assert.equal(argo.status, 1, argo.stderr);
      assert.equal(argo.stdout.length, 0);
      assert.match(argo.stderr, new RegExp(`bad\\.yaml: line ${line}, column 16`));
    });
  }

  test('a settings file (--config) that is not UTF-8: a usage error naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encoding-config-'));
    writeFileSync(
      join(dir, 'settings.yaml'),
      Buffer.concat([
        Buffer.from('apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nproduct: kum'),
        Buffer.from([0xe1]),
        Buffer.from('\n'),
      ]),
    );
    writeFileSync(join(dir, 'app.yaml'), WEB);
    const ran = binary(['-f', 'app.yaml', '--config', 'settings.yaml'], { cwd: dir });
    assert.equal(ran.status, 2, ran.stderr);
    assert.match(ran.stderr, /--config settings\.yaml: line 3, column 13 \(byte \d+\): not UTF-8 text/);
  });
});

describe('a UTF-8 byte order mark, CRLF line breaks and a missing final newline are kept on untouched documents', () => {
  const shapes: { what: string; bytes: Buffer }[] = [
    { what: 'BOM + LF + final newline', bytes: Buffer.from(`\uFEFF${NAMESPACE}---\n${WEB}`, 'utf8') },
    { what: 'BOM + CRLF', bytes: Buffer.from(`\uFEFF${NAMESPACE}---\n${WEB}`.replace(/\n/g, '\r\n'), 'utf8') },
    { what: 'no final newline', bytes: Buffer.from(`${NAMESPACE}---\n${WEB}`.trimEnd(), 'utf8') },
    { what: 'BOM + CRLF + no final newline', bytes: Buffer.from(`\uFEFF${NAMESPACE}---\n${WEB}`.trimEnd().replace(/\n/g, '\r\n'), 'utf8') },
  ];
  for (const { what, bytes } of shapes) {
    test(`${what}: nothing to inject (Deployment not in the mesh) gives the input back byte for byte, as a file and on stdin`, () => {
      const untouched = Buffer.from(
        bytes.toString('utf8').replace('kuma.io/sidecar-injection: enabled', 'kuma.io/sidecar-injection: disabled'),
        'utf8',
      );
      const dir = mkdtempSync(join(tmpdir(), 'encoding-keep-'));
      writeFileSync(join(dir, 'app.yaml'), untouched);
      const file = binary(['-f', 'app.yaml'], { cwd: dir });
      assert.equal(file.status, 0, file.stderr);
      assert.equal(file.stdout.toString('hex'), untouched.toString('hex'));
      const stdin = binary([], { input: untouched });
      assert.equal(stdin.status, 0, stdin.stderr);
      assert.equal(stdin.stdout.toString('hex'), untouched.toString('hex'));
    });

    test(`${what}: an injected Deployment changes, the document before it keeps its bytes, the BOM stays first`, () => {
      const ran = binary([], { input: bytes });
      assert.equal(ran.status, 0, ran.stderr);
      const text = ran.stdout.toString('utf8');
      assert.match(text, /name: kuma-sidecar/);
      const firstDocument = bytes.toString('utf8').split(/\r?\n---\r?\n/)[0] ?? '';
      assert.ok(text.startsWith(firstDocument), 'the BOM and the untouched Namespace come first, unchanged');
      assert.equal(text.startsWith('\uFEFF'), bytes.toString('utf8').startsWith('\uFEFF'));
    });
  }

  test("previews written to files never get the input's BOM", () => {
    const dir = mkdtempSync(join(tmpdir(), 'encoding-previews-'));
    writeFileSync(join(dir, 'app.yaml'), Buffer.from(`\uFEFF${NAMESPACE}---\n${WEB}`, 'utf8'));
    const ran = binary(['-f', 'app.yaml', '--previews', 'previews'], { cwd: dir });
    assert.equal(ran.status, 0, ran.stderr);
    assert.equal(readFileSync(join(dir, 'previews/shop/deployment-web.yaml'), 'utf8').charCodeAt(0), 'a'.charCodeAt(0));
  });
});
