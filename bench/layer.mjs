// In-process cost of the read/write layer alone: read the ResourceList, give every Deployment a
// sidecar, an init container, volumes and annotations (a fake "inject everything"), write it out.
// Usage: node bench/layer.mjs FILE [reps]   (needs .bench/krm-layer.mjs, built by run.mjs)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const { readInput, writeOutput } = await import(new URL('../.bench/krm-layer.mjs', import.meta.url).href);

function inject(object) {
  const next = structuredClone(object);
  next.metadata.annotations = { ...next.metadata.annotations, 'kuma.io/sidecar-injected': 'true', 'kuma.io/mesh': 'default' };
  const spec = next.spec.template.spec;
  spec.containers.push({
    name: 'kuma-sidecar',
    image: 'docker.io/kong/kuma-dp:2.14.3',
    args: ['run', '--log-level=info'],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'KUMA_DNS_ENABLED', value: 'true' },
    ],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 9902 }, periodSeconds: 5 },
    volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }],
  });
  spec.initContainers = [
    {
      name: 'kuma-init',
      image: 'docker.io/kong/kuma-init:2.14.3',
      command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
      args: ['--verbose'],
    },
  ];
  spec.volumes.push({ name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } });
  return next;
}

const file = process.argv[2];
const reps = Number(process.argv[3] ?? '3');
const text = readFileSync(file, 'utf8');
const rows = [];
for (let r = 0; r < reps; r += 1) {
  const t0 = performance.now();
  const input = readInput(text);
  const t1 = performance.now();
  const output = input.items.map((item, index) =>
    item.object.kind === 'Deployment' ? { kind: 'changed', index, object: inject(item.object) } : { kind: 'kept', index },
  );
  const t2 = performance.now();
  const out = writeOutput(input, output, [{ severity: 'info', message: 'done' }], { format: input.format });
  const t3 = performance.now();
  rows.push({ read: t1 - t0, inject: t2 - t1, write: t3 - t2, total: t3 - t0, bytes: out.length });
}
const median = (key) => rows.map((row) => row[key]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(
  JSON.stringify({
    read: median('read'),
    inject: median('inject'),
    write: median('write'),
    total: median('total'),
    outMB: median('bytes') / 1e6,
  }),
);
