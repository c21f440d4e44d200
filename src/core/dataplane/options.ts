/**
 * The control-plane knobs that shape a Dataplane (kuma-cp `mode`, `multizone.zone.name`,
 * `experimental.*`, `runtime.kubernetes.*`), with the defaults of the released control plane.
 */

/** kuma-cp `mode`: `zone` (also standalone), `global`, or '' (the converter tests' "not zone"). */
export type CpMode = 'zone' | 'global' | '';

/** The control-plane settings the Pod → Dataplane conversion reads. */
export interface ConverterOptions {
  /** Which control plane's converter: 2.13 writes no inbound `protocol`, has no zone-proxy listeners, and de-duplicates differently. */
  version: '2.14' | '2.13';
  /** Zone name for `kuma.io/zone` tags and labels; '' adds none. */
  zone: string;
  /** kuma-cp `mode`; `zone` (the default, also for a standalone control plane) adds origin/zone/env labels. */
  mode: CpMode;
  systemNamespace: string;
  /** runtime.kubernetes.injector.nodeLabelsToCopy */
  nodeLabelsToCopy: string[];
  /** runtime.kubernetes.workloadLabels */
  workloadLabels: string[];
  /** runtime.kubernetes.injector.ignoredServiceSelectorLabels */
  ignoredServiceSelectorLabels: string[];
  /** experimental.inboundTagsDisabled (2.14 only) */
  inboundTagsDisabled: boolean;
  /** experimental.kubeOutboundsAsVIPs: true keeps outbounds out of the Dataplane. */
  kubeOutboundsAsVIPs: boolean;
}

/** kuma-cp 2.14 defaults (pkg/config/app/kuma-cp/kuma-cp.defaults.yaml at v2.14.3). */
export const CONVERTER_DEFAULTS: Readonly<ConverterOptions> = Object.freeze({
  version: '2.14',
  zone: 'default',
  mode: 'zone',
  systemNamespace: 'kuma-system',
  nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname'],
  workloadLabels: [],
  ignoredServiceSelectorLabels: [],
  inboundTagsDisabled: false,
  kubeOutboundsAsVIPs: true,
});
