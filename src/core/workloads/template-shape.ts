import type { KubeObject, Result } from '../types.ts';
import type { WorkloadKindRule } from '../settings.ts';
import { isRecord } from './json-shapes.ts';
import { apiGroupOf, BUILT_IN_WORKLOAD_KINDS, workloadKindRule } from './workload-kinds.ts';
import { findPodTemplate, type FoundPodTemplate } from './pod-template.ts';
import { unrecognisedWorkload } from './unrecognised-workload.ts';
import { workloadResult } from './workload-results.ts';

/**
 * What an object holds: no pod template at all (not a workload), a pod template the webhook's
 * twin can work on, or a pod template it cannot (an odd shape): then `result` says why the object
 * is skipped, so every pod template of the input is counted as injected, skipped or failed.
 */
export type TemplateLookup = { kind: 'none' } | { kind: 'found'; found: FoundPodTemplate } | { kind: 'odd'; result: Result };

/** The API groups Kubernetes itself serves the built-in workload kinds from. */
const KUBERNETES_GROUPS = new Set(BUILT_IN_WORKLOAD_KINDS.map((rule) => rule.group));

export function lookupPodTemplate(object: KubeObject, extraKinds: readonly WorkloadKindRule[]): TemplateLookup {
  const rule = workloadKindRule(object, extraKinds);
  if (rule === undefined) return noRule(object, extraKinds);
  // A configured rule leading to no template says so itself (workloadRef, a wrong templatePath).
  if (extraKinds.includes(rule)) {
    const note = unrecognisedWorkload(object, extraKinds);
    if (note !== undefined) return { kind: 'odd', result: note };
  }
  const problem = shapeProblem(object, rule.templatePath);
  if (problem !== undefined) {
    return {
      kind: 'odd',
      result: workloadResult(
        'KI0221',
        'warning',
        object,
        `skipped: ${problem.what}, so it is not injected; the API server rejects such a ${object.kind}, so the webhook never sees its pods. ` +
          `Expected ${problem.expected}. Fix the manifest.`,
        problem.field,
      ),
    };
  }
  const found = findPodTemplate(object, extraKinds);
  return found === undefined ? { kind: 'none' } : { kind: 'found', found };
}

/** A kind without a rule: a built-in kind under the wrong apiVersion, or an unknown kind with a pod template. */
function noRule(object: KubeObject, extraKinds: readonly WorkloadKindRule[]): TemplateLookup {
  const group = apiGroupOf(object.apiVersion);
  const served = BUILT_IN_WORKLOAD_KINDS.filter((rule) => rule.kind === object.kind);
  if (KUBERNETES_GROUPS.has(group) && served.length > 0) {
    const where = [...new Set(served.map((rule) => (rule.group === '' ? 'v1' : `${rule.group}/…`)))].join(' or ');
    return {
      kind: 'odd',
      result: workloadResult(
        'KI0222',
        'warning',
        object,
        `skipped: Kubernetes serves ${object.kind} from ${where}, not from ${object.apiVersion}, so the API server rejects this object and it is not injected. ` +
          `Fix apiVersion (e.g. ${served[0]?.group === '' ? 'v1' : `${served[0]?.group}/v1`}).`,
        'apiVersion',
      ),
    };
  }
  const note = unrecognisedWorkload(object, extraKinds);
  return note === undefined ? { kind: 'none' } : { kind: 'odd', result: note };
}

function got(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * The first field on the way to the pod's containers whose shape Kubernetes would refuse: a
 * missing or non-mapping step of the template path, a template without `spec`, `containers` that
 * is not a non-empty list of mappings, `initContainers` or `volumes` that is not a list of mappings.
 */
function shapeProblem(object: KubeObject, path: readonly string[]): { what: string; expected: string; field: string } | undefined {
  let node: unknown = object;
  const walked: string[] = [];
  for (const key of path) {
    walked.push(key);
    node = (node as Record<string, unknown>)[key];
    if (!isRecord(node)) {
      return {
        what: `${walked.join('.')} is ${got(node)}`,
        expected: `${path.join('.')} to be a pod template (metadata + spec.containers)`,
        field: walked.join('.'),
      };
    }
  }
  const prefix = path.length === 0 ? '' : `${path.join('.')}.`;
  const template = node as Record<string, unknown>;
  if (template.metadata !== undefined && template.metadata !== null && !isRecord(template.metadata)) {
    return { what: `${prefix}metadata is ${got(template.metadata)}`, expected: 'a mapping', field: `${prefix}metadata` };
  }
  const spec = template.spec;
  if (!isRecord(spec)) return { what: `${prefix}spec is ${got(spec)}`, expected: 'a pod spec with containers', field: `${prefix}spec` };
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return {
      what: `${prefix}spec.containers is ${got(containers)}`,
      expected: 'a list of at least one container',
      field: `${prefix}spec.containers`,
    };
  }
  for (const list of ['containers', 'initContainers', 'volumes'] as const) {
    const value = spec[list];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value))
      return { what: `${prefix}spec.${list} is ${got(value)}`, expected: 'a list', field: `${prefix}spec.${list}` };
    const index = value.findIndex((entry) => !isRecord(entry) || typeof entry.name !== 'string' || entry.name === '');
    if (index !== -1) {
      const entry: unknown = value[index];
      const what = isRecord(entry) ? (entry.name === undefined ? 'has no name' : `has ${got(entry.name)} as name`) : `is ${got(entry)}`;
      return {
        what: `${prefix}spec.${list}[${index}] ${what}`,
        expected: `every entry of ${list} to be a mapping with a name`,
        field: `${prefix}spec.${list}[${index}]`,
      };
    }
  }
  return undefined;
}
