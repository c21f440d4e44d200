import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { podSpecPortProblems, type PortProblem } from '../port-fields.ts';
import { workloadResult } from './workload-results.ts';

/** A port problem of a spec kuma-inject would write, placed on the same container of the spec the user has. */
interface Placed {
  /** `container "a0", readinessProbe.httpGet.port` (or the problem's own field when no container holds it). */
  where: string;
  /** The user's field (`<prefix>spec.containers[0].readinessProbe.httpGet.port`), undefined when their spec lacks that container. */
  field: string | undefined;
  problem: PortProblem;
}

function placed(writtenSpec: Record<string, unknown>, userSpec: Record<string, unknown>, prefix: string): Placed[] {
  return podSpecPortProblems(writtenSpec, '').map((problem) => {
    const at = problem.container;
    const container = at === undefined ? undefined : (writtenSpec[at.list] as unknown[])[at.index];
    const name = isRecord(container) && typeof container.name === 'string' ? container.name : undefined;
    const users = at === undefined ? undefined : userSpec[at.list];
    const own = Array.isArray(users) ? users.findIndex((c: unknown) => isRecord(c) && c.name === name) : -1;
    const field = at !== undefined && own >= 0 ? `${prefix}spec.${at.list}[${own}].${at.field}` : undefined;
    const where = name === undefined || at === undefined ? problem.field : `container ${JSON.stringify(name)}, ${at.field}`;
    return { where, field, problem };
  });
}

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
  return placed(injectedSpec, originalSpec, prefix).map(({ where, field, problem }) =>
    workloadResult(
      'KI0224',
      'error',
      object,
      `injection would write ${where} that ${problem.message}, and the API server refuses every pod made from such a template. ` +
        'The port comes from the port annotations or settings (with the probe proxy off, probes go to the virtual-probes port: ' +
        'kuma.io/virtual-probes-port or injector.virtualProbesPort). Set that port from 1 to 65535.',
      field ?? `${prefix}metadata.annotations`,
    ),
  );
}

/**
 * Port fields that taking an injected template back to its original form would write and the API
 * server refuses. The injector resolves a probe's port name to its number, and a name the container
 * does not declare to 0 (`/tcp/0`); the workload's record keeps the name, but a bare Pod carries no
 * record, so its original port cannot be known. Such a template is left as it is (injected) rather
 * than written with port 0, which no pod can have and the next render would refuse.
 */
export function restoredPortResults(
  object: KubeObject,
  currentSpec: Record<string, unknown>,
  restoredSpec: Record<string, unknown>,
  prefix: string,
): Result[] {
  return placed(restoredSpec, currentSpec, prefix).map(({ where, field, problem }) =>
    workloadResult(
      'KI0224',
      'error',
      object,
      `taking it back to its original form would write ${where} that ${problem.message}, and the API server refuses it: ` +
        "the injected probe's path is where that port comes from, and the injector writes 0 there for a port name the container does not declare; " +
        'nothing on the object records that name (a Pod carries no kuma-inject record). It is left as it is. ' +
        'Write the probe back by hand with the port the container serves it on, or declare that port and inject again.',
      // The probe as it stands (its handler is the injector's httpGet), in the user's own template.
      (field ?? `${prefix}spec`).replace(/\.(httpGet|tcpSocket|grpc)\.port$/, ''),
    ),
  );
}
