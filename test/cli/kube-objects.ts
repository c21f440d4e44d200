import { parseAllDocuments, parse } from 'yaml';

export type Obj = Record<string, any>;

/** Every non-empty document of a YAML stream (a ResourceList or List is flattened to its items). */
export function objectsOf(text: string): Obj[] {
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Obj => typeof o === 'object' && o !== null);
  return docs.flatMap((o) => (Array.isArray(o['items']) ? (o['items'] as Obj[]) : [o]));
}

/** The ResourceList of a KRM output (throws when the output is not one). */
export function resourceListOf(text: string): Obj {
  const rl = parse(text) as Obj;
  if (rl?.['kind'] !== 'ResourceList') throw new Error(`expected a ResourceList, got:\n${text.slice(0, 400)}`);
  return rl;
}

export function find(objects: readonly Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o['kind'] === kind && o['metadata']?.['name'] === name);
  if (found === undefined) {
    const have = objects.map((o) => `${o['kind']}/${o['metadata']?.['name']}`).join(', ');
    throw new Error(`no ${kind} ${name} in the output (have: ${have})`);
  }
  return found;
}

/** The pod spec of a workload object (Deployment-like or CronJob). */
export function podSpecOf(workload: Obj): Obj {
  const spec =
    workload['kind'] === 'CronJob'
      ? workload['spec']?.['jobTemplate']?.['spec']?.['template']?.['spec']
      : workload['kind'] === 'Pod'
        ? workload['spec']
        : workload['spec']?.['template']?.['spec'];
  if (spec === undefined) throw new Error(`${workload['kind']} ${workload['metadata']?.['name']} has no pod spec`);
  return spec as Obj;
}

/** The kuma-sidecar container wherever the version puts it (native: initContainers; classic: containers). */
export function sidecarOf(workload: Obj): Obj | undefined {
  const spec = podSpecOf(workload);
  return [...((spec['initContainers'] as Obj[] | undefined) ?? []), ...((spec['containers'] as Obj[] | undefined) ?? [])].find(
    (c) => c['name'] === 'kuma-sidecar',
  );
}

export function isLocalConfig(object: Obj): boolean {
  const value = object['metadata']?.['annotations']?.['config.kubernetes.io/local-config'];
  return value !== undefined && String(value) !== 'false';
}
