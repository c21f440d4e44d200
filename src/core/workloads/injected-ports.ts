import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { podSpecPortProblems } from '../port-fields.ts';
import { workloadResult } from './workload-results.ts';

/**
 * Port fields the injection itself would write and the API server refuses. The webhook points
 * rewritten probes at the port the annotations and settings give, as it is: with the probe proxy
 * off (`kuma.io/application-probe-proxy-port: "0"`) and `kuma.io/virtual-probes-port: "0"`, every
 * httpGet probe goes to port 0, and the API server refuses every pod made from the template.
 * kuma-inject reports that instead of writing a template no pod can come from (and that its own
 * next run would refuse as input). The result names the user's container field where there is one.
 */
export function injectedPortResults(
  object: KubeObject,
  originalSpec: Record<string, unknown>,
  injectedSpec: Record<string, unknown>,
  prefix: string,
): Result[] {
  return podSpecPortProblems(injectedSpec, '').map((problem) => {
    const at = /^spec\.(initContainers|containers|ephemeralContainers)\[(\d+)\]\.(.*)$/.exec(problem.field);
    const list = at?.[1] ?? '';
    const container = at === null ? undefined : (injectedSpec[list] as unknown[] | undefined)?.[Number(at[2])];
    const name = isRecord(container) && typeof container.name === 'string' ? container.name : undefined;
    const own = Array.isArray(originalSpec[list]) ? (originalSpec[list] as unknown[]).findIndex((c) => isRecord(c) && c.name === name) : -1;
    const field = at !== null && own >= 0 ? `${prefix}spec.${list}[${own}].${at[3]}` : `${prefix}metadata.annotations`;
    const where = name === undefined ? problem.field : `container ${JSON.stringify(name)}, ${at?.[3] ?? problem.field}`;
    return workloadResult(
      'KI0224',
      'error',
      object,
      `injection would write ${where} that ${problem.message}, and the API server refuses every pod made from such a template. ` +
        'The port comes from the port annotations or settings (with the probe proxy off, probes go to the virtual-probes port: ' +
        'kuma.io/virtual-probes-port or injector.virtualProbesPort). Set that port from 1 to 65535.',
      field,
    );
  });
}
