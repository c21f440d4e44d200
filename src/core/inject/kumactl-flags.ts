import { getEnabled, getPlainBooleanLenient, getString, getUint32, type StringMap } from './annotation-values.ts';
import { goTrimSpace } from './go-strings.ts';
import { KEY } from './keys.ts';

/**
 * The legacy path's `kumactl install transparent-proxy` arguments (spec §9.1, §9.2), read back
 * from the pod's merged annotations, in kumactl's exact flag order.
 */

const DEFAULT_UID = '5678';
const DEFAULT_FAMILY = 'dualstack';
const DEFAULT_OUTBOUND = 15001;
const DEFAULT_INBOUND = 15006;
const DEFAULT_DNS = 15053;

/** Settings kumactl gets, as the webhook derives them from the merged annotations. */
export interface PodRedirect {
  uid: string;
  ipFamilyMode: string;
  redirectPortOutbound: number;
  excludeOutboundPorts: string;
  excludeOutboundIps: string;
  excludeOutboundPortsForUids: string[];
  redirectInbound: boolean;
  redirectPortInbound: number;
  excludeInboundPorts: string;
  excludeInboundIps: string;
  dnsEnabled: boolean;
  dnsPort: number;
  ebpf: {
    enabled: boolean;
    bpffsPath: string;
    cgroupPath: string;
    tcAttachIface: string;
    programsSourcePath: string;
    instanceIpEnvVarName: string;
  };
  dropInvalidPackets: boolean;
  iptablesLogs: boolean;
}

function trimmedList(value: string | undefined): string {
  if (value === undefined) return '';
  return value
    .split(',')
    .map(goTrimSpace)
    .filter((item) => item !== '')
    .join(',');
}

/** Inbound exclusions with the application probe proxy port appended (unless it is 0 or empty). */
function inboundExclusions(ann: StringMap): string {
  const ports = getString(ann, KEY.excludeInboundPorts) ?? '';
  const probe = getString(ann, KEY.appProbeProxyPort) ?? '';
  if (probe === '0' || probe === '') return ports;
  return ports === '' ? probe : `${ports},${probe}`;
}

/** Reads the redirect settings from the merged annotations. Throws WebhookError on bad values. */
export function podRedirectFrom(ann: StringMap): PodRedirect {
  const dnsEnabled = getEnabled(ann, KEY.builtinDns) ?? false;
  const dnsPort = getUint32(ann, KEY.builtinDnsPort) ?? 0;
  const excludeOutboundPorts = getString(ann, KEY.excludeOutboundPorts) ?? '';
  const forUids = getString(ann, KEY.excludeOutboundPortsForUids);
  const redirectPortOutbound = getUint32(ann, KEY.outboundPort) ?? 0;
  const redirectInbound = getEnabled(ann, KEY.gateway) !== true;
  const excludeInboundPorts = inboundExclusions(ann);
  const redirectPortInbound = getUint32(ann, KEY.inboundPort) ?? 0;
  const ipFamilyMode = getString(ann, KEY.ipFamilyMode) ?? DEFAULT_FAMILY;
  const ebpfEnabled = getEnabled(ann, KEY.ebpf) ?? false;
  return {
    uid: getString(ann, KEY.sidecarUid) ?? '',
    ipFamilyMode,
    redirectPortOutbound,
    excludeOutboundPorts,
    excludeOutboundIps: trimmedList(getString(ann, KEY.excludeOutboundIps)),
    excludeOutboundPortsForUids: forUids === undefined ? [] : forUids.split(';'),
    redirectInbound,
    redirectPortInbound,
    excludeInboundPorts,
    excludeInboundIps: trimmedList(getString(ann, KEY.excludeInboundIps)),
    dnsEnabled,
    dnsPort,
    ebpf: {
      enabled: ebpfEnabled,
      bpffsPath: getString(ann, KEY.ebpfBpffsPath) ?? '',
      cgroupPath: getString(ann, KEY.ebpfCgroupPath) ?? '',
      tcAttachIface: getString(ann, KEY.ebpfTcAttachIface) ?? '',
      programsSourcePath: getString(ann, KEY.ebpfProgramsSourcePath) ?? '',
      instanceIpEnvVarName: getString(ann, KEY.ebpfInstanceIpEnvVarName) ?? '',
    },
    dropInvalidPackets: getPlainBooleanLenient(ann, KEY.dropInvalidPackets),
    iptablesLogs: getPlainBooleanLenient(ann, KEY.iptablesLogs),
  };
}

/** `--name=value`, left out for an empty string or a zero number. */
function flag(name: string, value: string | number): string[] {
  return value === '' || value === 0 ? [] : [`--${name}=${value}`];
}

/** The kumactl arguments, in kumactl's order; never empty (`--verbose` always ends it). */
export function kumactlArgs(pr: PodRedirect): string[] {
  const args: string[] = [];
  if (pr.uid !== DEFAULT_UID) args.push(...flag('kuma-dp-user', pr.uid));
  if (pr.ipFamilyMode !== DEFAULT_FAMILY) args.push(...flag('ip-family-mode', pr.ipFamilyMode));
  if (pr.redirectPortOutbound !== DEFAULT_OUTBOUND) args.push(...flag('redirect-outbound-port', pr.redirectPortOutbound));
  args.push(...flag('exclude-outbound-ports', pr.excludeOutboundPorts));
  args.push(...flag('exclude-outbound-ips', pr.excludeOutboundIps));
  for (const rule of pr.excludeOutboundPortsForUids) args.push(...flag('exclude-outbound-ports-for-uids', rule));
  if (!pr.redirectInbound) {
    args.push('--redirect-inbound=false');
  } else {
    if (pr.redirectPortInbound !== DEFAULT_INBOUND) args.push(...flag('redirect-inbound-port', pr.redirectPortInbound));
    args.push(...flag('exclude-inbound-ports', pr.excludeInboundPorts));
    args.push(...flag('exclude-inbound-ips', pr.excludeInboundIps));
  }
  if (pr.dnsEnabled) {
    args.push('--redirect-all-dns-traffic');
    if (pr.dnsPort !== DEFAULT_DNS) args.push(...flag('redirect-dns-port', pr.dnsPort));
  }
  const { ebpf } = pr;
  if (ebpf.enabled) {
    args.push('--ebpf-enabled');
    args.push(...flag('ebpf-bpffs-path', ebpf.bpffsPath));
    args.push(...flag('ebpf-cgroup-path', ebpf.cgroupPath));
    args.push(...flag('ebpf-tc-attach-iface', ebpf.tcAttachIface));
    args.push(...flag('ebpf-programs-source-path', ebpf.programsSourcePath));
    if (ebpf.instanceIpEnvVarName !== '') args.push(`--ebpf-instance-ip=$(${ebpf.instanceIpEnvVarName})`);
  }
  if (pr.dropInvalidPackets) args.push('--drop-invalid-packets');
  if (pr.iptablesLogs) args.push('--iptables-logs');
  args.push('--verbose');
  return args;
}
