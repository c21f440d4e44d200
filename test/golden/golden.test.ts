/**
 * End-to-end scenarios as data: every folder test/testdata/<feature>/<case>/ is one run of
 * processInput as a host makes it, and its expected output. One loop runs them all.
 *
 *   case.yaml              host (see HOSTS below), and optionally overrides / hostDefaults
 *   input.yaml             what the host hands kuma-inject (a stream, or a ResourceList)
 *   settings.yaml          optional: a settings file given apart (--config, a plugin config)
 *   expected-output.yaml   what the host's mode prints on stdout, byte for byte, up to a
 *                          ResourceList's results: a failed run (exit 1) prints its input back
 *                          under a KRM host (kpt deletes a package on empty output) and nothing
 *                          under every other host (a pipe must get nothing to apply)
 *   expected-results.yaml  exit code and every result by code, severity, object, field and file
 *                          (not by wording: messages are tested where they are made)
 *   expected-previews/     for host stream-files: the preview files, by their path
 *
 * Each case runs twice: the second run, on the first run's output, must change nothing.
 * `UPDATE_GOLDEN=1 npm run test:unit` rewrites the expected files from what the code does now;
 * review the diff before committing it. A folder without cases fails, so a misplaced case or a
 * broken discovery cannot pass by testing nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import type { Result } from '../../src/core/types.ts';
import { processInput, type ProcessOptions } from '../../src/krm/process.ts';
import {
  ARGOCD_HOST,
  KPT_HOST,
  KUSTOMIZE_FUNCTION_HOST,
  KUSTOMIZE_PLUGIN_HOST,
  streamHost,
  type HostProfile,
} from '../../src/krm/host-profile.ts';

const TESTDATA = fileURLToPath(new URL('../testdata/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** Each host of case.yaml: its profile, and whether its mode prints the output of a failed run. */
const HOSTS: Record<string, { profile: HostProfile; printsOnFailure: boolean }> = {
  kpt: { profile: KPT_HOST, printsOnFailure: true },
  'kustomize-function': { profile: KUSTOMIZE_FUNCTION_HOST, printsOnFailure: true },
  'kustomize-plugin': { profile: KUSTOMIZE_PLUGIN_HOST, printsOnFailure: false },
  argocd: { profile: ARGOCD_HOST, printsOnFailure: false },
  stream: { profile: streamHost('none'), printsOnFailure: false },
  'stream-inline': { profile: streamHost('inline'), printsOnFailure: false },
  'stream-files': { profile: streamHost('files'), printsOnFailure: false },
};

interface CaseSpec {
  host: string;
  overrides?: Record<string, unknown>;
  hostDefaults?: Record<string, unknown>;
}

/** A result as the goldens hold it: what it is about, not its wording (messages change with care elsewhere). */
interface ResultShape {
  code: string;
  severity: Result['severity'];
  resource?: string;
  field?: string;
  file?: string;
}

interface Actual {
  output: string;
  expected: { exitCode: number; results: ResultShape[] };
  previews: Map<string, string>;
}

const folders = (dir: string) =>
  readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
const read = (path: string) => readFileSync(path, 'utf8');

function shape(result: Result): ResultShape {
  const ref = result.resourceRef;
  return {
    code: String(result.tags?.['code']),
    severity: result.severity,
    ...(ref === undefined
      ? {}
      : { resource: `${ref.kind} ${ref.namespace === undefined || ref.namespace === '' ? '' : `${ref.namespace}/`}${ref.name}` }),
    ...(result.field?.path === undefined ? {} : { field: result.field.path }),
    ...(result.file?.path === undefined ? {} : { file: result.file.path }),
  };
}

interface Run {
  options: ProcessOptions;
  printsOnFailure: boolean;
}

function options(dir: string): Run {
  const spec = load(read(join(dir, 'case.yaml'))) as CaseSpec;
  const host = HOSTS[spec.host];
  if (host === undefined) assert.fail(`${dir}/case.yaml: host ${JSON.stringify(spec.host)} is not one of ${Object.keys(HOSTS).join(', ')}`);
  const settings = join(dir, 'settings.yaml');
  const options: ProcessOptions = {
    host: host.profile,
    ...(spec.overrides === undefined ? {} : { overrides: spec.overrides, overridesOrigin: 'case.yaml overrides' }),
    ...(spec.hostDefaults === undefined ? {} : { hostDefaults: spec.hostDefaults }),
    ...(existsSync(settings) ? { functionConfig: read(settings) } : {}),
  };
  return { options, printsOnFailure: host.printsOnFailure };
}

function run(input: string, opts: Run): Actual {
  const outcome = processInput(input, opts.options);
  assert.equal(outcome.internalError, false, outcome.report);
  return {
    output: outcome.exitCode === 0 || opts.printsOnFailure ? outcome.output : '',
    expected: { exitCode: outcome.exitCode, results: outcome.results.map(shape) },
    previews: new Map(outcome.previewFiles.map((file) => [file.path, file.text])),
  };
}

/** A ResourceList without its top-level `results:` (our writer puts them last); a stream as it is. */
function withoutResults(output: string): string {
  const at = output.search(/^results:/m);
  return /^kind: ResourceList$/m.test(output) && at >= 0 ? output.slice(0, at) : output;
}

function previewFiles(dir: string): Map<string, string> {
  const root = join(dir, 'expected-previews');
  if (!existsSync(root)) return new Map();
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((path) => statSync(join(root, path)).isFile());
  return new Map(files.sort().map((path) => [path, read(join(root, path))]));
}

function update(dir: string, actual: Actual): void {
  writeFileSync(join(dir, 'expected-output.yaml'), withoutResults(actual.output));
  writeFileSync(join(dir, 'expected-results.yaml'), stringify(actual.expected));
  rmSync(join(dir, 'expected-previews'), { recursive: true, force: true });
  for (const [path, text] of actual.previews) {
    mkdirSync(dirname(join(dir, 'expected-previews', path)), { recursive: true });
    writeFileSync(join(dir, 'expected-previews', path), text);
  }
}

const features = folders(TESTDATA);

test('test/testdata holds features', () => {
  assert.ok(features.length > 0, `no feature folders under ${TESTDATA}`);
});

for (const feature of features) {
  const root = join(TESTDATA, feature);
  const cases = folders(root).filter((name) => existsSync(join(root, name, 'input.yaml')));
  describe(`golden ${feature}`, () => {
    test('has cases (a folder that yields none fails)', () => {
      assert.ok(cases.length > 0, `${root}: no case folders (each needs input.yaml and case.yaml)`);
      const strays = folders(root).filter((name) => !cases.includes(name));
      assert.deepEqual(strays, [], `${root}: folders without input.yaml are not cases`);
    });
    for (const name of cases) {
      const dir = join(root, name);
      test(name, () => {
        const opts = options(dir);
        const input = read(join(dir, 'input.yaml'));
        const first = run(input, opts);
        if (UPDATE) update(dir, first);
        assert.equal(
          withoutResults(first.output),
          read(join(dir, 'expected-output.yaml')),
          `${dir}: output differs from expected-output.yaml (UPDATE_GOLDEN=1 rewrites it)`,
        );
        assert.deepEqual(
          first.expected,
          load(read(join(dir, 'expected-results.yaml'))),
          `${dir}: results differ from expected-results.yaml`,
        );
        assert.deepEqual(first.previews, previewFiles(dir), `${dir}: preview files differ from expected-previews/`);
        // Idempotency: the host runs us again on what we printed. A ResourceList's results may
        // say "already injected" the second time; everything above them stays byte for byte.
        // A failed run that printed nothing is run again on its input: it must fail the same way.
        const second = run(first.expected.exitCode !== 0 && !opts.printsOnFailure ? input : first.output, opts);
        assert.equal(withoutResults(second.output), withoutResults(first.output), `${dir}: a second run on the output changed it`);
        assert.equal(second.expected.exitCode, first.expected.exitCode, `${dir}: a second run exited otherwise`);
        assert.deepEqual(second.previews, first.previews, `${dir}: a second run wrote other preview files`);
      });
    }
  });
}

/**
 * The expected files are our own output, so they are checked against each other: the example
 * package is one package under every host, and every host must inject it identically and preview
 * it identically (up to the annotations the host itself owns). A drift of one expected file (an
 * UPDATE_GOLDEN run accepted without review) fails here.
 */
describe('golden example package: every host renders the same objects', () => {
  type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };
  const HOST_KEYS = /^(internal\.)?config\.kubernetes\.io\/(path|index|id)$|^config\.k8s\.io\/id$|^kustomize\.config\.k8s\.io\/id$/;
  const bare = (object: Obj): Obj => {
    const annotations = Object.fromEntries(Object.entries(object.metadata.annotations ?? {}).filter(([key]) => !HOST_KEYS.test(key)));
    const metadata = { ...object.metadata, annotations };
    if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
    return { ...object, metadata };
  };
  const objectsOf = (text: string): Obj[] => {
    const docs = loadAll(text).filter((doc): doc is Obj & { items?: Obj[] } => typeof doc === 'object' && doc !== null);
    return (docs.length === 1 && docs[0]?.kind === 'ResourceList' ? (docs[0].items ?? []) : docs).map(bare);
  };
  const byKey = (objects: Obj[]) => new Map(objects.map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const output = (dir: string) => byKey(objectsOf(read(join(TESTDATA, dir, 'expected-output.yaml'))));
  const WORKLOADS = ['CronJob shop/cleanup', 'Deployment shop/web'];

  test('injected workloads: stream (each preview placement), kpt, kustomize function', () => {
    const reference = output('stream/example-package');
    for (const key of WORKLOADS) assert.ok(reference.get(key) !== undefined, `stream/example-package lacks ${key}`);
    for (const dir of [
      'stream/example-package-inline',
      'stream/example-package-files',
      'kpt/example-package',
      'kpt/previews-dir',
      'kustomize/function-resourcelist',
    ]) {
      const other = output(dir);
      for (const key of WORKLOADS)
        assert.deepEqual(other.get(key), reference.get(key), `${dir}: ${key} differs from stream/example-package`);
    }
  });

  test('previews: stream inline, stream files and kpt hold the same Dataplanes', () => {
    const previews = (objects: Obj[]) =>
      objects.filter((o) => o.kind === 'Dataplane').sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    const inline = previews([...output('stream/example-package-inline').values()]);
    assert.equal(inline.length, WORKLOADS.length, 'one preview per workload');
    const files = previews(
      ['cronjob-cleanup.yaml', 'deployment-web.yaml'].flatMap((name) =>
        objectsOf(read(join(TESTDATA, 'stream/example-package-files/expected-previews/shop', name))),
      ),
    );
    assert.deepEqual(files, inline, 'stream files and stream inline');
    assert.deepEqual(previews([...output('kpt/example-package').values()]), inline, 'kpt and stream inline');
    assert.deepEqual(previews([...output('kpt/previews-dir').values()]), inline, 'kpt with previewsDir and stream inline');
  });
});
