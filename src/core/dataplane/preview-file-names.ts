import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';

/** A Namespace name: an RFC 1123 label (what the API server accepts). */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A workload's name (Deployment, Pod, Job, ...): an RFC 1123 subdomain. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A kind: one identifier, as every API group names its kinds. */
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * A preview's file is `<namespace>/<kind>-<name>.yaml`, built from what the bundle says: a
 * namespace of `..` or a name with `/` would put the file outside the previews folder (or
 * anywhere). The API server would refuse such objects anyway, so they are errors here, named by
 * field, before any path is made of them. `namespace` is the one the preview uses (the object's
 * own, else the defaultNamespace setting).
 */
export function previewFileNameProblems(
  owner: KubeObject,
  namespace: string,
  preview: 'Dataplane' | 'MeshService' = 'Dataplane',
): Result[] {
  const problems: Result[] = [];
  const own = typeof owner.metadata.namespace === 'string' && owner.metadata.namespace !== '';
  if (!(namespace.length <= 63 && DNS1123_LABEL.test(namespace))) {
    const where = own ? 'metadata.namespace' : 'defaultNamespace';
    const fix = own ? "Fix the object's metadata.namespace" : 'Fix the defaultNamespace setting';
    const message = `${describe(owner)}, ${where}: ${JSON.stringify(namespace)} is not a valid namespace name (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit); the ${preview} preview file is named after it, so nothing is written. ${fix}.`;
    problems.push(
      own
        ? resultFor('KI0518', 'error', owner, message, 'metadata.namespace')
        : { ...resultFor('KI0518', 'error', owner, message), field: { path: 'defaultNamespace' } },
    );
  }
  const name = owner.metadata.name;
  if (typeof name === 'string' && name !== '' && !(name.length <= 253 && DNS1123_SUBDOMAIN.test(name))) {
    problems.push(
      resultFor(
        'KI0518',
        'error',
        owner,
        `${describe(owner)}, metadata.name: ${JSON.stringify(name)} is not a valid object name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit); the ${preview} preview file is named after it, so nothing is written. Fix the object's metadata.name.`,
        'metadata.name',
      ),
    );
  }
  if (!KIND.test(owner.kind)) {
    problems.push(
      resultFor(
        'KI0518',
        'error',
        owner,
        `${describe(owner)}, kind: ${JSON.stringify(owner.kind)} is not a valid kind (letters and digits only); the ${preview} preview file is named after it, so nothing is written. Fix the object's kind.`,
        'kind',
      ),
    );
  }
  return problems;
}
