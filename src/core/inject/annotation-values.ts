import { valueReader, type ValueProblem } from '../kuma-api/values.ts';
import { annotationPath, labelPath } from './keys.ts';
import { WebhookError } from './webhook-error.ts';

export type { StringMap } from '../kuma-api/values.ts';

/**
 * The webhook twin's readers of pod annotations (and labels): Kuma's value rules
 * (../kuma-api/values.ts) with the webhook's wording, a WebhookError naming the field and the fix.
 */
function webhookError(problem: ValueProblem): Error {
  const field = problem.source === 'label' ? labelPath(problem.key) : annotationPath(problem.key);
  return new WebhookError(problem.message, { field, got: problem.value, hint: problem.hint });
}

const read = valueReader(webhookError);

export const getString = read.string;
export const getEnabled = read.enabled;
/** A plain boolean (`true|yes|false|no`); an invalid value counts as false, as on the legacy path. */
export const getPlainBooleanLenient = read.plainBooleanLoosely;
export const getUint32 = read.uint32;
export const getDuration = read.duration;
export const getList = read.list;
export const getMap = read.map;
