import { parseQuantity } from '../inject/quantity.ts';
import type { CpValue, CpValues } from './config-values.ts';

/**
 * kuma-cp's Validate for the parts of the config that decide whether it starts with an injector:
 * mode; in zone mode the zone, xDS, bootstrap and monitoring-assignment servers, the environment
 * and (on Kubernetes) the whole runtime.kubernetes section; the store. Messages and their nesting
 * are kuma-cp's (multierr joins with "; ", errors.Wrap prefixes with ": "), so a failing config
 * reads like kuma-cp's own start-up error. Sections that never reach the injector (API server,
 * Postgres, tracing, ...) are not checked here.
 */

/** One validation problem: Go's message chain and the config path it is about. */
export interface ValidationProblem {
  message: string;
  path: string;
}

type Errs = ValidationProblem[];

const wrap = (prefix: string, errs: Errs): Errs =>
  errs.length === 0 ? [] : [{ message: `${prefix}: ${errs.map((e) => e.message).join('; ')}`, path: errs[0]?.path ?? '' }];

const QUANTITY_FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** k8s resource.ParseQuantity's verdict, worded as it words it. */
function quantityError(text: string): string | undefined {
  if (parseQuantity(text) !== undefined) return undefined;
  if (!QUANTITY_FORMAT.test(text)) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  return "unable to parse quantity's suffix";
}

/** net.ParseIP: dotted IPv4 or IPv6 (with an optional embedded IPv4 tail). */
function isIP(text: string): boolean {
  const v4 = (s: string) =>
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) &&
    s.split('.').every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
  if (v4(text)) return true;
  if (!text.includes(':')) return false;
  let body = text;
  let groupsNeeded = 8;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!v4(tail)) return false;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length < groupsNeeded : ((groupsNeeded = 8), all.length === groupsNeeded);
}

/** govalidator.IsDNSName. */
function isDNSName(name: string): boolean {
  if (name === '' || name.replaceAll('.', '').length > 255) return false;
  return !isIP(name) && /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/.test(name);
}

class View {
  private readonly values: CpValues;
  private readonly root: string;
  constructor(values: CpValues, root: string) {
    this.values = values;
    this.root = root;
  }
  path(p: string): string {
    return this.root === '' ? p : `${this.root}.${p}`;
  }
  get(p: string): CpValue {
    return this.values.get(this.path(p)) as CpValue;
  }
  num(p: string): number {
    return Number(this.get(p));
  }
  nanos(p: string): bigint {
    return this.get(p) as bigint;
  }
  str(p: string): string {
    return String(this.get(p));
  }
}

function check(errs: Errs, bad: boolean, message: string, path: string): void {
  if (bad) errs.push({ message, path });
}

function resources(v: View, at: string): Errs {
  const part = (kind: 'requests' | 'limits'): Errs => {
    const errs: Errs = [];
    for (const [field, name] of [
      ['cpu', '.CPU'],
      ['memory', '.Memory'],
    ] as const) {
      const problem = quantityError(v.str(`${at}.${kind}.${field}`));
      if (problem !== undefined) errs.push({ message: `${name} is not valid: ${problem}`, path: v.path(`${at}.${kind}.${field}`) });
    }
    return errs;
  };
  return [...wrap('.Requests is not valid', part('requests')), ...wrap('.Limits is not valid', part('limits'))];
}

function probe(v: View, at: string, fields: readonly string[]): Errs {
  const errs: Errs = [];
  for (const field of fields)
    check(errs, v.num(`${at}.${field}`) < 1, `.${field[0]?.toUpperCase()}${field.slice(1)} must be >= 1`, v.path(`${at}.${field}`));
  return errs;
}

/** KubernetesRuntimeConfig.Validate, over a view rooted at runtime.kubernetes. */
export function validateKubernetesRuntime(values: CpValues, root: string, has: (path: string) => boolean): Errs {
  const v = new View(values, root);
  const admission: Errs = [];
  check(admission, v.num('admissionServer.port') > 65535, '.Port must be in the range [0, 65535]', v.path('admissionServer.port'));
  check(admission, v.str('admissionServer.certDir') === '', '.CertDir should not be empty', v.path('admissionServer.certDir'));
  const sc = 'injector.sidecarContainer';
  const sidecar: Errs = [];
  check(sidecar, v.str(`${sc}.image`) === '', '.Image must be non-empty', v.path(`${sc}.image`));
  const family = v.str(`${sc}.ipFamilyMode`);
  check(
    sidecar,
    family !== '' && family !== 'ipv4' && family !== 'dualstack',
    ".IpFamilyMode must be either 'ipv4' or 'dualstack'",
    v.path(`${sc}.ipFamilyMode`),
  );
  for (const [field, name] of [
    ['redirectPortInbound', 'RedirectPortInbound'],
    ['redirectPortOutbound', 'RedirectPortOutbound'],
    ['adminPort', 'AdminPort'],
  ] as const) {
    check(sidecar, v.num(`${sc}.${field}`) > 65535, `.${name} must be in the range [0, 65535]`, v.path(`${sc}.${field}`));
  }
  check(sidecar, v.nanos(`${sc}.drainTime`) <= 0n, '.DrainTime must be positive', v.path(`${sc}.drainTime`));
  sidecar.push(
    ...wrap(
      '.ReadinessProbe is not valid',
      probe(v, `${sc}.readinessProbe`, ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']),
    ),
  );
  sidecar.push(
    ...wrap(
      '.LivenessProbe is not valid',
      probe(v, `${sc}.livenessProbe`, ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'failureThreshold']),
    ),
  );
  sidecar.push(...wrap('.Resources is not valid', resources(v, `${sc}.resources`)));
  const init: Errs = [];
  check(init, v.str('injector.initContainer.image') === '', '.Image must be non-empty', v.path('injector.initContainer.image'));
  // Releases without configurable init/validation resources have no such keys, hence nothing to check.
  if (has(v.path('injector.initContainer.resources.requests.cpu')))
    init.push(...wrap('.Resources is not valid', resources(v, 'injector.initContainer.resources')));
  const validation = has(v.path('injector.validationContainer.resources.requests.cpu'))
    ? wrap('.Resources is not valid', resources(v, 'injector.validationContainer.resources'))
    : [];
  const injector = [
    ...wrap('.SidecarContainer is not valid', sidecar),
    ...wrap('.InitContainer is not valid', init),
    ...wrap('.ValidationContainer is not valid', validation),
  ];
  const errs = [...wrap('.AdmissionServer is not valid', admission), ...wrap('.Injector is not valid', injector)];
  check(
    errs,
    v.nanos('marshalingCacheExpirationTime') < 0n,
    '.MarshalingCacheExpirationTime must be positive or equal to 0',
    v.path('marshalingCacheExpirationTime'),
  );
  return errs;
}

/** BootstrapServerConfig.Validate (first failure only, as kuma-cp returns it), over a view rooted at bootstrapServer. */
export function validateBootstrapServer(values: CpValues, root: string, has: (path: string) => boolean): Errs {
  const v = new View(values, root);
  const p = (field: string) => v.path(`params.${field}`);
  const first = ((): ValidationProblem | undefined => {
    const address = v.str('params.adminAddress');
    if (address === '') return { message: 'AdminAddress cannot be empty', path: p('adminAddress') };
    if (!isIP(address)) return { message: 'AdminAddress should be a valid IP address', path: p('adminAddress') };
    if (v.num('params.adminPort') > 65535) return { message: 'AdminPort must be in the range [0, 65535]', path: p('adminPort') };
    if (v.str('params.adminAccessLogPath') === '') return { message: 'AdminAccessLogPath cannot be empty', path: p('adminAccessLogPath') };
    if (has(p('readinessPort')) && v.num('params.readinessPort') > 65535)
      return { message: 'ReadinessPort must be in the range [0, 65535]', path: p('readinessPort') };
    if (v.num('params.xdsPort') > 65535) return { message: 'XdsPort must be in the range [0, 65535]', path: p('xdsPort') };
    if (v.nanos('params.xdsConnectTimeout') < 0n) return { message: 'XdsConnectTimeout cannot be negative', path: p('xdsConnectTimeout') };
    if (has(p('xdsGrpcMaxReceiveMessageBytes')) && v.num('params.xdsGrpcMaxReceiveMessageBytes') === 0)
      return { message: 'XdsGrpcMaxReceiveMessageBytes cannot be zero', path: p('xdsGrpcMaxReceiveMessageBytes') };
    // corefileTemplatePath must name an existing file of the control plane's container: not knowable offline.
    return undefined;
  })();
  return first === undefined ? [] : wrap('Params validation failed', [first]);
}

/**
 * Config.Validate of the whole config: the first failing section, as kuma-cp returns it. `has`
 * says whether the release has a key (releases differ in which keys exist).
 */
export function validateConfig(values: CpValues, has: (path: string) => boolean): Errs {
  const v = new View(values, '');
  const mode = v.str('mode');
  if (mode !== 'standalone' && mode !== 'zone' && mode !== 'global') {
    return [{ message: 'Mode validation failed: invalid mode. Available modes: standalone, zone, global', path: 'mode' }];
  }
  if (mode === 'zone') {
    const zone = zoneProblem(v);
    if (zone !== undefined) return wrap('Multizone Zone validation failed', [zone]);
    if (v.nanos('xdsServer.dataplaneConfigurationRefreshInterval') <= 0n)
      return wrap('Xds Server validation failed', [
        { message: 'DataplaneConfigurationRefreshInterval must be positive', path: 'xdsServer.dataplaneConfigurationRefreshInterval' },
      ]);
    if (v.nanos('xdsServer.dataplaneStatusFlushInterval') <= 0n)
      return wrap('Xds Server validation failed', [
        { message: 'DataplaneStatusFlushInterval must be positive', path: 'xdsServer.dataplaneStatusFlushInterval' },
      ]);
    const bootstrap = validateBootstrapServer(values, 'bootstrapServer', has);
    if (bootstrap.length > 0) return wrap('Bootstrap Server validation failed', bootstrap);
    const mads = madsProblems(v, has);
    if (mads.length > 0) return wrap('Monitoring Assignment Server validation failed', mads);
    const environment = v.str('environment');
    if (environment !== 'kubernetes' && environment !== 'universal')
      return [{ message: 'Environment should be either kubernetes or universal', path: 'environment' }];
    if (environment === 'kubernetes') {
      const runtime = validateKubernetesRuntime(values, 'runtime.kubernetes', has);
      if (runtime.length > 0) return wrap('Runtime validation failed', wrap('Kubernetes validation failed', runtime));
    }
  }
  const storeType = v.str('store.type');
  if (storeType !== 'postgres' && storeType !== 'kubernetes' && storeType !== 'memory') {
    return [{ message: 'Store validation failed: Type should be either postgres, kubernetes or memory', path: 'store.type' }];
  }
  if (storeType === 'kubernetes' && v.str('store.kubernetes.systemNamespace') === '') {
    return [
      {
        message: 'Store validation failed: Kubernetes validation failed: SystemNamespace should not be empty',
        path: 'store.kubernetes.systemNamespace',
      },
    ];
  }
  return [];
}

function zoneProblem(v: View): ValidationProblem | undefined {
  const name = v.str('multizone.zone.name');
  if (name === '') return { message: 'Name is mandatory', path: 'multizone.zone.name' };
  if (!isDNSName(name)) return { message: `Zone name ${name} has to be a valid DNS name`, path: 'multizone.zone.name' };
  if (name.length > 63) return { message: 'Zone name cannot be longer than 63 characters', path: 'multizone.zone.name' };
  const address = v.str('multizone.zone.globalAddress');
  if (address !== '') {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(address)?.[1]?.toLowerCase() ?? '';
    if (scheme !== 'grpc' && scheme !== 'grpcs')
      return {
        message: `unsupported scheme ${JSON.stringify(scheme)} in zone GlobalAddress. Use one of [grpc grpcs]`,
        path: 'multizone.zone.globalAddress',
      };
  }
  return undefined;
}

function madsProblems(v: View, has: (path: string) => boolean): Errs {
  if (has('monitoringAssignmentServer.enabled') && v.get('monitoringAssignmentServer.enabled') !== true) return [];
  const errs: Errs = [];
  check(errs, v.num('monitoringAssignmentServer.port') > 65535, '.Port must be in the range [0, 65535]', 'monitoringAssignmentServer.port');
  const versions = v.get('monitoringAssignmentServer.apiVersions') as string[];
  check(errs, versions.length === 0, '.ApiVersions must contain at least one version', 'monitoringAssignmentServer.apiVersions');
  for (const version of versions)
    check(errs, version !== 'v1', `.ApiVersions contains invalid version ${version}`, 'monitoringAssignmentServer.apiVersions');
  if (v.nanos('monitoringAssignmentServer.assignmentRefreshInterval') <= 0n)
    return [{ message: '.AssignmentRefreshInterval must be positive', path: 'monitoringAssignmentServer.assignmentRefreshInterval' }];
  return errs;
}
