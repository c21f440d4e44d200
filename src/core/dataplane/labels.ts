import type { CpMode } from './options.ts';
import { ownValue } from '../json-record.ts';

/** Label keys the control plane computes on a Dataplane. */
export const LABEL = {
  mesh: 'kuma.io/mesh',
  origin: 'kuma.io/origin',
  zone: 'kuma.io/zone',
  env: 'kuma.io/env',
  namespace: 'k8s.kuma.io/namespace',
  proxyType: 'kuma.io/proxy-type',
  listenerIngress: 'kuma.io/listener-zoneingress',
  listenerEgress: 'kuma.io/listener-zoneegress',
  serviceAccount: 'k8s.kuma.io/service-account',
  workload: 'kuma.io/workload',
  displayName: 'kuma.io/display-name',
} as const;

/** Which resource the labels are for: Dataplanes are mesh-scoped and carry listener flags. */
export type ProxyKind = 'Dataplane' | 'ZoneIngress' | 'ZoneEgress';

/** What the label computation reads. */
export interface LabelInput {
  /** Default Dataplane. */
  kind?: ProxyKind;
  /** Labels of the Dataplane being written into (empty for a new one). */
  existing: Record<string, string>;
  podLabels: Record<string, string>;
  /** Node labels copied onto the Dataplane (only when inbound tags are disabled). */
  nodeLabels: Record<string, string>;
  mesh: string;
  mode: CpMode;
  zone: string;
  namespace: string;
  serviceAccount: string;
  workload: string;
  /** The spec the object had before this write: its proxy type and listener kinds. */
  previous: { builtinGateway: boolean; ingressListener: boolean; egressListener: boolean };
  /** Whether the release writes `kuma.io/proxy-type` on Dataplanes (else it deletes the key). Default true. */
  proxyTypeLabel?: boolean;
  /** `kuma.io/display-name` the converter writes (the Dataplane's name), where the release does. */
  displayName?: string | undefined;
}

/**
 * Dataplane labels the way the converter computes them: existing ← Pod labels ← node labels, then
 * mesh, zone-mode origin/zone/env, namespace, proxy type and listener flags (from the previous
 * spec), service account and workload. Labels are only added or overwritten, never removed (except
 * the listener flags).
 */
export function dataplaneLabels(input: LabelInput): Record<string, string> {
  const labels: Record<string, string> = { ...input.existing, ...input.podLabels, ...input.nodeLabels };
  const setIfAbsent = (key: string, value: string): void => {
    if (!(key in labels)) labels[key] = value;
  };
  const kind = input.kind ?? 'Dataplane';
  if (kind === 'Dataplane') setIfAbsent(LABEL.mesh, input.mesh !== '' ? input.mesh : 'default');
  if (input.mode === 'zone') {
    setIfAbsent(LABEL.origin, 'zone');
    if (labels[LABEL.origin] !== 'global') {
      setIfAbsent(LABEL.zone, input.zone);
      setIfAbsent(LABEL.env, 'kubernetes');
    }
  }
  const origin = labels[LABEL.origin];
  const local =
    input.mode === 'zone'
      ? origin === undefined || origin === 'zone'
      : input.mode === 'global'
        ? origin === undefined || origin === 'global'
        : true;
  if (input.namespace !== '' && local) setIfAbsent(LABEL.namespace, input.namespace);
  if (kind !== 'Dataplane') {
    labels[LABEL.proxyType] = kind.toLowerCase();
  } else {
    if (input.proxyTypeLabel ?? true) labels[LABEL.proxyType] = input.previous.builtinGateway ? 'gateway' : 'sidecar';
    else delete labels[LABEL.proxyType];
    if (input.previous.ingressListener) labels[LABEL.listenerIngress] = 'enabled';
    else delete labels[LABEL.listenerIngress];
    if (input.previous.egressListener) labels[LABEL.listenerEgress] = 'enabled';
    else delete labels[LABEL.listenerEgress];
  }
  if (input.serviceAccount !== '') labels[LABEL.serviceAccount] = input.serviceAccount;
  if (input.workload !== '') labels[LABEL.workload] = input.workload;
  if (input.displayName !== undefined && input.displayName !== '') labels[LABEL.displayName] = input.displayName;
  return labels;
}

/** The `kuma.io/workload` value: the first non-empty listed Pod label, else the service account. */
export function workloadName(podLabels: Record<string, string>, workloadLabels: readonly string[], serviceAccount: string): string {
  for (const key of workloadLabels) {
    const value = ownValue(podLabels, key);
    if (value !== undefined && value !== '') return value;
  }
  return serviceAccount;
}
