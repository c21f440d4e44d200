import type { Settings } from '../settings.ts';
import { getEnabled, getList, getString, getUint32, type StringMap } from './annotation-values.ts';
import { goQuote } from '../kuma-api/go-strconv.ts';
import { KEY, annotationPath } from './keys.ts';
import { virtualProbesEnabled } from './probe-rules.ts';
import { TproxyError, appendPorts, parseFamily, type TproxyConfig } from './tproxy-config.ts';
import { tproxyYaml } from './tproxy-yaml.ts';
import { WebhookError, wrapped } from './webhook-error.ts';

/**
 * The ConfigMap mode's per-pod transparent-proxy config (spec §14.2) and the annotations it
 * writes (§14.3). Errors come out as WebhookError with the webhook's texts.
 */

const PLAIN: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/** A plain boolean (`true|yes|false|no`); invalid → the enabled-boolean error text. */
function plainBoolean(pod: StringMap, key: string): boolean | undefined {
  const value = getString(pod, key);
  if (value === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(PLAIN, value)) {
    throw new WebhookError(`annotation "${key}" has wrong value "${value}"`, {
      field: annotationPath(key),
      got: value,
      hint: 'expected true or false. Fix the value',
    });
  }
  return PLAIN[value];
}

/** A port error inside an annotation or the config, attributed to that source. */
function ports(parse: () => number[], field: string, got: string): number[] {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TproxyError) {
      throw new WebhookError(error.message, { field, got, hint: 'expected comma-separated ports between 1 and 65535. Fix the value' });
    }
    throw error;
  }
}

/**
 * Rule P-configmap (spec §13.1): the probe proxy port for the tproxy exclusions and the annotation.
 * `kuma.io/virtual-probes` takes part only where the release still has virtual probes.
 */
function probeProxyPortConfigMap(pod: StringMap, configPort: number, virtualProbes: boolean): number {
  const port = getUint32(pod, KEY.appProbeProxyPort);
  // Parse errors of these two count as "present and false", as in the webhook.
  const lenient = (key: string): { exists: boolean; on: boolean } => {
    try {
      const v = getEnabled(pod, key);
      return { exists: v !== undefined, on: v === true };
    } catch {
      return { exists: true, on: false };
    }
  };
  const vp = virtualProbes ? lenient(KEY.virtualProbes) : { exists: false, on: false };
  const gateway = lenient(KEY.gateway).on;
  if (gateway && (port ?? 0) > 0) {
    throw new WebhookError("application probe proxies probes can't be enabled in gateway mode", {
      field: annotationPath(KEY.appProbeProxyPort),
      got: String(port),
      hint: `expected ${KEY.appProbeProxyPort} to be absent or "0" on a gateway pod. Remove the annotation`,
    });
  }
  if (gateway) return 0;
  if (port !== undefined) return port;
  if (vp.exists) return vp.on ? configPort : 0;
  return configPort;
}

function family(pod: StringMap, base: TproxyConfig, settings: Settings): string {
  const runtimeRaw = settings.injector.sidecarContainer.ipFamilyMode;
  let runtime = '';
  if (runtimeRaw !== '' && runtimeRaw !== 'dualstack') {
    try {
      runtime = parseFamily(runtimeRaw);
    } catch (error) {
      throw new WebhookError(`invalid IP Family Mode in runtime configuration: ${runtimeRaw}: ${(error as Error).message}`, {
        field: 'injector.sidecarContainer.ipFamilyMode',
        got: runtimeRaw,
        hint: 'expected dualstack or ipv4. Fix the settings',
      });
    }
  }
  const annotation = getString(pod, KEY.ipFamilyMode);
  if (annotation !== undefined) {
    try {
      return parseFamily(annotation);
    } catch (error) {
      throw new WebhookError(`invalid IP Family Mode in annotation '${KEY.ipFamilyMode}': ${annotation}: ${(error as Error).message}`, {
        field: annotationPath(KEY.ipFamilyMode),
        got: annotation,
        hint: 'expected dualstack or ipv4. Fix the annotation',
      });
    }
  }
  return base.ipFamilyMode !== '' ? base.ipFamilyMode : runtime !== '' ? runtime : 'dualstack';
}

function firstNonEmpty<T>(...lists: T[][]): T[] {
  return [...(lists.find((l) => l.length > 0) ?? [])];
}

function excludePorts(pod: StringMap, key: string, fromBase: number[], fromConfig: number[], configPath: string): number[] {
  const config = ports(
    () => {
      const p: number[] = [];
      appendPorts(p, fromConfig.join(','));
      return p;
    },
    configPath,
    fromConfig.join(','),
  );
  const value = getString(pod, key);
  const annotation =
    value === undefined
      ? []
      : ports(
          () => {
            const p: number[] = [];
            appendPorts(p, value);
            return p;
          },
          annotationPath(key),
          value,
        );
  return firstNonEmpty(annotation, fromBase, config);
}

/**
 * ConfigForKubernetes: the base config B adjusted for the pod and the runtime config, then the
 * exclusions of the injector (readiness port, and where the release does so, the pod's own probe
 * ports when the probe proxy is off). `probePorts` gives those ports, sorted and unique.
 */
export function podTproxyConfig(pod: StringMap, base: TproxyConfig, settings: Settings, probePorts: () => number[]): TproxyConfig {
  const { injector } = settings;
  const caps = settings.release.injector;
  const c = structuredClone(base);
  c.kumaDPUser = String(injector.sidecarContainer.uid);
  c.cniMode = injector.cniEnabled;
  c.ipFamilyMode = family(pod, base, settings);
  c.dropInvalidPackets = plainBoolean(pod, KEY.dropInvalidPackets) ?? c.dropInvalidPackets;
  c.log.enabled = plainBoolean(pod, KEY.iptablesLogs) ?? c.log.enabled;
  c.redirect.dns.port = injector.builtinDNS.port;
  const out = c.redirect.outbound;
  const traffic = injector.sidecarTraffic;
  out.port = injector.sidecarContainer.redirectPortOutbound;
  out.excludePorts = excludePorts(
    pod,
    KEY.excludeOutboundPorts,
    base.redirect.outbound.excludePorts,
    traffic.excludeOutboundPorts,
    'injector.sidecarTraffic.excludeOutboundPorts',
  );
  const uids = getString(pod, KEY.excludeOutboundPortsForUids);
  if (uids !== undefined) out.excludePortsForUIDs = uids.split(';');
  out.excludePortsForIPs = firstNonEmpty(
    getList(pod, KEY.excludeOutboundIps) ?? [],
    base.redirect.outbound.excludePortsForIPs,
    traffic.excludeOutboundIPs,
  );
  if (getEnabled(pod, KEY.gateway) === true) c.redirect.inbound.enabled = false;
  const inbound = c.redirect.inbound;
  if (inbound.enabled) {
    inbound.port = injector.sidecarContainer.redirectPortInbound;
    inbound.excludePortsForIPs = firstNonEmpty(
      getList(pod, KEY.excludeInboundIps) ?? [],
      base.redirect.inbound.excludePortsForIPs,
      traffic.excludeInboundIPs,
    );
    inbound.excludePorts = excludePorts(
      pod,
      KEY.excludeInboundPorts,
      base.redirect.inbound.excludePorts,
      traffic.excludeInboundPorts,
      'injector.sidecarTraffic.excludeInboundPorts',
    );
    const probe = probeProxyPortConfigMap(pod, injector.applicationProbeProxyPort, caps.virtualProbes);
    if (probe !== 0)
      inbound.excludePorts.push(
        ...ports(
          () => {
            const p: number[] = [];
            appendPorts(p, String(probe));
            return p;
          },
          annotationPath(KEY.appProbeProxyPort),
          String(probe),
        ),
      );
  }
  const ebpf = caps.ebpf ? getEnabled(pod, KEY.ebpf) : undefined;
  if (ebpf !== undefined) c.ebpf.enabled = ebpf;
  if (caps.ebpf && c.ebpf.enabled) {
    const cfg = injector.ebpf;
    const pick = (key: string, fallback: string): string => getString(pod, key) ?? fallback;
    const paths: [keyof TproxyConfig['ebpf'], string, string][] = [
      ['bpffsPath', KEY.ebpfBpffsPath, cfg.bpffsPath],
      ['cgroupPath', KEY.ebpfCgroupPath, cfg.cgroupPath],
      ['tcAttachIface', KEY.ebpfTcAttachIface, cfg.tcAttachIface],
      ['instanceIPEnvVarName', KEY.ebpfInstanceIpEnvVarName, cfg.instanceIPEnvVarName],
      ['programsSourcePath', KEY.ebpfProgramsSourcePath, cfg.programsSourcePath],
    ];
    for (const [field, key, fallback] of paths) {
      const value = pick(key, fallback);
      if (value !== '') (c.ebpf as Record<string, unknown>)[field] = value;
    }
  }
  const { bootstrap } = settings;
  if (caps.readinessPortWithAdminSocket && bootstrap.envoyAdminUnixSocket && bootstrap.readinessPort !== 0) {
    c.redirect.inbound.excludePorts.push(bootstrap.readinessPort);
  }
  // Probes then reach the application's ports directly, without mTLS (also with inbound redirection off).
  if (
    caps.probePortsExcludedWithoutProbeProxy &&
    probeProxyPortConfigMap(pod, injector.applicationProbeProxyPort, caps.virtualProbes) === 0
  ) {
    const real = probePorts().join(',');
    if (real !== '')
      c.redirect.inbound.excludePorts.push(
        ...ports(
          () => {
            const p: number[] = [];
            appendPorts(p, real);
            return p;
          },
          'spec.containers[*]',
          real,
        ),
      );
  }
  return c;
}

/** ConfigToAnnotations: what the ConfigMap mode writes on the pod. */
export function configMapAnnotations(pod: StringMap, config: TproxyConfig, settings: Settings): Record<string, string> {
  return wrapped('could not generate annotations for pod', () => {
    const { injector } = settings;
    const out: Record<string, string> = {
      [KEY.sidecarInjected]: 'true',
      [KEY.transparentProxyConfig]: tproxyYaml(config),
    };
    if (config.cniMode) out[KEY.cniNetworks] = 'kuma-cni';
    const { virtualProbes } = settings.release.injector;
    if (virtualProbes) {
      out[KEY.virtualProbes] = virtualProbesEnabled(pod, injector.virtualProbesEnabled) ? 'enabled' : 'disabled';
      out[KEY.virtualProbesPort] = String(injector.virtualProbesPort);
    }
    out[KEY.appProbeProxyPort] = String(
      wrapped(`unable to set ${KEY.appProbeProxyPort}`, () =>
        probeProxyPortConfigMap(pod, injector.applicationProbeProxyPort, virtualProbes),
      ),
    );
    out[KEY.envoyAdminPort] = String(settings.bootstrap.adminPort);
    return out;
  });
}

/** The "could not retrieve" failures of the ConfigMap lookup. */
export function configMapMissing(name: string, reason: 'not-found' | 'empty', systemNamespace: string): WebhookError {
  const detail = reason === 'not-found' ? `configmaps ${goQuote(name)} not found` : "key 'config.yaml' is missing or empty";
  return new WebhookError(`could not retrieve transparent proxy configuration: ${detail}`, {
    field: 'injector.transparentProxyConfigMap',
    got: name,
    hint: `expected a ConfigMap ${name} with a non-empty key config.yaml in namespace ${systemNamespace} in the bundle. Add it or unset the setting`,
  });
}
