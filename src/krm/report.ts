import type { Result } from '../core/types.ts';

/** Results as lines a person reads on stderr: `severity: [Kind ns/name] field: message`. */
export function formatReport(results: readonly Result[]): string {
  return results
    .map((result) => {
      const ref = result.resourceRef;
      const where = ref === undefined ? '' : `[${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}] `;
      const field = result.field === undefined ? '' : `${result.field.path}: `;
      return `${result.severity}: ${where}${field}${result.message}\n`;
    })
    .join('');
}
