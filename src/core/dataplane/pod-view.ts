import { asArray, asRecord, asText, stringMap } from './kube-values.ts';

/** An owner reference as the converter reads it. */
interface OwnerRef {
  kind: string;
  name: string;
}

/** A container with the fields the converter reads. */
export interface ContainerView {
  name: string;
  ports: { name: string; containerPort: number; protocol: string }[];
  restartPolicy: string;
  raw: Record<string, unknown>;
}

/** The readiness of one container status entry (a missing `ready` means not ready). */
export interface ContainerStatusView {
  name: string;
  ready: boolean;
}

/** A Pod decoded once into what the converter reads (labels/annotations as text). */
export interface PodView {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: OwnerRef[];
  deleting: boolean;
  containers: ContainerView[];
  initContainers: ContainerView[];
  serviceAccountName: string;
  nodeName: string;
  podIP: string;
  containerStatuses: ContainerStatusView[];
  initContainerStatuses: ContainerStatusView[];
}

function containerOf(value: unknown): ContainerView {
  const raw = asRecord(value) ?? {};
  return {
    name: asText(raw['name']),
    restartPolicy: asText(raw['restartPolicy']),
    raw,
    ports: asArray(raw['ports']).map((p) => {
      const port = asRecord(p) ?? {};
      const n = Number(port['containerPort']);
      return {
        name: asText(port['name']),
        containerPort: Number.isFinite(n) ? n : 0,
        protocol: asText(port['protocol']),
      };
    }),
  };
}

function statusesOf(value: unknown): ContainerStatusView[] {
  return asArray(value).map((s) => {
    const status = asRecord(s) ?? {};
    return { name: asText(status['name']), ready: status['ready'] === true };
  });
}

/** Decodes a Pod-shaped object (a Pod, or a pod template with a namespace supplied). */
export function podView(object: { metadata?: unknown; spec?: unknown; status?: unknown; kind?: unknown }, namespace?: string): PodView {
  const metadata = asRecord(object.metadata) ?? {};
  const spec = asRecord(object.spec) ?? {};
  const status = asRecord(object.status) ?? {};
  const deletion = metadata['deletionTimestamp'];
  return {
    kind: asText(object.kind),
    name: asText(metadata['name']),
    namespace: namespace ?? asText(metadata['namespace']),
    labels: stringMap(metadata['labels']),
    annotations: stringMap(metadata['annotations']),
    ownerReferences: asArray(metadata['ownerReferences']).map((o) => {
      const owner = asRecord(o) ?? {};
      return { kind: asText(owner['kind']), name: asText(owner['name']) };
    }),
    deleting: deletion !== undefined && deletion !== null,
    containers: asArray(spec['containers']).map(containerOf),
    initContainers: asArray(spec['initContainers']).map(containerOf),
    serviceAccountName: asText(spec['serviceAccountName']),
    nodeName: asText(spec['nodeName']),
    podIP: asText(status['podIP']),
    containerStatuses: statusesOf(status['containerStatuses']),
    initContainerStatuses: statusesOf(status['initContainerStatuses']),
  };
}
