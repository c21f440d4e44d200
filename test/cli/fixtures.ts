import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { objectsOf, type Obj } from './kube-objects.ts';
import { REPO } from './cli-run.ts';

/** The example manifests of the root package, file by file (the settings file apart). */
export const EXAMPLE_FILES = ['cleanup.yaml', 'container-patch.yaml', 'namespace.yaml', 'web.yaml'];
const EXAMPLE_CONFIG = join(REPO, 'example', 'kuma-inject.yaml');

export function exampleText(files: readonly string[] = EXAMPLE_FILES): string {
  return files.map((f) => readFileSync(join(REPO, 'example', f), 'utf8')).join('---\n');
}

function exampleConfig(): Obj {
  return objectsOf(readFileSync(EXAMPLE_CONFIG, 'utf8'))[0] ?? {};
}

/** A ResourceList shaped like the one `kpt fn render` sends: path/index/id annotations on each item. */
export function kptResourceList(files: readonly string[] = EXAMPLE_FILES): string {
  let id = 0;
  const items: Obj[] = [];
  for (const file of files) {
    objectsOf(readFileSync(join(REPO, 'example', file), 'utf8')).forEach((object, index) => {
      id++;
      object['metadata']['annotations'] = {
        ...(object['metadata']['annotations'] ?? {}),
        'config.kubernetes.io/index': String(index),
        'config.kubernetes.io/path': `example/${file}`,
        'internal.config.kubernetes.io/index': String(index),
        'internal.config.kubernetes.io/path': `example/${file}`,
        'internal.config.kubernetes.io/id': String(id),
        'config.k8s.io/id': String(id),
      };
      items.push(object);
    });
  }
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: exampleConfig() });
}

/**
 * A `---` stream as the items of a ResourceList, each document's text kept as it is (indented
 * under its `- `): what a host hands the function, for tests whose input is odd text.
 */
export function streamAsResourceList(stream: string): string {
  const items = stream
    .trimEnd()
    .split('\n---\n')
    .map((doc) =>
      doc
        .split('\n')
        .map((line, i) => `${i === 0 ? '- ' : '  '}${line}`)
        .join('\n'),
    );
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n`;
}

/** A ResourceList shaped like the one standalone kustomize sends a KRM exec transformer. */
export function kustomizeResourceList(): string {
  const items = objectsOf(exampleText()).map((object, index) => {
    const [group, version] = String(object['apiVersion']).includes('/')
      ? String(object['apiVersion']).split('/')
      : ['', object['apiVersion']];
    object['metadata']['annotations'] = {
      ...(object['metadata']['annotations'] ?? {}),
      'config.kubernetes.io/index': String(index),
      'internal.config.kubernetes.io/index': String(index),
      'internal.config.kubernetes.io/id': String(index + 1),
      'config.k8s.io/id': String(index + 1),
      'kustomize.config.k8s.io/id': stringify({
        group,
        kind: object['kind'],
        name: object['metadata']['name'],
        namespace: object['metadata']['namespace'],
        version,
      }),
    };
    return object;
  });
  const config = exampleConfig();
  config['metadata']['annotations'] = {
    'config.kubernetes.io/function': 'exec:\n  path: kuma-inject\n',
    'config.kubernetes.io/local-config': 'true',
  };
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: config });
}

/**
 * Namespace `shop`, labelled for injection, and Deployment `web` in it: the smallest app that gets a
 * sidecar. `containers` is the pod's containers list as written under `containers:` (each line
 * indented six spaces), so each test keeps the exact bytes it feeds.
 */
export function shopApp(containers: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
${containers}
`;
}
