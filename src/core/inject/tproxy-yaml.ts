import { formatGoDuration } from '../kuma-api/go-duration.ts';
import type { TproxyConfig, TrafficFlow } from './tproxy-config.ts';

/**
 * The byte-exact text of the `traffic.kuma.io/transparent-proxy-config` annotation (spec §14.4):
 * the config as Go marshals it to JSON (with its omit-unless-meaningful rules), then rendered the
 * way sigs.k8s.io/yaml (go-yaml v2) renders JSON: sorted keys, 2-space indent, sequences at
 * their key's column, strings quoted only when they would read back as something else.
 */

type Json = string | number | boolean | Json[] | { [key: string]: Json };

function flowJson(f: TrafficFlow): Record<string, Json> {
  const out: Record<string, Json> = { enabled: f.enabled, port: f.port };
  if (f.includePorts.length > 0) out.includePorts = f.includePorts;
  if (f.excludePorts.length > 0) out.excludePorts = f.excludePorts;
  if (f.excludePortsForUIDs.length > 0) out.excludePortsForUIDs = f.excludePortsForUIDs;
  if (f.excludePortsForIPs.length > 0) out.excludePortsForIPs = f.excludePortsForIPs;
  if (f.insertRedirectInsteadOfAppend) out.insertRedirectInsteadOfAppend = true;
  return out;
}

/** The JSON Go writes for the config. */
function tproxyJson(c: TproxyConfig): Record<string, Json> {
  const redirect: Record<string, Json> = {
    inbound: flowJson(c.redirect.inbound),
    outbound: flowJson(c.redirect.outbound),
    dns: { ...c.redirect.dns },
  };
  if (c.redirect.vnet.networks.length > 0) redirect.vnet = { networks: c.redirect.vnet.networks };
  const out: Record<string, Json> = {
    kumaDPUser: c.kumaDPUser,
    redirect,
    log: c.log,
    wait: c.wait,
    waitInterval: c.waitInterval,
    retry: { maxRetries: c.retry.maxRetries, sleepBetweenRetries: formatGoDuration(c.retry.sleepBetweenRetries) },
    ipFamilyMode: c.ipFamilyMode,
  };
  if (c.ebpf.enabled) out.ebpf = { ...c.ebpf };
  if (c.dropInvalidPackets) out.dropInvalidPackets = true;
  if (c.verbose) out.verbose = true;
  if (c.dryRun) out.dryRun = true;
  if (!c.log.enabled) delete out.log;
  if (c.storeFirewalld) out.storeFirewalld = true;
  const executables = Object.fromEntries(Object.entries(c.iptablesExecutables).filter(([, path]) => path !== ''));
  if (Object.keys(executables).length > 0) out.iptablesExecutables = executables;
  if (c.comments.disabled) out.comments = { disabled: true };
  if (c.cniMode) out.cniMode = true;
  return out;
}

const RESOLVES_TO_OTHER = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/;

/** Whether go-yaml v2 would read the plain text back as something other than a string. */
function readsAsNonString(s: string): boolean {
  if (RESOLVES_TO_OTHER.has(s)) return true;
  const first = s[0] ?? '';
  if (first === '.') return YAML_FLOAT.test(s);
  if (!/[-+0-9]/.test(first)) return false;
  const plain = s.replace(/_/g, '');
  return TIMESTAMP.test(s) || GO_INT.test(plain) || YAML_FLOAT.test(plain) || /^-?0[bB][01]+$/.test(plain) || BASE60_FLOAT.test(s);
}

/** Whether libyaml's emitter allows the text as a plain scalar in block context. */
function plainAllowed(s: string): boolean {
  if (s === '' || /^\s|\s$/.test(s) || /[\n\r\t\u0000-\u001f\u007f]/.test(s)) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0] ?? '';
  const followedBySpace = (i: number): boolean => i + 1 >= s.length || s[i + 1] === ' ';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '-' || first === '?' || first === ':') && followedBySpace(0)) return false;
  for (let i = 1; i < s.length; i++) {
    if (s[i] === ':' && followedBySpace(i)) return false;
    if (s[i] === '#' && s[i - 1] === ' ') return false;
  }
  return true;
}

function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (!readsAsNonString(value) && plainAllowed(value)) return value;
  if (readsAsNonString(value) || /[\u0000-\u001f\u007f]/.test(value)) return JSON.stringify(value);
  return `'${value.replace(/'/g, "''")}'`;
}

function emit(map: Record<string, Json>, indent: string, lines: string[]): void {
  for (const key of Object.keys(map).sort()) {
    const value = map[key] as Json;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${indent}${key}: []`);
      else {
        lines.push(`${indent}${key}:`);
        for (const item of value) lines.push(`${indent}- ${scalar(item as string | number | boolean)}`);
      }
    } else if (typeof value === 'object') {
      if (Object.keys(value).length === 0) lines.push(`${indent}${key}: {}`);
      else {
        lines.push(`${indent}${key}:`);
        emit(value, `${indent}  `, lines);
      }
    } else {
      lines.push(`${indent}${key}: ${scalar(value)}`);
    }
  }
}

/** The annotation text, ending with one newline. */
export function tproxyYaml(config: TproxyConfig): string {
  const lines: string[] = [];
  emit(tproxyJson(config), '', lines);
  return `${lines.join('\n')}\n`;
}
