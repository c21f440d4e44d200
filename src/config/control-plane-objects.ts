import { loadBounded } from './bounded-yaml.ts';
import type { KubeObject, Result } from '../core/types.ts';
import { refOf } from '../core/results.ts';
import { settingsSchema } from './settings-schema.ts';
import type { SettingsBody } from './function-config.ts';
import { codeTag } from '../core/result-codes.ts';

/**
 * Settings read from the control plane's own objects when the bundle holds them (a platform repo
 * often does): the kuma-cp config ConfigMap (`<release>-control-plane-config`, key `config.yaml`)
 * and the CA of the `<release>-tls-cert` Secret, both in the system namespace.
 */
export function settingsFromControlPlaneObjects(items: readonly KubeObject[], systemNamespace: string): { body: SettingsBody; results: Result[] } {
  const body: SettingsBody = {};
  const results: Result[] = [];
  for (const item of items) {
    if (item.metadata.namespace !== systemNamespace) continue;
    const name = item.metadata.name ?? '';
    if (item.kind === 'ConfigMap' && !name.endsWith('-control-plane-config')) {
      const config = transparentProxyConfig(item);
      if (config !== undefined) body['transparentProxyConfigs'] = { ...(body['transparentProxyConfigs'] as object | undefined), [name]: config };
    }
    if (item.kind === 'ConfigMap' && name.endsWith('-control-plane-config')) {
      const text = (item['data'] as Record<string, unknown> | undefined)?.['config.yaml'];
      if (typeof text !== 'string') continue;
      try {
        Object.assign(body, fromKumaCpConfig(loadBounded(text)));
        results.push({ severity: 'info', message: `settings taken from control-plane config ${systemNamespace}/${name}`, resourceRef: refOf(item), tags: codeTag('KI0104') });
      } catch (error) {
        results.push({
          severity: 'error',
          message: `ConfigMap ${systemNamespace}/${name}, data.config.yaml: not valid YAML (${(error as Error).message.split('\n')[0]}). Fix the control-plane config or remove it from the bundle.`,
          resourceRef: refOf(item),
          field: { path: 'data.config.yaml' },
          tags: codeTag('KI0105'),
        });
      }
    }
    if (item.kind === 'Secret' && name.endsWith('-tls-cert')) {
      const ca = secretValue(item, 'ca.crt');
      if (ca !== undefined) body['controlPlane'] = { ...(body['controlPlane'] as object | undefined), caCert: ca };
    }
  }
  return { body, results };
}

/**
 * The parsed `config.yaml` of a system-namespace ConfigMap, the form the injector reads in
 * ConfigMap transparent-proxy mode; undefined when it has none or it is not a YAML mapping (the
 * injector then reports the ConfigMap as unusable if a pod needs it).
 */
function transparentProxyConfig(item: KubeObject): unknown {
  const text = (item['data'] as Record<string, unknown> | undefined)?.['config.yaml'];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = loadBounded(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Maps the kuma-cp config sections that shape injection onto our settings keys. */
function fromKumaCpConfig(config: unknown): SettingsBody {
  const at = (...path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
  const body: SettingsBody = {};
  const put = (key: string, value: unknown) => { if (value !== undefined && value !== null) body[key] = value; };
  put('injector', knownOnly(at('runtime', 'kubernetes', 'injector'), settingsSchema.properties.injector));
  put('sidecarContainers', at('experimental', 'sidecarContainers'));
  put('deltaXds', at('experimental', 'deltaXds'));
  put('bootstrap', knownOnly(at('bootstrapServer', 'params'), settingsSchema.properties.bootstrap));
  put('systemNamespace', at('store', 'kubernetes', 'systemNamespace'));
  const dataplane: Record<string, unknown> = {};
  const putDataplane = (key: string, value: unknown) => { if (value !== undefined && value !== null) dataplane[key] = value; };
  putDataplane('nodeLabelsToCopy', at('runtime', 'kubernetes', 'injector', 'nodeLabelsToCopy'));
  putDataplane('ignoredServiceSelectorLabels', at('runtime', 'kubernetes', 'injector', 'ignoredServiceSelectorLabels'));
  putDataplane('workloadLabels', at('runtime', 'kubernetes', 'workloadLabels'));
  putDataplane('inboundTagsDisabled', at('experimental', 'inboundTagsDisabled'));
  putDataplane('kubeOutboundsAsVIPs', at('experimental', 'kubeOutboundsAsVIPs'));
  if (Object.keys(dataplane).length > 0) body['dataplane'] = dataplane;
  const zone = at('multizone', 'zone', 'name');
  if (typeof zone === 'string' && zone !== '') body['zone'] = zone;
  return body;
}

/** kuma-cp has keys that do not shape injection (e.g. nodeLabelsToCopy): keep only ours. */
function knownOnly(value: unknown, schema: unknown): unknown {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  if (properties === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key in properties && child !== null && child !== undefined) out[key] = knownOnly(child, properties[key]);
  }
  return out;
}

function secretValue(secret: KubeObject, key: string): string | undefined {
  const data = secret['data'] as Record<string, unknown> | undefined;
  const stringData = secret['stringData'] as Record<string, unknown> | undefined;
  if (typeof stringData?.[key] === 'string') return stringData[key] as string;
  if (typeof data?.[key] === 'string') return Buffer.from(data[key] as string, 'base64').toString('utf8');
  return undefined;
}
