import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readInput } from '../../src/krm/read.ts';
import { writeOutput } from '../../src/krm/write.ts';
import { editItem } from '../../src/krm/edit-item.ts';
import type { KubeObject } from '../../src/core/types.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/krm/${name}`, import.meta.url), 'utf8');

type Json = Record<string, any>;

/** What the webhook does to such a Deployment, written out by hand. */
function injected(object: KubeObject): KubeObject {
  const next = structuredClone(object) as Json;
  const template = next.spec.template;
  template.metadata.annotations['kuma.io/sidecar-injected'] = 'true';
  template.metadata.annotations['kuma.io/mesh'] = 'default';
  template.metadata.annotations['kuma.io/virtual-probes'] = 'enabled';
  template.metadata.labels['kuma.io/mesh'] = 'default';
  const pod = template.spec;
  pod.containers[0].readinessProbe.httpGet = { path: '/8080/ready', port: 9000 };
  pod.containers[0].livenessProbe.httpGet = { path: '/8080/healthz', port: 9000 };
  pod.containers.push({
    name: 'kuma-sidecar',
    image: 'docker.io/kong/kuma-dp:2.14.3',
    args: ['run', '--log-level=info', '--concurrency=2'],
    env: [
      { name: 'KUMA_DNS_ENABLED', value: 'true' },
      { name: 'KUMA_FLAG', value: 'yes' },
      { name: 'UMASK', value: '0755' },
    ],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } },
    securityContext: { runAsUser: 5678, runAsGroup: 5678 },
    volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }],
  });
  pod.initContainers = [
    {
      name: 'kuma-init',
      image: 'docker.io/kong/kuma-init:2.14.3',
      command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
      securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
    },
  ];
  pod.volumes.push({ name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } });
  return next as KubeObject;
}

const commentLines = (text: string): string[] => text.split('\n').filter((line) => line.includes('#'));

/** Lines of `a` that are not part of a longest common subsequence with `b`. */
function unmatched(a: string[], b: string[]): string[] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length) {
    if (j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && table[i]![j + 1]! >= table[i + 1]![j]!) j += 1;
    else {
      out.push(a[i]!);
      i += 1;
    }
  }
  return out;
}

function check(text: string, label: string, dashColumn = 0): void {
  describe(`comment-preserving injection (${label})`, () => {
    const input = readInput(text);
    const item = input.items.find((i) => i.object.kind === 'Deployment')!;
    const index = input.items.indexOf(item);
    const next = injected(item.object);
    const output = writeOutput(
      input,
      input.items.map((_, i) => (i === index ? { kind: 'changed', index, object: next } : { kind: 'kept', index: i })),
      [],
      { format: input.format },
    );
    const edited = editItem(item, next, { indent: 2, sequence: 'wide' }, true);

    test('takes the splice route', () => assert.equal(edited.route, 'splice'));

    test('reads back (yaml, YAML 1.1) as exactly the new object', () => {
      const parsed = parse(output, { version: '1.1' }) as Json;
      const object = input.format === 'resource-list' ? parsed.items[index] : parsed;
      assert.deepEqual(object, next);
    });

    test('keeps every comment line of the input, in order', () => {
      const out = commentLines(output);
      let at = 0;
      for (const line of commentLines(text)) {
        const found = out.indexOf(line, at);
        assert.ok(found >= 0, `comment lost or moved: ${line}`);
        at = found + 1;
      }
    });

    test('changes nothing but the probe lines; everything else is added lines', () => {
      const removed = unmatched(text.split('\n'), output.split('\n')).map((line) => line.trim());
      assert.deepEqual(removed, ['path: /ready', 'port: http', 'path: /healthz', 'port: http']);
    });

    test('uses the sequence style and indentation of the item', () => {
      const pad = ' '.repeat(dashColumn);
      const wide = label.includes('wide');
      const dash = wide ? '- ' : '';
      assert.ok(output.includes(`${pad}${wide ? '        ' : '      '}${dash || '- '}name: kuma-sidecar\n`));
      assert.ok(output.includes(`${pad}      initContainers:\n${pad}${wide ? '        - ' : '      - '}name: kuma-init\n`));
    });

    test('quotes strings YAML 1.1 reads as something else', () => {
      for (const line of ['value: "yes"', 'value: "0755"', 'value: "true"', 'kuma.io/sidecar-injected: "true"'])
        assert.ok(output.includes(line), line);
    });
  });
}

const doc = fixture('commented-deployment.yaml');
check(doc, 'stream document, wide sequences');

const compact = fixture('commented-deployment-compact.yaml');
check(compact, 'stream document, compact sequences');

const asItem = (text: string): string => {
  const lines = text.replace(/\n$/, '').split('\n');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${lines.map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`;
};
check(asItem(doc), 'ResourceList item, wide sequences', 2);
check(asItem(compact), 'ResourceList item as kpt sends it, compact sequences', 2);
