import type { KubeObject } from '../types.ts';
import type { WorkloadKindRule } from '../settings.ts';
import { templateFieldPrefix } from '../workloads/pod-template.ts';
import { workloadKindRule } from '../workloads/workload-kinds.ts';

/** The field path of something inside a workload's pod template, e.g. `spec.template.metadata.annotations`. */
export type TemplateField = (path: string) => string;

/**
 * Field paths inside `owner`'s pod template, from the same workload-kind rules the injector uses
 * (built-in kinds and the settings' `workloadKinds`), so a CRD whose template sits at
 * `spec.podTemplate` gets results pointing there and not at `spec.template`.
 */
export function templateFields(owner: KubeObject, extraKinds: readonly WorkloadKindRule[]): TemplateField {
  const rule = workloadKindRule(owner, extraKinds);
  // Previews are only made for planned workloads, which always have a rule; the fallback keeps a
  // message readable should that ever change.
  const prefix = rule === undefined ? 'spec.template.' : templateFieldPrefix(rule.templatePath);
  return (path) => `${prefix}${path}`;
}
