import { loadBounded } from './bounded-yaml.ts';
import type { KubeObject, Result } from '../core/types.ts';
import { refOf } from '../core/results.ts';
import type { SettingsBody } from './function-config.ts';
import { codeTag } from '../core/result-codes.ts';
import type { YamlReader } from '../core/go-yaml/yaml-node.ts';
import type { CpConfigRelease } from '../core/cp-config/key-table.ts';
import { settingsFromConfigFile } from '../core/cp-config/settings.ts';
import { nameText } from '../core/identity-fields.ts';

/**
 * Settings read from the control plane's own objects when the bundle holds them (a platform repo
 * often does): the kuma-cp config ConfigMap (`<release>-control-plane-config`, key `config.yaml`)
 * and the CA of the `<release>-tls-cert` Secret, both in the system namespace.
 */
export function settingsFromControlPlaneObjects(
  items: readonly KubeObject[],
  systemNamespace: string,
  read: { configAndCa: boolean; release: CpConfigRelease; readYaml: YamlReader },
): { body: SettingsBody; results: Result[] } {
  const body: SettingsBody = {};
  const results: Result[] = [];
  for (const item of items) {
    if (item.metadata.namespace !== systemNamespace) continue;
    const name = nameText(item);
    if (item.kind === 'ConfigMap' && !name.endsWith('-control-plane-config')) {
      const config = transparentProxyConfig(item);
      if (config !== undefined)
        body['transparentProxyConfigs'] = { ...(body['transparentProxyConfigs'] as object | undefined), [name]: config };
    }
    if (!read.configAndCa) continue;
    if (item.kind === 'ConfigMap' && name.endsWith('-control-plane-config')) {
      const text = (item['data'] as Record<string, unknown> | undefined)?.['config.yaml'];
      if (typeof text !== 'string') continue;
      const read_ = settingsFromConfigFile(text, `ConfigMap ${systemNamespace}/${name}, data.config.yaml`, read.release, read.readYaml);
      if (read_.ok) {
        Object.assign(body, read_.settings);
        results.push(...read_.findings.map((r) => ({ ...r, resourceRef: refOf(item) })));
        results.push({
          severity: 'info',
          message: `settings taken from control-plane config ${systemNamespace}/${name} (without the kuma-cp Deployment, the env it sets is unknown)`,
          resourceRef: refOf(item),
          tags: codeTag('KI0104'),
        });
      } else {
        results.push({
          severity: 'error',
          message: `ConfigMap ${systemNamespace}/${name}, data.config.yaml: kuma-cp would not start with it: ${read_.error}. Fix the control-plane config or remove it from the bundle.`,
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

function secretValue(secret: KubeObject, key: string): string | undefined {
  const data = secret['data'] as Record<string, unknown> | undefined;
  const stringData = secret['stringData'] as Record<string, unknown> | undefined;
  if (typeof stringData?.[key] === 'string') return stringData[key] as string;
  if (typeof data?.[key] === 'string') return Buffer.from(data[key] as string, 'base64').toString('utf8');
  return undefined;
}
