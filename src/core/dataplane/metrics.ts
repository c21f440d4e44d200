import type { JsonObject } from '../types.ts';
import { byteOrder } from './kube-values.ts';
import { readEnabled, readUint32 } from './annotation-values.ts';
import { ConversionError } from './conversion-error.ts';

const PATH = 'prometheus.metrics.kuma.io/path';
const PORT = 'prometheus.metrics.kuma.io/port';
const AGGREGATE = /^prometheus\.metrics\.kuma\.io\/aggregate-([a-zA-Z0-9-]+)-(port|path|enabled)$/;

function aggregateKey(app: string, field: 'port' | 'path' | 'enabled' | 'address'): string {
  return `prometheus.metrics.kuma.io/aggregate-${app}-${field}`;
}

/**
 * Per-application aggregate scrape configs, or undefined when no aggregate annotation exists. The
 * control plane's order is unspecified (map iteration); ours is by application name.
 */
export function metricsAggregateFor(annotations: Record<string, string>): JsonObject[] | undefined {
  const apps = new Set<string>();
  for (const key of Object.keys(annotations)) {
    const m = AGGREGATE.exec(key);
    if (m !== null) apps.add(m[1] as string);
  }
  if (apps.size === 0) return undefined;
  const configs: JsonObject[] = [];
  for (const app of [...apps].sort(byteOrder)) {
    const enabled = readEnabled(annotations, aggregateKey(app, 'enabled')) !== false;
    const path = annotations[aggregateKey(app, 'path')] ?? '/metrics';
    const address = annotations[aggregateKey(app, 'address')];
    const port = readUint32(annotations, aggregateKey(app, 'port'));
    if (port === undefined && enabled) throw new ConversionError('port needs to be specified for metrics scraping');
    const config: JsonObject = { name: app };
    if (path !== '') config['path'] = path;
    if (port !== undefined && port !== 0) config['port'] = port;
    config['enabled'] = enabled;
    if (address !== undefined && address !== '') config['address'] = address;
    configs.push(config);
  }
  return configs;
}

/** `spec.metrics` from the Prometheus annotations, or undefined when none is set. */
export function metricsFor(annotations: Record<string, string>): JsonObject | undefined {
  const path = annotations[PATH] ?? '';
  const port = readUint32(annotations, PORT);
  const aggregate = metricsAggregateFor(annotations);
  if (path === '' && port === undefined && aggregate === undefined) return undefined;
  const conf: JsonObject = {};
  if (path !== '') conf['path'] = path;
  if (port !== undefined && port !== 0) conf['port'] = port;
  if (aggregate !== undefined) conf['aggregate'] = aggregate;
  return { type: 'prometheus', conf };
}
