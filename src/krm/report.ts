import type { Result } from '../core/types.ts';

/**
 * Results as lines a person reads on stderr: `severity: message [code]`, with the object and field put in
 * front only when the message does not already name them (most messages start with them).
 */
export function formatReport(results: readonly Result[]): string {
  return results.map((result) => `${result.severity}: ${where(result)}${result.message}${codeOf(result)}\n`).join('');
}

/** ` [KI0108]` after the message, so a person can look the finding up or acknowledge it with `ignore:`. */
function codeOf(result: Result): string {
  const code = result.tags?.['code'];
  return code === undefined ? '' : ` [${code}]`;
}

function where(result: Result): string {
  const ref = result.resourceRef;
  const object = ref === undefined ? '' : `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
  const parts: string[] = [];
  if (object !== '' && !result.message.includes(object)) parts.push(`[${object}]`);
  if (result.field !== undefined && result.field.path !== '' && !result.message.includes(result.field.path))
    parts.push(`${result.field.path}:`);
  return parts.length === 0 ? '' : `${parts.join(' ')} `;
}
