import { isRecord } from '../core/json-record.ts';
import { InputError, lineAt } from './input-error.ts';

function got(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value === 'string' ? 'the string ' : ''}${JSON.stringify(value)}`;
}

/** 1-based line of a column-0 `key:` in `text` (a ResourceList's own fields sit at column 0). */
function keyLine(text: string, offset: number, key: string): number | undefined {
  const match = new RegExp(`^["']?${key}["']?[ \\t]*:`, 'm').exec(text.slice(offset));
  return match === null ? undefined : lineAt(text, offset + match.index);
}

/**
 * Refuses a ResourceList or List whose `items` is not a list, and a ResourceList whose
 * `functionConfig` is not a mapping: reading on would drop the items (written back as `items: []`)
 * or the settings without a word. A missing or null `items` is an empty list (kpt sends `items: []`
 * for an empty package, and a List with no items has nothing to inject).
 */
export function checkEnvelope(value: Record<string, unknown>, whole: string, offset: number): void {
  const kind = typeof value.kind === 'string' ? value.kind : 'List';
  const items = value.items;
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    const line = keyLine(whole, offset, 'items');
    throw new InputError(
      `${line === undefined ? 'input' : `input line ${line}`}: the ${kind}'s items must be a list of Kubernetes objects (got ${got(items)}); nothing was changed. Write items as a YAML list (\`items:\` then \`- apiVersion: …\` entries), or \`items: []\`.`,
      line === undefined ? {} : { line, column: 1 },
    );
  }
  const config = value.functionConfig;
  if (kind === 'ResourceList' && config !== undefined && config !== null && !isRecord(config)) {
    const line = keyLine(whole, offset, 'functionConfig');
    throw new InputError(
      `${line === undefined ? 'input' : `input line ${line}`}: the ResourceList's functionConfig must be an object (a KumaInject or a ConfigMap; got ${got(config)}); nothing was changed. Fix the function's config, or leave functionConfig out.`,
      line === undefined ? {} : { line, column: 1 },
    );
  }
}
