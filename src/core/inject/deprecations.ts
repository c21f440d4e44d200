import type { InjectorCapabilities } from '../release.ts';
import type { StringMap } from './annotation-values.ts';
import { KEY } from './keys.ts';

/**
 * The deprecation warnings the webhook only logs (spec §2 step 2), turned into findings a
 * reviewer sees. `ignored` marks annotations that have no effect at all.
 */
export interface Deprecation {
  key: string;
  value: string;
  ignored: boolean;
  advice: string;
}

interface Rule {
  key: string;
  /** Whether the webhook of this release ignores the annotation entirely. */
  ignored: boolean | ((caps: InjectorCapabilities) => boolean);
  advice: string;
  /** Only releases for which this holds warn at all. */
  when?: (caps: InjectorCapabilities) => boolean;
}

const metricsDeprecated = (caps: InjectorCapabilities): boolean => caps.prometheusAnnotationsDeprecated;
const virtualProbesGone = (caps: InjectorCapabilities): boolean => !caps.virtualProbes;

const RULES: readonly Rule[] = [
  { key: 'kuma.io/builtindns', ignored: true, advice: `expected ${KEY.builtinDns}. Rename the annotation` },
  { key: 'kuma.io/builtindnsport', ignored: true, advice: `expected ${KEY.builtinDnsPort}. Rename the annotation` },
  {
    key: KEY.virtualProbes,
    ignored: virtualProbesGone,
    advice: 'expected the application probe proxy instead; virtual probes are removed (or will be). Drop the annotation',
  },
  {
    key: KEY.virtualProbesPort,
    ignored: virtualProbesGone,
    advice: `expected ${KEY.appProbeProxyPort} instead. Move to the application probe proxy`,
  },
  { key: KEY.sidecarInjection, ignored: true, advice: 'expected it as a LABEL of the pod or namespace. Move it to metadata.labels' },
  {
    key: 'prometheus.metrics.kuma.io/port',
    ignored: false,
    advice: 'expected a MeshMetric policy instead. Move the setting to MeshMetric',
    when: metricsDeprecated,
  },
  {
    key: 'prometheus.metrics.kuma.io/path',
    ignored: false,
    advice: 'expected a MeshMetric policy instead. Move the setting to MeshMetric',
    when: metricsDeprecated,
  },
];

/** Boolean annotations on which the webhook warns about `yes` / `no`. */
const BOOLEAN_KEYS = new Set<string>([
  KEY.dropInvalidPackets,
  KEY.iptablesLogs,
  KEY.waitForDataplaneReady,
  KEY.ebpf,
  KEY.builtinDns,
  KEY.builtinDnsLogging,
  KEY.gateway,
  KEY.sidecarInjection,
  'kuma.io/ingress',
  'kuma.io/egress',
  KEY.sidecarInjected,
  KEY.transparentProxying,
  'prometheus.metrics.kuma.io/aggregate-enabled',
  KEY.virtualProbes,
  KEY.ignore,
  KEY.initFirst,
]);

/** The deprecations the pod's own annotations trigger, in a stable order. */
export function deprecationsOf(annotations: StringMap, caps: InjectorCapabilities): Deprecation[] {
  const found: Deprecation[] = [];
  for (const rule of RULES) {
    const value = annotations[rule.key];
    if (value === undefined || (rule.when !== undefined && !rule.when(caps))) continue;
    const ignored = typeof rule.ignored === 'function' ? rule.ignored(caps) : rule.ignored;
    found.push({ key: rule.key, value, ignored, advice: rule.advice });
  }
  for (const [key, value] of Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (caps.prometheusAnnotationsDeprecated && key.startsWith('prometheus.metrics.kuma.io/aggregate-')) {
      found.push({ key, value, ignored: false, advice: 'expected a MeshMetric policy instead. Move the setting to MeshMetric' });
    }
    if (BOOLEAN_KEYS.has(key) && (value === 'yes' || value === 'no')) {
      found.push({
        key,
        value,
        ignored: false,
        advice: `expected ${value === 'yes' ? 'true' : 'false'}; yes/no are deprecated. Change the value`,
      });
    }
  }
  return found;
}
