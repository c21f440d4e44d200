/**
 * Every field of a representative workload, set in turn to each value a manifest can hold where
 * another was meant (null, an empty list or map, a number, a boolean, a string, a list, a map),
 * through the whole pipeline in stream mode: never an internal error; and when the workload is
 * injected, a second run changes nothing and uninject gives back the objects of the input. A
 * sweep of every corpus workload this way found that empty init container and volume lists were
 * lost on uninject; this keeps the class covered on one workload in about a second (the fuzz test
 * samples the rest of the corpus).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { dump, loadAll } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import { streamHost } from '../../src/krm/host-profile.ts';

const SETTINGS =
  'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: sweep\n' +
  'namespaces:\n  shop:\n    labels:\n      kuma.io/sidecar-injection: enabled\n';

const WORKLOAD = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'a' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'kuma.io/virtual-probes': 'enabled' } },
      spec: {
        initContainers: [],
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            env: [{ name: 'A', value: 'b' }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 } },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};
const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
};

const VALUES: unknown[] = [null, [], {}, 0, true, 'x', [1], { x: 1 }];

type Path = (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...paths(v, [...at, i])]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  return [];
}
function withValue<T>(object: T, path: Path, value: unknown): T {
  const copy = structuredClone(object) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy as T;
}

test('every field of a workload, set to each odd value: no internal error; injected, a re-run is a no-op and uninject gives the objects back', () => {
  const host = streamHost('none');
  let runs = 0;
  let injected = 0;
  const problems: string[] = [];
  for (const path of paths(WORKLOAD).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind')) {
    for (const value of VALUES) {
      const input = [withValue(WORKLOAD, path, value), SERVICE].map((o) => dump(o)).join('---\n');
      const where = `${path.join('.')} = ${JSON.stringify(value)}`;
      runs += 1;
      const first = processInput(input, { host, functionConfig: SETTINGS });
      if (/internal error/.test(first.report)) problems.push(`${where}: internal error`);
      if (first.exitCode !== 0 || !/ 1 injected/.test(first.report)) continue;
      injected += 1;
      const again = processInput(first.output, { host, functionConfig: SETTINGS });
      if (again.exitCode !== 0 || again.output !== first.output) problems.push(`${where}: the second run changed the output`);
      const back = processInput(first.output, { host, functionConfig: SETTINGS, overrides: { uninject: true } });
      if (back.exitCode !== 0 || !isDeepStrictEqual(loadAll(back.output), loadAll(input)))
        problems.push(`${where}: uninject did not give back the input`);
    }
  }
  assert.deepEqual(problems, []);
  // The sweep must reach injection often, or it checks little beyond "no crash".
  assert.ok(runs > 300 && injected > runs / 3, `${runs} runs, ${injected} injected`);
  console.log(`field sweep: ${runs} runs, ${injected} injected`);
});
