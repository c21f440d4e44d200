import { Violations, field, index, MUST_BE_DEFINED, MUST_NOT_BE_DEFINED } from './violations.ts';
import { byRole, mustBeOneOf, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, str, type Spec } from './values.ts';

const BEFORE = 'must be defined. You need to pick a filter before which this one will be added';
const AFTER = 'must be defined. You need to pick a filter after which this one will be added';
const KINDS = ['cluster', 'listener', 'virtualHost', 'networkFilter', 'httpFilter'] as const;

/**
 * MeshProxyPatch (`meshproxypatch/api/v1alpha1/validator.go`). Upstream decodes each `value` into
 * the Envoy proto type; offline only a value that is not a complete YAML/JSON document is caught
 * (`unexpected EOF`, the message Go's JSON decoder gives for `{`). Envoy field checks are not
 * reproduced.
 */
export const validateMeshProxyPatch: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'MeshGateway', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'Dataplane', 'MeshService', 'MeshServiceSubset'],
    ),
  });
  const path = 'spec.default.appendModifications';
  const mods = list(obj(spec['default'])?.['appendModifications']);
  if (mods.length === 0) v.add(path, 'must not be empty');
  mods.forEach((raw, i) => {
    const mod = obj(raw) ?? {};
    const p = index(path, i);
    const present = KINDS.filter((k) => isSet(mod[k]));
    if (present.length !== 1) {
      v.add(p, `exactly one modification can be defined at a time. Currently, ${present.length} modifications are defined`);
      return;
    }
    const kind = present[0] as (typeof KINDS)[number];
    const m = obj(mod[kind]) ?? {};
    const mp = field(p, kind);
    const op = str(m['operation']);
    const match = obj(m['match']);
    const filter = kind === 'networkFilter' || kind === 'httpFilter';
    const resourceOps = filter ? ['AddFirst', 'AddLast', 'AddBefore', 'AddAfter', 'Patch', 'Remove'] : ['Add', 'Patch', 'Remove'];
    if (!resourceOps.includes(op)) {
      v.add(field(mp, 'operation'), `invalid operation. Available operations: ${resourceOps.map((o) => JSON.stringify(o)).join(', ')}`);
      return;
    }
    if (op === 'Remove') {
      if (isSet(m['value'])) v.add(field(mp, 'value'), MUST_NOT_BE_DEFINED);
      return;
    }
    if (op === 'Patch') {
      if (filter && !isSet(match?.['name'])) v.add(field(mp, 'match.name'), MUST_BE_DEFINED);
      validatePatch(v, mp, m);
      return;
    }
    if (op === 'Add') {
      if (kind === 'virtualHost') {
        if (isSet(match?.['name'])) v.add(field(mp, 'match.name'), MUST_NOT_BE_DEFINED);
      } else if (match !== undefined) v.add(field(mp, 'match'), MUST_NOT_BE_DEFINED);
    }
    if (op === 'AddBefore' && !isSet(match?.['name'])) v.add(field(mp, 'match.name'), BEFORE);
    if (op === 'AddAfter' && !isSet(match?.['name'])) v.add(field(mp, 'match.name'), AFTER);
    resourceValue(v, field(mp, 'value'), m['value']);
  });
  return v.list;
};

function resourceValue(v: Violations, path: string, value: unknown): void {
  if (!isSet(value)) {
    v.add(path, MUST_BE_DEFINED);
    return;
  }
  const error = documentError(str(value));
  if (error !== undefined) v.add(path, `native Envoy resource is not valid: ${error}`);
}

/** `unexpected EOF` for a value that opens a JSON flow document without closing it. */
function documentError(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth > 0 || quote !== undefined ? 'unexpected EOF' : undefined;
}

function validatePatch(v: Violations, path: string, m: Spec): void {
  const patches = list(m['jsonPatches']);
  if (isSet(m['value'])) {
    if (patches.length > 0) v.add(path, `${path.slice(path.lastIndexOf('.') + 1)} must have only one type defined: value, jsonPatches`);
    else {
      const error = documentError(str(m['value']));
      if (error !== undefined) v.add(field(path, 'value'), `native Envoy resource is not valid: ${error}`);
    }
    return;
  }
  if (patches.length === 0) {
    v.add(path, `${path.slice(path.lastIndexOf('.') + 1)} must have exactly one defined: value, jsonPatches`);
    return;
  }
  patches.forEach((raw, i) => {
    const patch = obj(raw) ?? {};
    const p = index(field(path, 'jsonPatches'), i);
    const op = str(patch['op']);
    if (!['add', 'remove', 'replace', 'move', 'copy'].includes(op))
      v.add(field(p, 'op'), mustBeOneOf('op', ['add', 'remove', 'replace', 'move', 'copy']));
    if (op === 'move' || op === 'copy') {
      if (!isSet(patch['from'])) v.add(field(p, 'from'), '"from" must not be empty when "op" is one of ["move", "copy"]');
    } else if (isSet(patch['from'])) v.add(field(p, 'from'), '"from" is allowed only when "op" is one of ["move", "copy"]');
    if (op === 'add' || op === 'replace') {
      if (patch['value'] === undefined) v.add(field(p, 'value'), '"value" must not be empty when "op" is one of ["add", "replace"]');
    } else if (patch['value'] !== undefined) v.add(field(p, 'value'), '"value" is allowed only when "op" is one of ["add", "replace"]');
    if (!isSet(patch['path'])) v.add(field(p, 'path'), MUST_BE_DEFINED);
    else if ((patch['path'] === '' || patch['path'] === '/') && op === 'remove') v.add(field(p, 'path'), 'root path cannot be removed');
  });
}
