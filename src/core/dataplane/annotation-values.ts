import { valueReader } from '../kuma-api/values.ts';
import { ConversionError } from './conversion-error.ts';

export { isTrueWord } from '../kuma-api/values.ts';

/**
 * The converter twin's readers of Pod annotations: Kuma's value rules (../kuma-api/values.ts)
 * with the control plane's wording, a ConversionError carrying Kuma's message.
 */
const read = valueReader((problem) => new ConversionError(problem.message));

export const readEnabled = (annotations: Readonly<Record<string, string>>, key: string): boolean | undefined =>
  read.enabled(annotations, key);
/** Like readEnabled, but a malformed value reads as false instead of failing (Go ignores the error there). */
export const readEnabledLoosely = read.enabledLoosely;
export const readUint32 = read.uint32;
export const readList = read.list;
