import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { kumaInject } from './bundle-in-process.ts';
import { streamAsResourceList } from '../cli/fixtures.ts';

/** A Deployment whose pods join the mesh, in `namespace` (quoted, so any spelling is kept). */
function deployment(name: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Namespace',
    `metadata: {name: ${JSON.stringify(namespace)}, labels: {kuma.io/sidecar-injection: enabled}}`,
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)}}`,
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web, kuma.io/sidecar-injection: enabled}}',
    '    spec: {containers: [{name: app, image: nginx}]}',
    '',
  ].join('\n');
}

/** Every entry below `dir` (recursive), so a test sees any file written where it must not be. */
function everything(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

function sandbox(): { base: string; work: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'previews-confined-'));
  const work = join(base, 'a', 'b', 'work');
  const outside = join(base, 'outside');
  mkdirSync(work, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'victim.yaml'), 'original\n');
  return { base, work, outside };
}

describe('--previews DIR (the built bundle): a preview path made of namespace and name never leaves DIR', () => {
  const hostile: { namespace: string; name: string; field: string }[] = [
    { namespace: '..', name: 'web', field: 'metadata.namespace' },
    { namespace: '../..', name: 'web', field: 'metadata.namespace' },
    { namespace: '/tmp', name: 'web', field: 'metadata.namespace' },
    { namespace: 'Shop', name: 'web', field: 'metadata.namespace' },
    { namespace: 'shop', name: '../../../escape', field: 'metadata.name' },
    { namespace: 'shop', name: 'a/b', field: 'metadata.name' },
    { namespace: 'shop', name: '..', field: 'metadata.name' },
  ];
  for (const { namespace, name, field } of hostile) {
    test(`namespace ${JSON.stringify(namespace)}, name ${JSON.stringify(name)}: exit 1, an error on ${field}, nothing written anywhere`, () => {
      const { base, work } = sandbox();
      const input = deployment(name, namespace);
      writeFileSync(join(work, 'app.yaml'), input);
      const before = everything(base);
      const ran = kumaInject(['-f', 'app.yaml', '--previews', 'previews'], { cwd: work });
      assert.equal(ran.status, 1, ran.stderr);
      assert.match(ran.stderr, new RegExp(`^error: Deployment .*, ${field.replace('.', '\\.')}: `, 'm'));
      assert.equal(ran.stdout, '', 'a failing stream run hands nothing to the next command');
      assert.deepEqual(everything(base), before, 'no file or folder was created anywhere');
    });
  }

  const links: { what: string; make: (work: string, outside: string) => string }[] = [
    {
      what: 'a namespace folder that is a link out of DIR',
      make: (work, outside) => {
        symlinkSync(outside, join(work, 'previews', 'shop'));
        return join('previews', 'shop');
      },
    },
    {
      what: 'a preview file that is a link out of DIR',
      make: (work, outside) => {
        mkdirSync(join(work, 'previews', 'shop'));
        symlinkSync(join(outside, 'victim.yaml'), join(work, 'previews', 'shop', 'deployment-web.yaml'));
        return join('previews', 'shop', 'deployment-web.yaml');
      },
    },
    {
      what: 'a dangling link where the preview file goes',
      make: (work, outside) => {
        mkdirSync(join(work, 'previews', 'shop'));
        symlinkSync(join(outside, 'new.yaml'), join(work, 'previews', 'shop', 'deployment-web.yaml'));
        return join('previews', 'shop', 'deployment-web.yaml');
      },
    },
  ];
  for (const { what, make } of links) {
    test(`${what}: refused with the link named, exit 1, the link and its target untouched`, () => {
      const { work, outside } = sandbox();
      const input = deployment('web', 'shop');
      writeFileSync(join(work, 'app.yaml'), input);
      mkdirSync(join(work, 'previews'));
      const link = make(work, outside);
      const ran = kumaInject(['-f', 'app.yaml', '--previews', 'previews'], { cwd: work });
      assert.equal(ran.status, 1, ran.stderr);
      assert.ok(ran.stderr.includes(link), `stderr names ${link}:\n${ran.stderr}`);
      assert.equal(ran.stdout, '');
      assert.deepEqual(everything(outside), ['victim.yaml']);
      assert.equal(readFileSync(join(outside, 'victim.yaml'), 'utf8'), 'original\n');
      assert.equal(lstatSync(join(work, link)).isSymbolicLink(), true);
    });
  }

  test('a valid bundle still writes its preview inside DIR', () => {
    const { work } = sandbox();
    writeFileSync(join(work, 'app.yaml'), deployment('web', 'shop'));
    const ran = kumaInject(['-f', 'app.yaml', '--previews', 'previews'], { cwd: work });
    assert.equal(ran.status, 0, ran.stderr);
    assert.deepEqual(everything(join(work, 'previews')), ['shop', 'shop/deployment-web.yaml']);
  });
});

describe('kpt mode (a ResourceList through the built bundle): previewsDir paths never name a folder outside the package', () => {
  for (const namespace of ['..', '../../etc', '/abs']) {
    test(`namespace ${JSON.stringify(namespace)}: exit 1, an error result on metadata.namespace, no preview item added`, () => {
      const input = streamAsResourceList(deployment('web', namespace));
      const ran = kumaInject([], { input });
      assert.equal(ran.status, 1, ran.stderr);
      const out = load(ran.stdout) as { items: unknown[]; results: { severity: string; field?: { path: string } }[] };
      assert.equal(out.items.length, 2);
      assert.ok(
        out.results.some((r) => r.severity === 'error' && r.field?.path === 'metadata.namespace'),
        ran.stdout,
      );
    });
  }
});
