import { parseGoDuration } from '../kuma-api/go-duration.ts';
import { goTrimSpace } from './go-strings.ts';

/**
 * The transparent-proxy configuration of the ConfigMap mode (spec §14): its JSON-visible shape,
 * the built-in defaults, and loading a ConfigMap's `config.yaml` (already parsed from YAML to
 * plain JSON by the caller, since the core has no YAML library) on top of them.
 */

export interface TrafficFlow {
  enabled: boolean;
  port: number;
  includePorts: number[];
  excludePorts: number[];
  excludePortsForUIDs: string[];
  excludePortsForIPs: string[];
  insertRedirectInsteadOfAppend: boolean;
}

export interface TproxyConfig {
  kumaDPUser: string;
  redirect: {
    inbound: TrafficFlow;
    outbound: TrafficFlow;
    dns: { enabled: boolean; port: number; captureAll: boolean; skipConntrackZoneSplit: boolean; resolvConfigPath: string };
    vnet: { networks: string[] };
  };
  ebpf: {
    enabled: boolean;
    instanceIP: string;
    instanceIPEnvVarName: string;
    bpffsPath: string;
    cgroupPath: string;
    programsSourcePath: string;
    tcAttachIface: string;
  };
  dropInvalidPackets: boolean;
  verbose: boolean;
  dryRun: boolean;
  log: { enabled: boolean; level: number };
  wait: number;
  waitInterval: number;
  /** sleepBetweenRetries in nanoseconds. */
  retry: { maxRetries: number; sleepBetweenRetries: bigint };
  storeFirewalld: boolean;
  iptablesExecutables: Record<string, string>;
  comments: { disabled: boolean };
  ipFamilyMode: string;
  cniMode: boolean;
}

const flow = (port: number): TrafficFlow => ({
  enabled: true,
  port,
  includePorts: [],
  excludePorts: [],
  excludePortsForUIDs: [],
  excludePortsForIPs: [],
  insertRedirectInsteadOfAppend: false,
});

/** kumactl's built-in transparent-proxy defaults. */
export function defaultTproxyConfig(): TproxyConfig {
  return {
    kumaDPUser: '',
    redirect: {
      inbound: flow(15006),
      outbound: flow(15001),
      dns: { enabled: false, port: 15053, captureAll: false, skipConntrackZoneSplit: false, resolvConfigPath: '/etc/resolv.conf' },
      vnet: { networks: [] },
    },
    ebpf: {
      enabled: false,
      instanceIP: '',
      instanceIPEnvVarName: '',
      bpffsPath: '/run/kuma/bpf',
      cgroupPath: '/sys/fs/cgroup',
      programsSourcePath: '/tmp/kuma-ebpf',
      tcAttachIface: '',
    },
    dropInvalidPackets: false,
    verbose: false,
    dryRun: false,
    log: { enabled: false, level: 7 },
    wait: 5,
    waitInterval: 0,
    retry: { maxRetries: 4, sleepBetweenRetries: 2_000_000_000n },
    storeFirewalld: false,
    iptablesExecutables: {},
    comments: { disabled: false },
    ipFamilyMode: 'dualstack',
    cniMode: false,
  };
}

/** A port as kumactl parses one: 1–65535, else its own error text. */
function parsePort(text: string): number {
  const ok = /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
  if (!ok) throw new TproxyError(`value '${text}' is not a valid port (uint16 in the range [1, 65535])`);
  return Number(text);
}

/** Appends a comma list of ports (trimmed, empties skipped), as Ports.Append does. */
export function appendPorts(ports: number[], text: string): void {
  for (const item of goTrimSpace(text) === '' ? [] : text.split(',')) {
    const trimmed = goTrimSpace(item);
    if (trimmed !== '') ports.push(parsePort(trimmed));
  }
}

/** IPFamilyMode.Set: case-insensitive `dualstack` / `ipv4` (original spelling kept), "" → dualstack. */
export function parseFamily(value: string): string {
  const lower = value.toLowerCase();
  if (lower === '') return 'dualstack';
  if (lower === 'dualstack' || lower === 'ipv4') return value;
  throw new TproxyError("must be one of 'dualstack' or 'ipv4'");
}

/** A failure inside the transparent-proxy configuration; the injector adds the webhook's context. */
export class TproxyError extends Error {}

const EXECUTABLES = ['iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ip6tables-save', 'ip6tables-restore'];

type Kind = 'bool' | 'string' | 'uint' | 'port' | 'ports' | 'strings' | 'duration' | 'family' | 'executables';
type Shape = { [key: string]: Kind | Shape };

const FLOW: Shape = {
  enabled: 'bool',
  port: 'port',
  includePorts: 'ports',
  excludePorts: 'ports',
  excludePortsForUIDs: 'strings',
  excludePortsForIPs: 'strings',
  insertRedirectInsteadOfAppend: 'bool',
};
const SHAPE: Shape = {
  kumaDPUser: 'string',
  redirect: {
    inbound: FLOW,
    outbound: FLOW,
    dns: { enabled: 'bool', port: 'port', captureAll: 'bool', skipConntrackZoneSplit: 'bool', resolvConfigPath: 'string' },
    vnet: { networks: 'strings' },
  },
  ebpf: {
    enabled: 'bool',
    instanceIP: 'string',
    instanceIPEnvVarName: 'string',
    bpffsPath: 'string',
    cgroupPath: 'string',
    programsSourcePath: 'string',
    tcAttachIface: 'string',
  },
  dropInvalidPackets: 'bool',
  verbose: 'bool',
  dryRun: 'bool',
  log: { enabled: 'bool', level: 'uint' },
  wait: 'uint',
  waitInterval: 'uint',
  retry: { maxRetries: 'uint', sleepBetweenRetries: 'duration' },
  storeFirewalld: 'bool',
  iptablesExecutables: 'executables',
  comments: { disabled: 'bool' },
  ipFamilyMode: 'family',
  cniMode: 'bool',
};

function typeError(path: string, expected: string, got: unknown): TproxyError {
  return new TproxyError(`unable to parse configuration: ${path}: expected ${expected} (got ${JSON.stringify(got)})`);
}

function scalar(kind: Kind, value: unknown, path: string): unknown {
  switch (kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw typeError(path, 'a boolean', value);
      return value;
    case 'string':
      if (typeof value !== 'string') throw typeError(path, 'a string', value);
      return value;
    case 'uint':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw typeError(path, 'a whole number', value);
      return value;
    case 'port':
      // Port.UnmarshalJSON parses the raw JSON text, so a quoted port is rejected.
      return parsePort(typeof value === 'number' ? String(value) : JSON.stringify(value));
    case 'ports': {
      const ports: number[] = [];
      const items = Array.isArray(value) ? value.filter((v) => typeof v === 'string' || typeof v === 'number') : [value];
      appendPorts(ports, items.map(String).join(','));
      return ports;
    }
    case 'strings':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw typeError(path, 'a list of strings', value);
      return [...value];
    case 'duration': {
      if (typeof value === 'number') return BigInt(Math.trunc(value));
      if (typeof value !== 'string') throw typeError(path, 'a duration', value);
      const parsed = parseGoDuration(value);
      if (!parsed.ok) throw new TproxyError(`unable to parse configuration: ${parsed.error}`);
      return parsed.nanos;
    }
    case 'family':
      if (typeof value !== 'string') throw typeError(path, 'a string', value);
      try {
        return parseFamily(value);
      } catch (error) {
        throw new TproxyError(`unable to parse configuration: value '${value}' is not a valid IPFamilyMode: ${(error as Error).message}`);
      }
    case 'executables': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw typeError(path, 'a mapping', value);
      const out: Record<string, string> = {};
      for (const [key, path2] of Object.entries(value)) {
        const name = EXECUTABLES.find((e) => e.toLowerCase() === key.toLowerCase());
        if (name !== undefined && typeof path2 === 'string') out[name] = path2;
      }
      return out;
    }
  }
}

/**
 * Overlays JSON onto a config object: objects merge field by field, lists replace, unknown keys are ignored, keys match case-insensitively
 * (Go's JSON decoder).
 */
function overlay(target: Record<string, unknown>, json: unknown, shape: Shape, path: string): void {
  if (json === null || json === undefined) return;
  if (typeof json !== 'object' || Array.isArray(json)) throw typeError(path || '.', 'a mapping', json);
  for (const [rawKey, value] of Object.entries(json)) {
    const key = Object.keys(shape).find((k) => k.toLowerCase() === rawKey.toLowerCase());
    if (key === undefined || value === null) continue;
    const kind = shape[key];
    const here = path === '' ? key : `${path}.${key}`;
    if (typeof kind === 'object') overlay(target[key] as Record<string, unknown>, value, kind, here);
    else if (kind !== undefined) target[key] = scalar(kind, value, here);
  }
}

/** Built-in defaults overlaid with a ConfigMap's parsed `config.yaml`. Throws TproxyError. */
export function loadTproxyConfig(configYaml: unknown): TproxyConfig {
  const config = defaultTproxyConfig();
  overlay(config as unknown as Record<string, unknown>, configYaml, SHAPE, '');
  return config;
}
