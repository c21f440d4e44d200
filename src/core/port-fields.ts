import { codeTag } from './result-codes.ts';
import type { KubeObject, Result } from './types.ts';
import { isRecord } from './json-record.ts';
import { describe } from './results.ts';
import { nameText } from './identity-fields.ts';
import { PROBE_KINDS } from './probe-kinds.ts';

/**
 * Port fields of a pod spec and of a Service that the API server would refuse: a number that is
 * not an integer from 1 to 65535 (hostPort and nodePort: 0 means unset), or a containerPort /
 * Service port that is not a number at all. Probe and lifecycle ports may also be a port name.
 * Each problem names the field (relative to the object) and the valid range.
 */
export interface PortProblem {
  field: string;
  message: string;
  /** For a pod spec: the container list, the container's index in it, and the field within the container. */
  container?: { list: ContainerList; index: number; field: string };
}

type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

type Rule = { required: boolean; zeroIsUnset: boolean; named: boolean };
const CONTAINER_PORT: Rule = { required: true, zeroIsUnset: false, named: false };
const HOST_PORT: Rule = { required: false, zeroIsUnset: true, named: false };
// httpGet and tcpSocket name their port always: a missing one reads as 0, which the API server refuses.
const HANDLER_PORT: Rule = { required: true, zeroIsUnset: false, named: true };
const GRPC_PORT: Rule = { required: false, zeroIsUnset: false, named: false };

/**
 * Why `name` is not a port name the API server takes (IANA_SVC_NAME, apimachinery's
 * IsValidPortName), or undefined when it is one.
 */
function portNameProblem(name: string): string | undefined {
  if (/^\d+$/.test(name)) return 'a port name has a letter; for a number, write it without quotes';
  if (name.length > 15) return 'a port name has at most 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'a port name has only a-z, 0-9 and -';
  if (!/[a-z]/.test(name)) return 'a port name has at least one letter (a-z)';
  if (name.includes('--') || name.startsWith('-') || name.endsWith('-')) return 'a port name has no -- and no - at either end';
  return undefined;
}

function check(value: unknown, field: string, rule: Rule, out: PortProblem[]): void {
  if (value === undefined || value === null) {
    if (rule.required)
      out.push({ field, message: `is missing; expected an integer from 1 to 65535${rule.named ? ' or a port name' : ''}` });
    return;
  }
  // A port name, resolved by the kubelet; the API server takes IANA service names only ('' names nothing).
  const why = typeof value === 'string' && rule.named ? (value === '' ? '' : portNameProblem(value)) : undefined;
  if (typeof value === 'string' && rule.named && why === undefined) return;
  if (typeof value === 'number' && Number.isInteger(value) && ((value >= 1 && value <= 65535) || (rule.zeroIsUnset && value === 0))) return;
  const range = rule.zeroIsUnset ? 'an integer from 1 to 65535 (or 0 for none)' : 'an integer from 1 to 65535';
  const got = `got ${JSON.stringify(value) ?? String(value)}${why === undefined || why === '' ? '' : `: ${why}`}`;
  out.push({ field, message: `must be ${range}${rule.named ? ' or a port name' : ''} (${got})` });
}

/** A container port's `name`, when written: a port name the API server takes, which probes and Services may use. */
function checkName(value: unknown, field: string, out: PortProblem[]): void {
  if (value === undefined || value === null) return;
  const why = typeof value === 'string' ? portNameProblem(value) : 'a port name is text';
  if (why !== undefined)
    out.push({ field, message: `must be a port name such as "http" (got ${JSON.stringify(value) ?? String(value)}: ${why})` });
}

function handlerPorts(handler: unknown, field: string, out: PortProblem[]): void {
  if (!isRecord(handler)) return;
  for (const kind of ['httpGet', 'tcpSocket'] as const) {
    const action = handler[kind];
    if (isRecord(action)) check(action.port, `${field}.${kind}.port`, HANDLER_PORT, out);
  }
  if (isRecord(handler.grpc)) check(handler.grpc.port, `${field}.grpc.port`, { ...GRPC_PORT, required: true }, out);
}

/** Problems of every container's ports, probes and lifecycle handlers; `prefix` is the template's field path. */
export function podSpecPortProblems(spec: Record<string, unknown>, prefix: string): PortProblem[] {
  const out: PortProblem[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, i) => {
      if (!isRecord(container)) return;
      // Fields within the container first, then placed in the spec (callers may need either).
      const own: PortProblem[] = [];
      if (Array.isArray(container.ports)) {
        container.ports.forEach((port: unknown, j) => {
          if (!isRecord(port)) return;
          check(port.containerPort, `ports[${j}].containerPort`, CONTAINER_PORT, own);
          check(port.hostPort, `ports[${j}].hostPort`, HOST_PORT, own);
          checkName(port.name, `ports[${j}].name`, own);
        });
      }
      for (const probe of PROBE_KINDS) handlerPorts(container[probe], probe, own);
      if (isRecord(container.lifecycle)) {
        for (const hook of ['postStart', 'preStop'] as const) handlerPorts(container.lifecycle[hook], `lifecycle.${hook}`, own);
      }
      for (const problem of own)
        out.push({
          ...problem,
          field: `${prefix}spec.${list}[${i}].${problem.field}`,
          container: { list, index: i, field: problem.field },
        });
    });
  }
  return out;
}

/** Problems of a Service's `spec.ports`: port (required), targetPort (number or name), nodePort (0 = allocate). */
export function servicePortProblems(service: KubeObject): PortProblem[] {
  const out: PortProblem[] = [];
  const spec = isRecord(service.spec) ? service.spec : {};
  if (!Array.isArray(spec.ports)) return out;
  spec.ports.forEach((port: unknown, i) => {
    if (!isRecord(port)) return;
    check(port.port, `spec.ports[${i}].port`, CONTAINER_PORT, out);
    check(port.targetPort, `spec.ports[${i}].targetPort`, { required: false, zeroIsUnset: true, named: true }, out);
    check(port.nodePort, `spec.ports[${i}].nodePort`, HOST_PORT, out);
  });
  return out;
}

/** The problems as error results about `object`. */
export function portResults(object: KubeObject, problems: readonly PortProblem[]): Result[] {
  const label = describe(object);
  return problems.map((problem) => ({
    severity: 'error',
    message: `${label}, ${problem.field}: ${problem.message}; the API server refuses it. Fix the port.`,
    resourceRef: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: nameText(object),
      ...(typeof object.metadata.namespace === 'string' ? { namespace: object.metadata.namespace } : {}),
    },
    field: { path: problem.field },
    tags: codeTag('KI0224'),
  }));
}
