import type { Settings } from '../settings.ts';
import type { ContainerResources } from './injector-config.ts';
import { formatQuantity, isZero, milliValue, parseQuantity, type Quantity } from './quantity.ts';
import { WebhookError } from './webhook-error.ts';

/**
 * Resource requirements of the injected containers (spec §6.4, §9, §10), with quantities in
 * Kubernetes canonical form and keys in the order Kubernetes writes them (sorted).
 */

type ResourceList = Record<string, string>;

/** Parses a configured quantity; kuma-cp refuses to start on one that does not parse. */
function configQuantity(text: string, path: string): Quantity {
  const q = parseQuantity(String(text));
  if (q === undefined) {
    throw new WebhookError(
      `invalid injector config ${path}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      {
        field: `injector.${path}`,
        got: text,
        hint: 'expected a Kubernetes quantity such as 500m, 1, 64Mi or 50M. Fix the settings',
      },
    );
  }
  return q;
}

function sorted(list: ResourceList): ResourceList {
  return Object.fromEntries(Object.entries(list).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `kuma-sidecar` resources: the CPU limit always, or only when non-zero where zero means none. */
export function sidecarResources(settings: Settings): { requests: ResourceList; limits: ResourceList } {
  const r = settings.injector.sidecarContainer.resources;
  const path = 'sidecarContainer.resources';
  const requests: ResourceList = {
    cpu: formatQuantity(configQuantity(r.requests.cpu, `${path}.requests.cpu`)),
    'ephemeral-storage': '50M',
    memory: formatQuantity(configQuantity(r.requests.memory, `${path}.requests.memory`)),
  };
  const limits: ResourceList = {
    'ephemeral-storage': '1G',
    memory: formatQuantity(configQuantity(r.limits.memory, `${path}.limits.memory`)),
  };
  const cpu = configQuantity(r.limits.cpu, `${path}.limits.cpu`);
  if (!settings.release.injector.zeroCpuLimitIsUnset || !isZero(cpu)) limits.cpu = formatQuantity(cpu);
  return { requests: sorted(requests), limits: sorted(limits) };
}

/** `--concurrency` from the CPU limit: max(cores, 2); none for a zero limit where zero means no limit. */
export function concurrencyFromCpuLimit(settings: Settings): number {
  const cpu = configQuantity(settings.injector.sidecarContainer.resources.limits.cpu, 'sidecarContainer.resources.limits.cpu');
  if (settings.release.injector.zeroCpuLimitIsUnset && isZero(cpu)) return 0;
  const cores = Number(milliValue(cpu) / 1000n);
  return Math.max(cores, 2);
}

/**
 * `kuma-init` / `kuma-validation` resources: from config (CPU limit only when non-zero), or the
 * values releases without that knob hard-code. eBPF raises the memory limit to 80M.
 */
export function initResources(
  settings: Settings,
  which: 'initContainer' | 'validationContainer',
  ebpf: boolean,
): { requests: ResourceList; limits: ResourceList } {
  if (!settings.release.injector.configurableInitResources) {
    return {
      requests: { cpu: '20m', memory: '20M' },
      limits: { cpu: '100m', memory: ebpf ? '80M' : '50M' },
    };
  }
  const r: ContainerResources = settings.injector[which].resources;
  const path = `${which}.resources`;
  const requests: ResourceList = {
    cpu: formatQuantity(configQuantity(r.requests.cpu, `${path}.requests.cpu`)),
    memory: formatQuantity(configQuantity(r.requests.memory, `${path}.requests.memory`)),
  };
  const limits: ResourceList = {
    memory: ebpf ? '80M' : formatQuantity(configQuantity(r.limits.memory, `${path}.limits.memory`)),
  };
  const cpu = configQuantity(r.limits.cpu, `${path}.limits.cpu`);
  if (!isZero(cpu)) limits.cpu = formatQuantity(cpu);
  return { requests: sorted(requests), limits: sorted(limits) };
}
