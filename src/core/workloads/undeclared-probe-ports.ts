import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { deepEqual } from '../deep-equal.ts';
import { workloadResult } from './workload-results.ts';
import { PROBE_KINDS } from '../probe-kinds.ts';

const LISTS = ['initContainers', 'containers'] as const;

/**
 * Probes the injection rewrote whose httpGet or tcpSocket port names a port their container does
 * not declare. The kubelet resolves a probe's port name through its own container's ports only, so
 * such a probe never passed; the webhook resolves the name to 0 and points the rewritten probe
 * there (`/tcp/0`), which kuma-inject reproduces. Said once at injection, where it can be fixed:
 * afterwards only the workload's record keeps the name, and a bare Pod has none.
 */
export function undeclaredProbePortResults(
  object: KubeObject,
  originalSpec: Record<string, unknown>,
  injectedSpec: Record<string, unknown>,
  prefix: string,
): Result[] {
  const out: Result[] = [];
  for (const list of LISTS) {
    const containers = Array.isArray(originalSpec[list]) ? (originalSpec[list] as unknown[]) : [];
    const injected = Array.isArray(injectedSpec[list]) ? (injectedSpec[list] as unknown[]).filter(isRecord) : [];
    containers.forEach((container, index) => {
      if (!isRecord(container)) return;
      const declared = new Set(
        (Array.isArray(container.ports) ? container.ports : []).flatMap((p: unknown) =>
          isRecord(p) && typeof p.name === 'string' ? [p.name] : [],
        ),
      );
      const after = injected.find((c) => c.name === container.name);
      for (const key of PROBE_KINDS) {
        const probe = container[key];
        if (!isRecord(probe) || deepEqual(probe, after?.[key])) continue;
        for (const kind of ['httpGet', 'tcpSocket'] as const) {
          const port = isRecord(probe[kind]) ? probe[kind].port : undefined;
          // Any string here is a valid port name: planWorkload refuses the others (port-fields.ts) before injecting.
          if (typeof port !== 'string' || declared.has(port)) continue;
          out.push(
            workloadResult(
              'KI0225',
              'warning',
              object,
              `names the port ${JSON.stringify(port)}, which container ${JSON.stringify(container.name)} does not declare: ` +
                'the kubelet cannot run this probe, and the injector points the rewritten probe at port 0, as the webhook does. ' +
                `Declare ${JSON.stringify(port)} in the container's ports, or write the port's number.`,
              `${prefix}spec.${list}[${index}].${key}.${kind}.port`,
            ),
          );
        }
      }
    });
  }
  return out;
}
