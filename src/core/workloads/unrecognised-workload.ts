import type { KubeObject, Result } from '../types.ts';
import type { WorkloadKindRule } from '../settings.ts';
import { isRecord } from './json-shapes.ts';
import { apiGroupOf, workloadKindRule } from './workload-kinds.ts';
import { workloadResult } from './workload-results.ts';

/** Where kinds outside the table usually keep a pod template (Argo Rollout, Knative, OpenKruise ...). */
const LIKELY_TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
];

/**
 * Returns a warning for an object planWorkload passed over (it returned undefined) although its
 * pods will reach the webhook in the cluster, or undefined when the object is simply not a
 * workload:
 * - a kind that is no workload kind (built-in or `workloadKinds`) but has a pod template with
 *   `spec.containers` at a usual place: its pods will be injected in the cluster, not here;
 * - a `workloadKinds` rule that matches the object's group and kind but whose templatePath leads
 *   to no template with `spec.containers`. An object that takes its pods from another object
 *   (`spec.workloadRef`, Argo Rollouts) gets info instead: that object is injected in its own right.
 */
export function unrecognisedWorkload(object: KubeObject, extraKinds: readonly WorkloadKindRule[]): Result | undefined {
  if (!isRecord(object) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string' || !isRecord(object.metadata))
    return undefined;
  const rule = workloadKindRule(object, extraKinds);
  const group = apiGroupOf(object.apiVersion);
  if (rule === undefined) {
    const path = LIKELY_TEMPLATE_PATHS.find((p) => hasContainers(at(object, p)));
    if (path === undefined) return undefined;
    const templatePath = path.join('.');
    return workloadResult(
      'KI0213',
      'warning',
      object,
      `has a pod template with containers, but ${group === '' ? '' : `${group}/`}${object.kind} is not a workload kind kuma-inject knows, so it is not injected here ` +
        `although the webhook will inject its pods in the cluster; expected a workloadKinds entry for it. ` +
        `Add \`workloadKinds: [{group: ${group === '' ? '""' : group}, kind: ${object.kind}, templatePath: ${templatePath}}]\` to the function config.`,
      templatePath,
    );
  }
  if (!extraKinds.includes(rule)) return undefined;
  const templatePath = rule.templatePath.join('.');
  const template = at(object, rule.templatePath);
  if (hasContainers(template)) return undefined;
  const spec = isRecord(object.spec) ? object.spec : {};
  if (isRecord(spec.workloadRef)) {
    return workloadResult(
      'KI0214',
      'info',
      object,
      `not injected here: it has no pod template at ${templatePath} and takes its pods from spec.workloadRef, which is injected as its own object when it is in the input.`,
    );
  }
  return workloadResult(
    'KI0215',
    'warning',
    object,
    `the workloadKinds rule {group: ${rule.group === '' ? '""' : rule.group}, kind: ${rule.kind}, templatePath: ${templatePath || '""'}} matches, but ${templatePath || 'the object'} ` +
      `is not a pod template with spec.containers (got ${template === undefined ? 'nothing there' : 'a template without containers'}), so it is not injected; ` +
      'expected the path to a PodTemplateSpec (metadata + spec.containers). Fix templatePath in the function config.',
    templatePath === '' ? undefined : templatePath,
  );
}

function at(object: unknown, path: readonly string[]): unknown {
  let node = object;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

function hasContainers(template: unknown): boolean {
  return isRecord(template) && isRecord(template.spec) && Array.isArray(template.spec.containers);
}
