// Generates synthetic bundles shaped like a GitOps repository (docs/perf-anchors.md §1, grown to the
// shape real repositories have): per app one file holding a Deployment (comments, a block-scalar
// annotation, a flow-map strategy, every 5th with a log shipper, every 10th sharing its labels with
// its pod template through an anchor and an alias, every 50th naming a ContainerPatch), its Service and ConfigMap, and on some apps a
// Secret, a HorizontalPodAutoscaler and an Ingress; 10 Namespaces labelled for injection; the
// control plane's namespace with a few ContainerPatches and Kuma policies.
//
// Usage: node bench/gen.mjs N [outDir] [--services] [--dir]
//   → outDir/rl-N.yaml: the ResourceList kpt hands a function (compact `- ` items at column 0, kpt's
//     8 annotations on every item), outDir/rl-N.json: its JSON twin,
//     outDir/rl-N.shape.json: the bundle's shape (items per kind, MB, lines, comments, anchors).
//   --services: N Services and N/10 Deployments in ONE namespace, every Service sharing two selector
//     labels with every pod (the Service index's worst case) → outDir/svc-N.*
//   --dir: also the package as files (one per app, as a repository holds them, no kpt annotations)
//     → outDir/pkg-N/ (what `kpt fn eval` and Argo CD read)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMESPACES = 10;
export const SYSTEM_NAMESPACE = 'kong-mesh-system';
const CONTAINER_PATCHES = ['tune-resources', 'debug-logging', 'extra-env'];

/** kpt's annotations for a resource at `path`, `index` (what kpt adds to every item it hands a function). */
function kptAnnotations(path, index, id) {
  return [
    `config.kubernetes.io/index: '${index}'`,
    `config.kubernetes.io/path: '${path}'`,
    `internal.config.kubernetes.io/index: '${index}'`,
    `internal.config.kubernetes.io/path: '${path}'`,
    `internal.config.kubernetes.io/seqindent: 'compact'`,
    `internal.config.kubernetes.io/annotations-migration-resource-id: '${id}'`,
    `internal.config.kubernetes.io/id: '${id}'`,
    `config.k8s.io/id: '${id}'`,
  ];
}

/**
 * One resource as a document at column 0. `ann` is the extra annotation lines (kpt's, or none for
 * the files of a repository), spliced where `@ANN@` stands at the annotations' indentation.
 */
function withAnnotations(doc, ann) {
  return doc.replace(/^( *)@ANN@\n/m, (_m, pad) => ann.map((line) => `${pad}${line}\n`).join(''));
}

function namespace(name) {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    kuma.io/sidecar-injection: enabled
  annotations:
    owner: platform-team
    @ANN@
`;
}

function configMap(ns, name) {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
  annotations:
    owner: "${ns}@example.com"
    @ANN@
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
  settings.yaml: |
    cache:
      ttl: 30s
    retries: 3
`;
}

function secret(ns, name) {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}-db
  namespace: ${ns}
  annotations:
    owner: "${ns}@example.com"
    @ANN@
type: Opaque
data:
  password: c2VjcmV0LXBhc3N3b3Jk # rotated by the secrets operator
  username: YXBw
`;
}

function hpa(ns, name) {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    owner: "${ns}@example.com"
    @ANN@
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 3
  maxReplicas: 12
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70 # keep headroom for the sidecar
`;
}

function ingress(ns, name) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    owner: "${ns}@example.com"
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
    @ANN@
spec:
  ingressClassName: nginx
  rules:
  - host: ${name}.${ns}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${name}
            port:
              name: http
`;
}

function deployment(i, ns, name, podLabels) {
  const logShipper =
    i % 5 === 0
      ? `
      # log shipper sidecar, managed by the platform team
      - name: log-shipper
        image: fluent/fluent-bit:3.0.4
        args: ["--config", "/fluent-bit/etc/fluent-bit.conf"]
        resources:
          requests: {cpu: 20m, memory: 32Mi}
        volumeMounts:
        - name: logs
          mountPath: /var/log/app`
      : '';
  // Every 10th Deployment shares its labels through an anchor, as hand-written charts often do.
  const anchored = i % 10 === 3;
  const labels = `labels:${anchored ? ' &labels' : ''}
    app: ${name}
    app.kubernetes.io/part-of: shop
    tier: backend # routing tier`;
  const podLabelLines = Object.entries(podLabels)
    .map(([k, v]) => `          ${k}: ${v}\n`)
    .join('');
  const patches = i % 50 === 7 ? `\n        kuma.io/container-patches: ${CONTAINER_PATCHES[i % CONTAINER_PATCHES.length]}` : '';
  return `# Deployment for ${name}, owned by ${ns}
# generated by the service template v3
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  ${labels}
  annotations:
    description: |
      Backend service ${name}.
      Handles orders for ${ns}.
    owner: "${ns}@example.com"
    @ANN@
spec:
  replicas: 3 # scaled by HPA in prod
  revisionHistoryLimit: 5
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:${anchored ? ' *labels\n' : `\n${podLabelLines}`}      annotations:
        prometheus.io/scrape: "true"${patches}
    spec:
      serviceAccountName: ${name}
      securityContext:
        runAsNonRoot: true
        fsGroup: 2000
      containers:
      - name: app
        image: registry.example.com/shop/${name}:1.${i % 50}.0 # pinned by CI
        ports:
        - name: http
          containerPort: 8080
        - name: grpc
          containerPort: 9090
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: ${name}-db
              key: password
        - name: MODE
          value: "on"
        envFrom:
        - configMapRef:
            name: ${name}-config
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            memory: 256Mi
        readinessProbe:
          httpGet:
            path: /ready
            port: http
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 10
        volumeMounts:
        - name: logs
          mountPath: /var/log/app
        - name: tmp
          mountPath: /tmp${logShipper}
      volumes:
      - name: logs
        emptyDir: {}
      - name: tmp
        emptyDir: {medium: Memory}
`;
}

function service(ns, name, selector) {
  const selectorLines = Object.entries(selector)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
  annotations:
    owner: "${ns}@example.com"
    @ANN@
spec:
  selector:
${selectorLines}  ports:
  - name: http
    port: 80
    targetPort: http
    appProtocol: http
  - name: grpc
    port: 9090
    targetPort: grpc
    appProtocol: grpc
`;
}

function containerPatch(name) {
  return `# Platform-wide sidecar tuning, applied to workloads that name it
apiVersion: kuma.io/v1alpha1
kind: ContainerPatch
metadata:
  name: ${name}
  namespace: ${SYSTEM_NAMESPACE}
  annotations:
    @ANN@
spec:
  sidecarPatch:
  - op: add
    path: /resources/limits/memory
    value: '"384Mi"'
  - op: add
    path: /env/-
    value: '{"name": "PATCHED_BY", "value": "${name}"}'
`;
}

/**
 * Kuma policies of the control plane's namespace: kept byte for byte today; once policy analysis
 * exists they are what it reads. Shaped like a real mesh's defaults (timeouts, retries, a
 * traffic permission per team namespace).
 */
export function meshPolicies() {
  const docs = [
    `apiVersion: kuma.io/v1alpha1
kind: MeshTimeout
metadata:
  name: default-timeouts
  namespace: ${SYSTEM_NAMESPACE}
  labels:
    kuma.io/mesh: default
  annotations:
    @ANN@
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: Mesh
    default:
      connectionTimeout: 5s
      idleTimeout: 1h
      http:
        requestTimeout: 15s
`,
    `apiVersion: kuma.io/v1alpha1
kind: MeshRetry
metadata:
  name: default-retries
  namespace: ${SYSTEM_NAMESPACE}
  labels:
    kuma.io/mesh: default
  annotations:
    @ANN@
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: Mesh
    default:
      http:
        numRetries: 3
`,
  ];
  for (let n = 0; n < NAMESPACES; n += 1) {
    docs.push(`apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: allow-team-${n}
  namespace: ${SYSTEM_NAMESPACE}
  labels:
    kuma.io/mesh: default
  annotations:
    @ANN@
spec:
  targetRef:
    kind: Mesh
  from:
  - targetRef:
      kind: MeshSubset
      tags:
        k8s.kuma.io/namespace: team-${n}
    default:
      action: Allow
`);
  }
  return docs;
}

/** The files of the repository: [path, [document, ...]] in order. */
function repositoryFiles(n, services) {
  const files = [];
  const namespaces = services ? ['shop'] : Array.from({ length: NAMESPACES }, (_, k) => `team-${k}`);
  files.push(['namespaces.yaml', namespaces.map(namespace)]);
  files.push([`${SYSTEM_NAMESPACE}/container-patches.yaml`, CONTAINER_PATCHES.map(containerPatch)]);
  files.push([`${SYSTEM_NAMESPACE}/policies.yaml`, meshPolicies()]);
  if (services) {
    // N Services, N/10 Deployments, one namespace: each pod is selected by 10 Services, and every
    // selector shares part-of and tier with every pod.
    const workloads = Math.max(1, Math.floor(n / 10));
    for (let i = 0; i < workloads; i += 1) {
      const name = `svc-${i}`;
      files.push([
        `shop/${name}.yaml`,
        [deployment(i, 'shop', name, { app: name, 'app.kubernetes.io/part-of': 'shop', tier: 'backend', version: 'v1' })],
      ]);
    }
    for (let s = 0; s < n; s += 1) {
      const target = `svc-${s % workloads}`;
      files.push([
        `shop/services/svc-${s}.yaml`,
        [service('shop', `svc-${s}-port`, { 'app.kubernetes.io/part-of': 'shop', tier: 'backend', app: target })],
      ]);
    }
    return files;
  }
  for (let i = 0; i < n; i += 1) {
    const ns = `team-${i % NAMESPACES}`;
    const name = `svc-${i}`;
    const docs = [deployment(i, ns, name, { app: name, version: 'v1' }), service(ns, name, { app: name }), configMap(ns, name)];
    if (i % 2 === 0) docs.push(secret(ns, name));
    if (i % 3 === 0) docs.push(hpa(ns, name));
    if (i % 4 === 0) docs.push(ingress(ns, name));
    files.push([`${ns}/${name}.yaml`, docs]);
  }
  return files;
}

/** A column-0 document as a compact `- ` entry of a ResourceList's items. */
function toEntry(doc) {
  const lines = doc.split('\n');
  return lines.map((line, k) => (k === 0 ? `- ${line}` : line === '' ? line : `  ${line}`)).join('\n');
}

/** The ResourceList text for N workloads (or N Services with `services`). */
export function generate(n, { services = false } = {}) {
  const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'];
  let id = 1;
  for (const [path, docs] of repositoryFiles(n, services)) {
    docs.forEach((doc, index) => {
      parts.push(toEntry(withAnnotations(doc, kptAnnotations(path, index, id))));
      id += 1;
    });
  }
  parts.push('functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data: {}\n');
  return parts.join('');
}

/** Writes the repository's files (no kpt annotations: kpt adds them when it reads the folder). */
export function writeRepository(n, dir, { services = false } = {}) {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, docs] of repositoryFiles(n, services)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), docs.map((doc) => withAnnotations(doc, [])).join('---\n'));
  }
}

/** Items per kind, size, lines, comment lines and anchors of a ResourceList text. */
export function shape(text, items) {
  const kinds = {};
  for (const item of items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  const lines = text.split('\n');
  return {
    MB: Number((text.length / 1e6).toFixed(2)),
    items: items.length,
    kinds,
    lines: lines.length,
    commentLines: lines.filter((l) => /^\s*(- )?#/.test(l)).length,
    inlineComments: lines.filter((l) => /\S\s+#\s/.test(l) && !/^\s*(- )?#/.test(l)).length,
    anchors: (text.match(/: &[A-Za-z]/g) ?? []).length,
    aliases: (text.match(/(: |<<: )\*[A-Za-z]/g) ?? []).length,
  };
}

/** "Deployment 10000, Service 10000, …" */
export function describeShape(s) {
  const kinds = Object.entries(s.kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([k, c]) => `${k} ${c}`)
    .join(', ');
  return `${s.MB} MB, ${s.items} items (${kinds}), ${s.lines} lines, ${s.commentLines} comment lines + ${s.inlineComments} inline comments, ${s.anchors} anchors, ${s.aliases} aliases`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const services = args.includes('--services');
  const asDir = args.includes('--dir');
  const [nArg, dirArg] = args.filter((a) => !a.startsWith('--'));
  const n = Number(nArg ?? '100');
  const dir = dirArg ?? '.bench';
  const base = `${services ? 'svc' : 'rl'}-${n}`;
  mkdirSync(dir, { recursive: true });
  const yamlText = generate(n, { services });
  writeFileSync(join(dir, `${base}.yaml`), yamlText);
  const { load } = await import('js-yaml');
  const value = load(yamlText);
  writeFileSync(join(dir, `${base}.json`), JSON.stringify(value));
  const s = shape(yamlText, value.items);
  writeFileSync(join(dir, `${base}.shape.json`), JSON.stringify(s));
  if (asDir) writeRepository(n, join(dir, `pkg-${n}`), { services });
  console.log(`${join(dir, `${base}.yaml`)}: ${describeShape(s)}`);
}
