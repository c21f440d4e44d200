import type { KubeObject } from '../types.ts';

/** Where a workload keeps its pod template, as a field-path prefix for messages. */
const TEMPLATE_PREFIX: Readonly<Record<string, string>> = {
  Pod: '',
  CronJob: 'spec.jobTemplate.spec.template.',
};

/** The field path of something inside a workload's pod template, e.g. `spec.template.metadata.annotations`. */
export function templateField(owner: KubeObject, path: string): string {
  return `${TEMPLATE_PREFIX[owner.kind] ?? 'spec.template.'}${path}`;
}
