import type { Violation } from './violations.ts';
import { list, obj } from './values.ts';

/**
 * The legacy TrafficRoute's top-level rules (`api/mesh/v1alpha1` TrafficRoute validator): sources,
 * destinations and conf present. Its selector and conf contents are not checked here (legacy
 * policies are listed, not analysed).
 */
export function validateTrafficRoute(spec: Readonly<Record<string, unknown>>): Violation[] {
  const out: Violation[] = [];
  if (list(spec['sources']).length === 0) out.push({ field: 'sources', message: 'must have at least one element' });
  if (list(spec['destinations']).length === 0) out.push({ field: 'destinations', message: 'must have at least one element' });
  if (obj(spec['conf']) === undefined) out.push({ field: 'conf', message: 'cannot be empty' });
  return out;
}
