import { Violations, field, index } from './violations.ts';
import { byRole, forEachItem, validateTop, type PolicyValidator } from './common.ts';
import { duration, isSet, list, obj, str, topKindOf, type Spec } from './values.ts';

const HTTP_RETRY_ON = new Set([
  '5xx',
  'GatewayError',
  'Reset',
  'Retriable4xx',
  'ConnectFailure',
  'EnvoyRatelimited',
  'RefusedStream',
  'Http3PostConnectFailure',
  'HttpMethodConnect',
  'HttpMethodDelete',
  'HttpMethodGet',
  'HttpMethodHead',
  'HttpMethodOptions',
  'HttpMethodPatch',
  'HttpMethodPost',
  'HttpMethodPut',
  'HttpMethodTrace',
]);
const GRPC_RETRY_ON = new Set(['Canceled', 'DeadlineExceeded', 'Internal', 'ResourceExhausted', 'Unavailable']);

/** Status codes Go's `http.StatusText` names (a numeric retryOn item must be one). */
const STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404,
  405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502,
  503, 504, 505, 506, 507, 508, 510, 511,
]);

/** MeshRetry (`meshretry/api/v1alpha1/validator.go`); note its conf errors sit under `default.conf`. */
export const validateMeshRetry: PolicyValidator = (spec, context) => {
  const v = new Violations();
  const system = context.role === 'system';
  validateTop(v, spec, {
    kinds: byRole(
      context,
      ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute', 'Dataplane'],
      ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset', 'Dataplane'],
    ),
    gatewayTags: system,
  });
  const top = topKindOf(spec);
  const kinds =
    top === 'MeshGateway' || top === 'MeshHTTPRoute'
      ? (['Mesh', 'MeshExternalService'] as const)
      : (['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute'] as const);
  forEachItem(v, spec, 'to', { kinds }, (item, path) => validateConf(v, field(path, 'default.conf'), obj(item['default']) ?? {}));
  return v.list;
};

function validateConf(v: Violations, path: string, conf: Spec): void {
  const tcp = obj(conf['tcp']);
  const http = obj(conf['http']);
  const grpc = obj(conf['grpc']);
  if (tcp === undefined && http === undefined && grpc === undefined)
    v.add(path, "at least one of the 'tcp', 'http', 'grpc' must be specified");
  if (tcp !== undefined) {
    if (!isSet(tcp['maxConnectAttempt'])) v.add(field(path, 'tcp'), 'must not be empty');
    else if (tcp['maxConnectAttempt'] === 0) v.add(field(path, 'tcp.maxConnectAttempt'), 'must be greater than 0');
  }
  if (http !== undefined) {
    const p = field(path, 'http');
    const keys = [
      'numRetries',
      'perTryTimeout',
      'backOff',
      'retryOn',
      'retriableRequestHeaders',
      'retriableResponseHeaders',
      'rateLimitedBackOff',
      'hostSelection',
    ];
    if (keys.every((k) => !isSet(http[k]))) v.add(p, 'must not be empty');
    backOff(v, p, http);
    if (isSet(http['retryOn'])) {
      list(http['retryOn']).forEach((item, i) => {
        const text = typeof item === 'string' ? item : String(item);
        if (HTTP_RETRY_ON.has(text)) return;
        if (/^[-+]?\d+$/.test(text) && STATUS_CODES.has(Number(text))) return;
        v.add(index(field(p, 'retryOn'), i), `unknown item '${text}'`);
      });
    }
    if (isSet(http['hostSelection'])) hostSelection(v, field(p, 'hostSelection'), list(http['hostSelection']));
  }
  if (grpc !== undefined) {
    const p = field(path, 'grpc');
    if (['numRetries', 'perTryTimeout', 'backOff', 'retryOn', 'rateLimitedBackOff'].every((k) => !isSet(grpc[k])))
      v.add(p, 'must not be empty');
    backOff(v, p, grpc);
    if (isSet(grpc['retryOn'])) {
      list(grpc['retryOn']).forEach((item, i) => {
        if (!GRPC_RETRY_ON.has(str(item)))
          v.add(index(field(p, 'retryOn'), i), `unknown item '${typeof item === 'string' ? item : String(item)}'`);
      });
    }
  }
}

function backOff(v: Violations, path: string, conf: Spec): void {
  const back = obj(conf['backOff']);
  if (back !== undefined && !isSet(back['baseInterval']) && !isSet(back['maxInterval'])) v.add(field(path, 'backOff'), 'must not be empty');
  const limited = obj(conf['rateLimitedBackOff']);
  if (limited === undefined) return;
  const p = field(path, 'rateLimitedBackOff');
  if (isSet(limited['maxInterval'])) {
    const d = duration(limited['maxInterval']);
    if (d === undefined || d <= 0) v.add(field(p, 'maxInterval'), 'must be defined and greater than zero');
  }
  if (!isSet(limited['resetHeaders'])) v.add(field(p, 'resetHeaders'), 'must be defined');
  else
    list(limited['resetHeaders']).forEach((header, i) => {
      if (str(obj(header)?.['name']) === '') v.add(field(index(field(p, 'resetHeaders'), i), 'name'), 'must be defined');
    });
}

function hostSelection(v: Violations, path: string, predicates: readonly unknown[]): void {
  let prioritySet = false;
  predicates.forEach((raw, i) => {
    const predicate = obj(raw) ?? {};
    const type = str(predicate['predicate']);
    const p = index(path, i);
    if (type === 'OmitHostsWithTags') {
      if (!isSet(predicate['tags'])) v.add(field(p, 'tags'), 'must be defined');
    } else if (type === 'OmitPreviousPriorities') {
      if (prioritySet) v.add(field(p, 'predicate'), `${type} must only be specified once`);
      const frequency = predicate['updateFrequency'];
      if (typeof frequency !== 'number' || frequency <= 0) v.add(field(p, 'updateFrequency'), 'must be defined and greater than zero');
      prioritySet = true;
    } else if (type !== 'OmitPreviousHosts') {
      v.add(field(p, 'predicate'), `unknown predicate type '${type}'`);
    }
  });
}
