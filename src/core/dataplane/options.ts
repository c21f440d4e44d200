/**
 * The control-plane knobs that shape a Dataplane (kuma-cp `mode`, `multizone.zone.name`,
 * `experimental.*`, `runtime.kubernetes.*`), with the defaults of the released control plane.
 */

import type { ConverterCapabilities } from '../release.ts';

/** kuma-cp `mode`: `zone` (also standalone), `global`, or '' (the converter tests' "not zone"). */
export type CpMode = 'zone' | 'global' | '';

/** The control-plane settings the Pod → Dataplane conversion reads. */
export interface ConverterOptions {
  /** What the reproduced control plane's converter does differently from other releases. */
  capabilities: ConverterCapabilities;
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
  /** experimental.inboundTagsDisabled (read only where `capabilities.inboundTagsSwitch`) */
  inboundTagsDisabled: boolean;
  /** experimental.kubeOutboundsAsVIPs: true keeps outbounds out of the Dataplane. */
  kubeOutboundsAsVIPs: boolean;
}

/** kuma-cp 2.14 defaults (pkg/config/app/kuma-cp/kuma-cp.defaults.yaml at v2.14.3). */
export const CONVERTER_DEFAULTS: Readonly<Omit<ConverterOptions, 'capabilities'>> = Object.freeze({
  zone: 'default',
  mode: 'zone',
  systemNamespace: 'kuma-system',
  nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname'],
  workloadLabels: [],
  ignoredServiceSelectorLabels: [],
  inboundTagsDisabled: false,
  kubeOutboundsAsVIPs: true,
});
