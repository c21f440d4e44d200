import { Violations, field, index, MUST_BE_DEFINED, MUST_NOT_BE_DEFINED } from './violations.ts';
import { validateTargetRef } from './target-ref.ts';
import { BACKEND_REF_KINDS, byRole, validateBackendRefPort, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, str, topKindOf, type Spec } from './values.ts';
import { dns1123SubdomainErrors, isIpAddress } from './go-text.ts';

const UNRESOLVED_BACKEND = 'kuma.io/unresolved-backend';

/** MeshHTTPRoute (`meshhttproute/api/v1alpha1/validation.go`). */
export const validateMeshHTTPRoute: PolicyValidator = (spec, context) => {
  const v = new Violations();
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshGateway', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
    gatewayTags: context.role === 'system',
  });
  const top = topKindOf(spec);
  list(spec['to']).forEach((raw, i) => {
    const to = obj(raw) ?? {};
    const path = index('spec.to', i);
    v.addAt(
      field(path, 'targetRef'),
      validateTargetRef(obj(to['targetRef']), {
        kinds: top === 'MeshGateway' ? ['Mesh'] : ['MeshService', 'MeshExternalService', 'MeshMultiZoneService'],
      }),
    );
    list(to['rules']).forEach((rawRule, j) => validateRule(v, index(field(path, 'rules'), j), obj(rawRule) ?? {}, top));
    if (top !== 'MeshGateway' && list(to['hostnames']).length > 0) v.add(field(path, 'hostnames'), MUST_NOT_BE_DEFINED);
  });
  return v.list;
};

function validateRule(v: Violations, path: string, rule: Spec, top: string): void {
  const matches = list(rule['matches']).map((m) => obj(m) ?? {});
  matches.forEach((match, i) => {
    const p = index(field(path, 'matches'), i);
    const pathMatch = obj(match['path']);
    if (pathMatch !== undefined) {
      const type = str(pathMatch['type']);
      const value = str(pathMatch['value']);
      const valuePath = field(p, 'path.value');
      if (type === 'PathPrefix' && value !== '/') {
        if (value.endsWith('/'))
          v.add(valuePath, 'does not need a trailing slash because only a `/`-separated prefix or an entire path is matched');
        if (!value.startsWith('/')) v.add(valuePath, 'must be an absolute path');
      } else if (type === 'Exact' && !value.startsWith('/')) {
        v.add(valuePath, 'must be an absolute path');
      }
    }
    const seen = new Set<string>();
    list(match['queryParams']).forEach((q, k) => {
      const name = str(obj(q)?.['name']);
      if (seen.has(name)) v.add(field(index(field(p, 'queryParams'), k), 'name'), `multiple entries for name ${name}`);
      seen.add(name);
    });
    list(match['headers']).forEach((h, k) => {
      const header = obj(h) ?? {};
      const type = isSet(header['type']) ? str(header['type']) : 'Exact';
      if ((type === 'Present' || type === 'Absent') && str(header['value']) !== '')
        v.add(field(index(field(p, 'headers'), k), 'value'), MUST_NOT_BE_DEFINED);
    });
  });
  const conf = obj(rule['default']) ?? {};
  const filters = isSet(conf['filters']) ? list(conf['filters']).map((f) => obj(f) ?? {}) : [];
  filters.forEach((filter, i) => validateFilter(v, index(field(path, 'default.filters'), i), filter, matches, top));
  const refsPath = field(path, 'default.backendRefs');
  const refs = list(conf['backendRefs']);
  if (refs.length === 0 && top === 'MeshGateway' && !filters.some((f) => f['type'] === 'RequestRedirect'))
    v.add(refsPath, 'must not be empty');
  refs.forEach((raw, i) => {
    const ref = obj(raw) ?? {};
    v.addAt(index(refsPath, i), validateTargetRef(ref, { kinds: BACKEND_REF_KINDS, allowedInvalidNames: [UNRESOLVED_BACKEND] }));
    validateBackendRefPort(v, index(refsPath, i), ref);
  });
}

function hasMatchWithoutPrefix(matches: readonly Spec[]): boolean {
  return matches.some((m) => str(obj(m['path'])?.['type']) !== 'PathPrefix');
}

function validateFilter(v: Violations, path: string, filter: Spec, matches: readonly Spec[], top: string): void {
  switch (str(filter['type'])) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier': {
      const name = str(filter['type']) === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
      const modifier = obj(filter[name]);
      if (modifier === undefined) v.add(field(path, name), MUST_BE_DEFINED);
      else headerModifier(v, field(path, name), modifier);
      return;
    }
    case 'RequestRedirect': {
      const redirect = obj(filter['requestRedirect']);
      if (redirect === undefined) {
        v.add(field(path, 'requestRedirect'), MUST_BE_DEFINED);
        return;
      }
      if (isSet(obj(redirect['path'])?.['replacePrefixMatch']) && hasMatchWithoutPrefix(matches))
        v.add(field(path, 'requestRedirect.path.replacePrefixMatch'), 'can only appear if all matches match a path prefix');
      preciseHostname(v, field(path, 'requestRedirect.hostname'), redirect['hostname']);
      return;
    }
    case 'URLRewrite': {
      const rewrite = obj(filter['urlRewrite']);
      if (rewrite === undefined) {
        v.add(field(path, 'urlRewrite'), MUST_BE_DEFINED);
        return;
      }
      if (isSet(obj(rewrite['path'])?.['replacePrefixMatch']) && hasMatchWithoutPrefix(matches))
        v.add(field(path, 'urlRewrite.path.replacePrefixMatch'), 'can only appear if all matches match a path prefix');
      preciseHostname(v, field(path, 'urlRewrite.hostname'), rewrite['hostname']);
      if (rewrite['hostToBackendHostname'] === true) {
        if (top !== 'MeshGateway') v.add(field(path, 'urlRewrite.hostToBackendHostname'), 'can only be set with MeshGateway');
        if (isSet(rewrite['hostname'])) v.add(field(path, 'urlRewrite.hostToBackendHostname'), 'cannot be set together with hostname');
      }
      return;
    }
    case 'RequestMirror': {
      const mirror = obj(filter['requestMirror']);
      if (mirror === undefined) {
        v.add(field(path, 'requestMirror'), MUST_BE_DEFINED);
        return;
      }
      v.addAt(
        field(path, 'requestMirror.backendRef'),
        validateTargetRef(obj(mirror['backendRef']), { kinds: ['MeshService', 'MeshServiceSubset'] }),
      );
      return;
    }
    default:
      return;
  }
}

function preciseHostname(v: Violations, path: string, hostname: unknown): void {
  if (typeof hostname !== 'string') return;
  if (isIpAddress(hostname)) {
    v.add(path, 'cannot be an IP address');
    return;
  }
  for (const message of dns1123SubdomainErrors(hostname)) v.add(path, message);
}

function headerModifier(v: Violations, path: string, modifier: Spec): void {
  if (!isSet(modifier['set']) && !isSet(modifier['add']) && !isSet(modifier['remove'])) {
    v.add(path, 'must have at least one defined: set, add, remove');
    return;
  }
  const seen = new Set<string>();
  const add = (p: string, name: string): void => {
    if (seen.has(name)) v.add(field(p, 'name'), 'duplicate header name');
    seen.add(name);
  };
  list(modifier['set']).forEach((h, i) => add(index(field(path, 'set'), i), str(obj(h)?.['name'])));
  list(modifier['add']).forEach((h, i) => add(index(field(path, 'add'), i), str(obj(h)?.['name'])));
  list(modifier['remove']).forEach((h, i) => add(index(field(path, 'remove'), i), str(h)));
}
