import type { Settings } from '../settings.ts';
import { getEnabled, getString, getUint32, type StringMap } from './annotation-values.ts';
import { KEY } from './keys.ts';
import { applicationProbeProxyPort, virtualProbesEnabled } from './probe-rules.ts';
import { wrapped } from './webhook-error.ts';

/**
 * The annotations the webhook writes on the legacy transparent-proxy path (spec §8), computed from
 * the pod's own annotations and the config. They overwrite user values of the same key.
 */

const enabledText = (on: boolean): string => (on ? 'enabled' : 'disabled');

/** Pod value if present (even empty), else the default; written only when non-empty. */
function podOr(pod: StringMap, key: string, fallback: string): string {
  return getString(pod, key) ?? fallback;
}

function ebpfAnnotations(pod: StringMap, settings: Settings, out: Record<string, string>): void {
  const cfg = settings.injector.ebpf;
  const on = wrapped(`getting ${KEY.ebpf} annotation failed`, () => getEnabled(pod, KEY.ebpf)) ?? cfg.enabled;
  if (!on) return;
  out[KEY.ebpf] = 'enabled';
  const paths: [string, string][] = [
    [KEY.ebpfBpffsPath, cfg.bpffsPath],
    [KEY.ebpfCgroupPath, cfg.cgroupPath],
    [KEY.ebpfTcAttachIface, cfg.tcAttachIface],
    [KEY.ebpfProgramsSourcePath, cfg.programsSourcePath],
  ];
  for (const [key, fallback] of paths) {
    const value = podOr(pod, key, fallback);
    if (value !== '') out[key] = value;
  }
  // Upstream quirk (spec §11): the configured env-var name is used as an annotation KEY to look
  // up, not as a default; the explicit annotation wins over it.
  const instanceIp = getString(pod, KEY.ebpfInstanceIpEnvVarName) ?? getString(pod, cfg.instanceIPEnvVarName) ?? '';
  if (instanceIp !== '') out[KEY.ebpfInstanceIpEnvVarName] = instanceIp;
}

function dnsAnnotations(pod: StringMap, settings: Settings, out: Record<string, string>): void {
  const cfg = settings.injector.builtinDNS;
  if (!(getEnabled(pod, KEY.builtinDns) ?? cfg.enabled)) return;
  out[KEY.builtinDns] = 'enabled';
  out[KEY.builtinDnsPort] = String(getUint32(pod, KEY.builtinDnsPort) ?? cfg.port);
  out[KEY.builtinDnsLogging] = String(getEnabled(pod, KEY.builtinDnsLogging) ?? cfg.logging);
}

/** Computes the annotations to copy onto the pod. Throws WebhookError, prefixed as the webhook does. */
export function legacyAnnotations(pod: StringMap, settings: Settings): Record<string, string> {
  return wrapped('could not generate annotations for pod', () => {
    const { injector } = settings;
    const sc = injector.sidecarContainer;
    const out: Record<string, string> = {
      [KEY.sidecarInjected]: 'true',
      [KEY.transparentProxying]: 'enabled',
      [KEY.sidecarUid]: String(sc.uid),
      [KEY.outboundPort]: String(sc.redirectPortOutbound),
      [KEY.inboundPort]: String(sc.redirectPortInbound),
    };
    if (injector.cniEnabled) out[KEY.cniNetworks] = 'kuma-cni';
    ebpfAnnotations(pod, settings, out);
    dnsAnnotations(pod, settings, out);
    out[KEY.virtualProbes] = enabledText(virtualProbesEnabled(pod, injector.virtualProbesEnabled));
    out[KEY.virtualProbesPort] = String(
      wrapped(`unable to set ${KEY.virtualProbesPort}`, () => getUint32(pod, KEY.virtualProbesPort)) ?? injector.virtualProbesPort,
    );
    out[KEY.appProbeProxyPort] = String(applicationProbeProxyPort(pod, injector.applicationProbeProxyPort));
    const traffic = injector.sidecarTraffic;
    const inbound = podOr(pod, KEY.excludeInboundPorts, traffic.excludeInboundPorts.join(','));
    if (inbound !== '') out[KEY.excludeInboundPorts] = inbound;
    const { bootstrap } = settings;
    if (settings.release.injector.readinessPortWithAdminSocket && bootstrap.envoyAdminUnixSocket && bootstrap.readinessPort !== 0) {
      const existing = out[KEY.excludeInboundPorts] ?? '';
      const port = String(bootstrap.readinessPort);
      out[KEY.excludeInboundPorts] = existing === '' ? port : `${existing},${port}`;
    }
    const outbound = podOr(pod, KEY.excludeOutboundPorts, traffic.excludeOutboundPorts.join(','));
    if (outbound !== '') out[KEY.excludeOutboundPorts] = outbound;
    const family = podOr(pod, KEY.ipFamilyMode, sc.ipFamilyMode);
    out[KEY.ipFamilyMode] = family === '' ? 'dualstack' : family;
    out[KEY.envoyAdminPort] = String(getUint32(pod, KEY.envoyAdminPort) ?? bootstrap.adminPort);
    const outboundIps = podOr(pod, KEY.excludeOutboundIps, traffic.excludeOutboundIPs.join(','));
    if (outboundIps !== '') out[KEY.excludeOutboundIps] = outboundIps;
    const inboundIps = podOr(pod, KEY.excludeInboundIps, traffic.excludeInboundIPs.join(','));
    if (inboundIps !== '') out[KEY.excludeInboundIps] = inboundIps;
    return out;
  });
}
