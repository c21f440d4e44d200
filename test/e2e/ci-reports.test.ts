import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { dump, load } from 'js-yaml';
import { explain } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';
import { RESULT_CODES, isResultCode } from '../../src/core/result-codes.ts';

/**
 * Reports CI reads (--report json|sarif), --quiet and ignore:, through the built bundle. The SARIF
 * output is validated against the SARIF 2.1.0 JSON schema (vendored from an npm package, see
 * test/fixtures/sarif/README.md).
 */

const require = createRequire(import.meta.url);
const SARIF_SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n';
function deployment(name: string, namespace: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n`;
}
function service(name: string, namespace: string, appProtocol: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n      targetPort: http\n      appProtocol: ${appProtocol}\n`;
}

/** A folder of files with comments and several documents per file; findings on objects that are not a file's first. */
function repository(): { dir: string; expected: Map<string, { file: string; line: number }> } {
  const dir = mkdtempSync(join(tmpdir(), 'kuma-report-'));
  mkdirSync(join(dir, 'k8s', 'apps'), { recursive: true });
  const files: Record<string, string[]> = {
    'k8s/namespace.yaml': [NAMESPACE],
    'k8s/apps/cart.yaml': [
      '# The cart.\n' + deployment('cart', 'shop'),
      '# its Service, with a protocol Kuma does not know\n\n' + service('cart', 'shop', 'kubernetes.io/h2c'),
    ],
    'k8s/apps/lost.yaml': [deployment('ok', 'shop'), deployment('lost', 'nowhere')],
  };
  const expected = new Map<string, { file: string; line: number }>();
  for (const [file, docs] of Object.entries(files)) {
    const text = docs.join('---\n');
    writeFileSync(join(dir, file), text);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('apiVersion:')) return;
      const kind = lines[i + 1]?.slice('kind: '.length) ?? '';
      const name = lines[i + 3]?.slice('  name: '.length) ?? '';
      const ns = lines[i + 4]?.startsWith('  namespace: ') === true ? lines[i + 4]!.slice('  namespace: '.length) : '';
      expected.set(`${kind}/${ns}/${name}`, { file, line: i + 1 });
    });
  }
  return { dir, expected };
}

const run = (cwd: string, args: string[]) => kumaInject([...args], { cwd });

interface Entry {
  severity: string;
  code: string;
  message: string;
  resourceRef?: { kind: string; namespace?: string; name: string };
  file?: string;
  line?: number;
}

describe('--report json', () => {
  test('the results array: every entry has a registered code, and findings about objects name the file and the line the object starts on', () => {
    const { dir, expected } = repository();
    // Service findings come from the Dataplane previews, which a stream leaves out unless asked.
    const ran = run(dir, ['-f', 'k8s', '--previews', 'inline', '--report', 'report.json', '--report-format', 'json']);
    assert.equal(ran.status, 0, explain('run', ran));
    const entries = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Entry[];
    assert.ok(entries.length >= 5);
    for (const entry of entries) assert.ok(isResultCode(entry.code), JSON.stringify(entry));
    const about = entries.filter((e) => e.resourceRef !== undefined);
    assert.ok(about.length >= 4, JSON.stringify(entries));
    for (const entry of about) {
      const ref = entry.resourceRef!;
      const want = expected.get(`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`);
      assert.ok(want !== undefined, JSON.stringify(entry));
      assert.deepEqual({ file: entry.file, line: entry.line }, want, `${entry.code} ${entry.message}`);
    }
    // The Service is the second document of its file, below a comment and a blank line: line 21.
    assert.deepEqual(expected.get('Service/shop/cart'), { file: 'k8s/apps/cart.yaml', line: 21 });
    assert.ok(
      entries.some((e) => e.code === 'KI0506' && e.file === 'k8s/apps/cart.yaml' && e.line === 21),
      JSON.stringify(entries.filter((e) => e.code === 'KI0506')),
    );
    assert.ok(entries.some((e) => e.code === 'KI0206' && e.resourceRef?.name === 'lost'));
  });

  test('a failing run still writes its report (the errors in it), and stdout stays empty', () => {
    const { dir } = repository();
    writeFileSync(join(dir, 'k8s', 'bad.yaml'), deployment('bad', 'shop').replace('labels: {app: bad}', 'labels: {app: bad, tier: 1}'));
    const ran = run(dir, ['-f', 'k8s', '--report', 'out.json']);
    assert.equal(ran.status, 1);
    assert.equal(ran.stdout, '');
    const entries = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Entry[];
    const error = entries.find((e) => e.severity === 'error');
    assert.deepEqual([error?.code, error?.file, error?.line], ['KI0216', 'k8s/bad.yaml', 1]);
  });
});

describe('--report sarif', () => {
  test('valid against the SARIF 2.1.0 schema; one rule per code; each finding located at its file and line', () => {
    const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
    // The schema's language-tag pattern is not a valid unicode-mode regular expression.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(SARIF_SCHEMA);
    const { dir, expected } = repository();
    const ran = run(dir, ['-f', 'k8s', '--previews', 'inline', '--report', 'out.sarif']);
    assert.equal(ran.status, 0, explain('run', ran));
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    assert.equal(log.version, '2.1.0');
    const [first] = log.runs;
    assert.ok(first !== undefined);
    assert.deepEqual(
      first.tool.driver.rules.map((r) => r.id),
      Object.keys(RESULT_CODES),
    );
    assert.equal(run(dir, ['-f', 'k8s', '--previews', 'inline', '--report', 'same.json']).status, 0);
    const json = JSON.parse(readFileSync(join(dir, 'same.json'), 'utf8')) as Entry[];
    const located = json.filter((e) => e.code !== 'KI0001');
    assert.equal(first.results.length, located.length);
    first.results.forEach((result, i) => {
      const entry = located[i]!;
      assert.equal(result.ruleId, entry.code);
      assert.equal(first.tool.driver.rules[result.ruleIndex]?.id, entry.code);
      assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[entry.severity]);
      if (entry.resourceRef !== undefined) {
        const want = expected.get(`${entry.resourceRef.kind}/${entry.resourceRef.namespace ?? ''}/${entry.resourceRef.name}`)!;
        assert.deepEqual(result.locations?.[0]?.physicalLocation, {
          artifactLocation: { uri: want.file },
          region: { startLine: want.line },
        });
      }
    });
    // The schema is strict enough to catch a broken log.
    assert.equal(validate({ ...log, runs: [{ ...first, results: [{ ...first.results[0], level: 'fatal' }] }] }), false);
  });

  test('usage: --report-format alone, an unknown format, or --report without -f is exit 2', () => {
    const { dir } = repository();
    for (const args of [
      ['-f', 'k8s', '--report-format', 'sarif'],
      ['-f', 'k8s', '--report', 'x', '--report-format', 'xml'],
      ['--report', 'x.json'],
    ]) {
      const ran = run(dir, args);
      assert.equal(ran.status, 2, explain(args.join(' '), ran));
    }
  });
});

describe('--quiet', () => {
  test('a 2,000-workload bundle prints a handful of lines (every workload is reported without it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuma-quiet-'));
    const docs = [NAMESPACE];
    for (let i = 0; i < 2000; i++) docs.push(deployment(`app-${i}`, 'shop'));
    writeFileSync(join(dir, 'bundle.yaml'), docs.join('---\n'));
    const loud = run(dir, ['-f', 'bundle.yaml']);
    assert.equal(loud.status, 0, explain('loud', loud));
    assert.ok(loud.stderr.split('\n').length > 2000);
    const quiet = run(dir, ['-f', 'bundle.yaml', '--quiet']);
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stdout, loud.stdout);
    const lines = quiet.stderr.trimEnd().split('\n');
    assert.ok(lines.length <= 5, quiet.stderr);
    assert.match(quiet.stderr, /2000 injected, 0 skipped, 0 errors, 1 warnings \[KI0001\]$/m);
    assert.match(quiet.stderr, /^warning: .*\[KI0108\]$/m);
    assert.doesNotMatch(quiet.stderr, /^info: (?!.*\[KI0001\])/m);
  });
});

describe('ignore: acknowledged findings', () => {
  function settings(dir: string, body: Record<string, unknown>): string {
    writeFileSync(
      join(dir, 'settings.yaml'),
      dump({ apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' }, ...body }),
    );
    return 'settings.yaml';
  }

  test('failOn: warning fails on the missing CA; ignoring KI0108 makes it pass and says how many were acknowledged', () => {
    const { dir } = repository();
    writeFileSync(join(dir, 'k8s', 'apps', 'lost.yaml'), deployment('ok', 'shop'));
    writeFileSync(join(dir, 'k8s', 'apps', 'cart.yaml'), deployment('cart', 'shop'));
    const failing = run(dir, ['-f', 'k8s', '--config', settings(dir, { failOn: 'warning' })]);
    assert.equal(failing.status, 1, explain('failOn warning', failing));
    assert.match(failing.stderr, /\[KI0108\]/);
    const passing = run(dir, ['-f', 'k8s', '--config', settings(dir, { failOn: 'warning', ignore: ['KI0108'] })]);
    assert.equal(passing.status, 0, explain('ignored', passing));
    assert.doesNotMatch(passing.stderr, /KI0108\]/);
    assert.match(passing.stderr, /^info: 1 finding acknowledged by ignore \(KI0108\) left out of this report\. \[KI0003\]$/m);
    assert.match(passing.stdout, /kuma-sidecar/);
  });

  test('code@Kind/namespace/name silences that object only', () => {
    const { dir } = repository();
    writeFileSync(join(dir, 'k8s', 'more.yaml'), deployment('also-lost', 'nowhere'));
    const ran = run(dir, ['-f', 'k8s', '--report', 'r.json', '--config', settings(dir, { ignore: ['KI0206@Deployment/nowhere/lost'] })]);
    assert.equal(ran.status, 0, explain('run', ran));
    const entries = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Entry[];
    assert.deepEqual(
      entries.filter((e) => e.code === 'KI0206').map((e) => e.resourceRef?.name),
      ['also-lost'],
    );
    assert.equal(entries.filter((e) => e.code === 'KI0003').length, 1);
  });

  test('an error code is refused (exit 1, KI0110 naming the entry); an unknown code is a warning (KI0111)', () => {
    const { dir } = repository();
    const refused = run(dir, ['-f', 'k8s', '--config', settings(dir, { ignore: ['KI0108', 'KI0216'] })]);
    assert.equal(refused.status, 1, explain('error code', refused));
    assert.equal(refused.stdout, '');
    assert.match(
      refused.stderr,
      /^error: functionConfig KumaInject s, ignore\[1\]: KI0216 is an error .*errors cannot be ignored.* \[KI0110\]$/m,
    );
    const unknown = run(dir, ['-f', 'k8s', '--config', settings(dir, { ignore: ['KI9999'] })]);
    assert.equal(unknown.status, 0, explain('unknown code', unknown));
    assert.match(unknown.stderr, /^warning: functionConfig KumaInject s, ignore\[0\]: no finding has the code KI9999.*\[KI0111\]$/m);
    const malformed = run(dir, ['-f', 'k8s', '--config', settings(dir, { ignore: ['warning'] })]);
    assert.equal(malformed.status, 2, explain('malformed entry', malformed));
  });

  test("under kpt (KRM): the functionConfig's ignore drops the warning from the ResourceList results", () => {
    const { dir } = repository();
    const items = [NAMESPACE, deployment('cart', 'shop')].map((text) => load(text));
    const list = (ignore: string[]) =>
      dump({
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items,
        functionConfig: { apiVersion: 'fn.kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 's' }, ignore },
      });
    const codes = (stdout: string) => (load(stdout) as { results: { tags: { code: string } }[] }).results.map((r) => r.tags.code);
    const plain = kumaInject([], { input: list([]), cwd: dir });
    assert.ok(codes(plain.stdout).includes('KI0108'));
    const ignored = kumaInject([], { input: list(['KI0108']), cwd: dir });
    assert.equal(ignored.status, 0);
    assert.ok(!codes(ignored.stdout).includes('KI0108'));
    assert.ok(codes(ignored.stdout).includes('KI0003'));
  });
});
