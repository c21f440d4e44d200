import type { Result } from '../../types.ts';
import { resultFor } from '../../results.ts';
import { nearestName } from '../../nearest-name.ts';
import { displayName } from '../match/resource-meta.ts';
import type { TargetRef } from '../match/target-ref.ts';
import type { PreviewedDataplane } from './preview-dataplane.ts';
import { describeRef, type Analysis, type PolicyReport } from './analyze.ts';
import { readSelector, selectsDataplane } from '../meshservice/selector.ts';
import type { DestinationIndex } from './destinations.ts';
import { ownValue } from '../../json-record.ts';

/** What the findings read beside the analysis. */
export interface FindingsContext {
  readonly dataplanes: readonly PreviewedDataplane[];
  readonly destinations: DestinationIndex;
  /** Namespaces the bundle (or the settings) knows. */
  readonly namespaces: { has(name: string): boolean };
  /** Services attached to a preview (`kuma-inject.dev/services`) with their port names, by namespace/name. */
  servicePorts(namespace: string, name: string): readonly string[];
  /** The Dataplanes a `kind: Dataplane` policy would select without its sectionName. */
  selectedWithoutSection(report: PolicyReport): readonly PreviewedDataplane[];
}

function quote(values: Iterable<string>): string {
  const list = [...new Set(values)];
  return list.length === 0 ? 'none' : list.map((v) => `"${v}"`).join(', ');
}

/** "Deployment shop/web" from a preview-of key. */
function workloadName(key: string): string {
  const [kind = '', ns = '', name = ''] = key.split('/');
  return `${kind} ${ns}/${name}`;
}

function topLevelFindings(report: PolicyReport, ctx: FindingsContext): Result[] {
  const { object, view } = report.policy;
  const ref = view.targetRef;
  const results: Result[] = [];
  const field = 'spec.targetRef';
  const where = `${object.kind} ${report.policy.title}`;
  const inMesh = ctx.dataplanes.filter((dp) => dp.view.meta.mesh === view.meta.mesh);
  if (report.errors.length > 0) {
    const routes = ctx.destinations.of('MeshHTTPRoute', view.meta.mesh).map((d) => displayName(d.meta));
    const near = nearestName(ref.name ?? '', routes);
    results.push(
      resultFor(
        'KI0857',
        'warning',
        object,
        `${where}, ${field}: ${report.errors.join('; ')} (got ${describeRef(ref)}); kuma-cp logs a matcher warning and the policy applies to nothing.${near === undefined ? '' : ` Did you mean "${near}"?`} Name an existing MeshHTTPRoute of mesh ${view.meta.mesh}, or put the route in spec.to[].targetRef.`,
        field,
      ),
    );
    return results;
  }
  if (ref.kind === 'MeshGateway') {
    results.push(
      resultFor(
        'KI0864',
        'info',
        object,
        `${where}, ${field}: selects built-in gateways (got ${describeRef(ref)}), whose Dataplanes kuma-cp builds from MeshGatewayInstances, not Pods; not analyzed.`,
        field,
      ),
    );
    return results;
  }
  if (report.selectCount > 0) return results;
  const section = ref.kind === 'Dataplane' ? (ref.sectionName ?? '') : '';
  if (section !== '') {
    const without = ctx.selectedWithoutSection(report);
    if (without.length > 0) return [...results, ...sectionFinding(report, without, ctx, section)];
  }
  const role = report.role;
  if (
    (role === 'consumer' || role === 'workload-owner') &&
    !inMesh.some((dp) => dp.view.meta.labels['k8s.kuma.io/namespace'] === view.meta.labels['k8s.kuma.io/namespace'])
  ) {
    results.push(
      resultFor(
        'KI0859',
        'warning',
        object,
        `${where}: its role is ${role}, so it reaches only Dataplanes of its own namespace ${view.meta.labels['k8s.kuma.io/namespace'] ?? '(none)'}, and this bundle previews none there (got ${inMesh.length} Dataplane preview(s) of mesh ${view.meta.mesh} elsewhere). Apply it in the namespace of the workloads it is for, or in the system namespace for a mesh-wide policy.`,
      ),
    );
    return results;
  }
  if (ref.kind === 'Dataplane' && (ref.name ?? '') !== '') {
    const namespace =
      ref.namespace !== undefined && ref.namespace !== '' ? ref.namespace : (view.meta.labels['k8s.kuma.io/namespace'] ?? '');
    const atRuntime = inMesh.filter((dp) => dp.nameAtRuntime && dp.view.meta.labels['k8s.kuma.io/namespace'] === namespace);
    if (atRuntime.length > 0) {
      const prefix = atRuntime.find((dp) => (ref.name ?? '').startsWith(dp.workload.split('/')[2] ?? '\u0000'));
      results.push(
        resultFor(
          'KI0858',
          'info',
          object,
          `${where}, ${field}.name: a Dataplane is named after its Pod, and the Pods of ${atRuntime.length === 1 ? workloadName(atRuntime[0]!.workload) : `${atRuntime.length} workloads`} in namespace ${namespace} get their names at runtime (got "${ref.name}"), so whether it selects one cannot be verified offline.${prefix === undefined ? '' : ` It probably means a Pod of ${workloadName(prefix.workload)}.`} Select by labels (kind: Dataplane, labels: {...}) to name the workload instead.`,
          `${field}.name`,
        ),
      );
      return results;
    }
  }
  results.push(
    resultFor(
      'KI0854',
      'warning',
      object,
      `${where}, ${field}: selects no Dataplane previewed in this bundle (got ${describeRef(ref)}${(ref.name ?? '') !== '' && (ref.namespace ?? '') === '' && ref.kind === 'Dataplane' ? `, namespace defaults to the policy's own, ${view.meta.labels['k8s.kuma.io/namespace'] ?? '(none)'}` : ''}).${nothingHint(ref, report, ctx)}`,
      field,
    ),
  );
  return results;
}

/** Nearest candidates for a top-level ref that selects nothing. */
function nothingHint(ref: TargetRef, report: PolicyReport, ctx: FindingsContext): string {
  const mesh = report.policy.view.meta.mesh;
  const dps = ctx.dataplanes.filter((dp) => dp.view.meta.mesh === mesh);
  if (dps.length === 0) return ` The bundle previews no Dataplane of mesh ${mesh}; it may select workloads applied from elsewhere.`;
  if (ref.namespace !== undefined && ref.namespace !== '' && !ctx.namespaces.has(ref.namespace))
    return ` Namespace ${ref.namespace} is not in this bundle (it may exist in the cluster).`;
  switch (ref.kind) {
    case 'Dataplane': {
      if ((ref.name ?? '') === '' && ref.labels === undefined)
        return ' A namespace without a name selects nothing; add name, or select by labels.';
      if (ref.labels !== undefined) {
        const labels = ref.labels;
        const missing = Object.entries(labels)
          .map(([k, v]) => {
            const values = dps.map((dp) => ownValue(dp.view.meta.labels, k)).filter((x): x is string => x !== undefined);
            const near = nearestName(v, values);
            return values.length === 0
              ? `no Dataplane has label ${k}`
              : values.includes(v)
                ? ''
                : `${k}: ${quote([v])} is on none (${near === undefined ? `values: ${quote(values.slice(0, 5))}` : `did you mean "${near}"?`})`;
          })
          .filter((s) => s !== '');
        return ` ${missing.length > 0 ? missing.join('; ') : 'no single Dataplane has all of these labels'}. Dataplane labels are the Pod's labels plus k8s.kuma.io/namespace, kuma.io/mesh, kuma.io/zone and kuma.io/display-name.`;
      }
      const names = dps.filter((dp) => !dp.nameAtRuntime).map((dp) => displayName(dp.view.meta));
      const near = nearestName(ref.name ?? '', names);
      return near === undefined ? ' Select by labels to name a workload.' : ` Did you mean "${near}"?`;
    }
    case 'MeshService':
    case 'MeshServiceSubset': {
      const services = dps.flatMap((dp) => dp.view.inbounds.map((i) => i.tags['kuma.io/service'] ?? ''));
      const near = services.find((s) => s.startsWith(`${ref.name ?? ''}_`)) ?? nearestName(ref.name ?? '', services);
      return ` A top-level ${ref.kind} compares the kuma.io/service tag of inbounds (on Kubernetes <service>_<namespace>_svc_<port>).${near === undefined ? '' : ` Did you mean "${near}"?`} Prefer kind: Dataplane with labels.`;
    }
    case 'MeshSubset':
      return ' MeshSubset compares inbound tags (the Pod labels plus kuma.io/service, k8s.kuma.io/namespace ...), not Dataplane labels.';
    case 'Mesh':
      return ref.proxyTypes !== undefined ? ` No Dataplane of proxy type ${ref.proxyTypes.join(', ')}.` : '';
    default:
      return '';
  }
}

/** W2: `kind: Dataplane` + `sectionName` naming no inbound: show both meanings of section names. */
function sectionFinding(report: PolicyReport, dps: readonly PreviewedDataplane[], ctx: FindingsContext, section: string): Result[] {
  const { object } = report.policy;
  const sections = dps.flatMap((dp) => dp.view.inbounds.map((i) => i.sectionName));
  const servicePorts = dps.flatMap((dp) =>
    (dp.preview.metadata.annotations?.['kuma-inject.dev/services'] ?? '')
      .split(',')
      .filter((s) => s !== '')
      .flatMap((svc) => ctx.servicePorts(String(dp.preview.metadata.namespace ?? ''), svc)),
  );
  const confused = servicePorts.includes(section);
  const field = 'spec.targetRef.sectionName';
  return [
    resultFor(
      'KI0855',
      'warning',
      object,
      `${object.kind} ${report.policy.title}, ${field}: no inbound of the selected Dataplanes is named "${section}" (got "${section}"; their inbound section names: ${quote(sections)}, the container port name or number). ${confused ? `"${section}" is a Service port name: kind: Dataplane sectionName names the container port, kind: MeshService sectionName names the Service port.` : ''}${nearestName(section, sections) === undefined ? '' : ` Did you mean "${nearestName(section, sections)}"?`}`.trim(),
      field,
    ),
  ];
}

function toFindings(report: PolicyReport, ctx: FindingsContext): Result[] {
  const { object, view } = report.policy;
  const results: Result[] = [];
  for (const to of report.to) {
    const field = `spec.${to.item}.targetRef`;
    const r = to.resolution;
    const where = `${object.kind} ${report.policy.title}, ${field}`;
    if (r.kind === 'not-found') {
      const looked =
        'labels' in r.looked
          ? `labels ${JSON.stringify(r.looked.labels)}`
          : `${r.looked.type} mesh ${r.looked.mesh}, zone ${r.looked.zone || '(none)'}, namespace ${r.looked.namespace || '(none)'}, name ${r.looked.name}`;
      const candidates = ctx.destinations.of(to.ref.kind, view.meta.mesh);
      const near = nearestName(
        to.ref.name ?? '',
        candidates.map((d) => displayName(d.meta)),
      );
      const sameName = candidates
        .filter((d) => displayName(d.meta) === to.ref.name)
        .map((d) => d.meta.labels['k8s.kuma.io/namespace'] ?? '');
      const hint =
        sameName.length > 0
          ? ` ${to.ref.kind} ${to.ref.name} exists in namespace ${quote(sameName)}: a ref without namespace means the policy's own namespace.`
          : near !== undefined
            ? ` Did you mean "${near}"?`
            : candidates.length === 0
              ? ` This bundle has no ${to.ref.kind} of mesh ${view.meta.mesh}${to.ref.kind === 'MeshService' ? ' (MeshServices are previewed from Services when the Mesh has spec.meshServices.mode other than Disabled)' : ''}.`
              : '';
      const ns =
        to.ref.namespace !== undefined && to.ref.namespace !== '' && !ctx.namespaces.has(to.ref.namespace)
          ? ` Namespace ${to.ref.namespace} is not in this bundle (it may exist in the cluster).`
          : '';
      results.push(
        resultFor(
          'KI0856',
          'warning',
          object,
          `${where}: resolves to nothing in this bundle (got ${describeRef(to.ref)}; looked for ${looked}).${hint}${ns}`,
          field,
        ),
      );
    } else if (r.kind === 'no-port') {
      const ports = r.destination.ports.map((p) => p.name);
      // Both meanings of a section name: is it the container port (inbound section) of the workloads behind it?
      const selector = readSelector((r.destination.object['spec'] as Record<string, unknown> | undefined)?.['selector']);
      const backing = ctx.dataplanes.filter((dp) => dp.view.meta.mesh === view.meta.mesh && selectsDataplane(selector, dp.view));
      const containerPort = backing.some((dp) => dp.view.inbounds.some((i) => i.sectionName === r.section));
      const meaning = containerPort
        ? ` "${r.section}" is the container port (inbound section name) of the workloads behind it: kind: Dataplane sectionName names the container port, kind: MeshService sectionName names the Service port.`
        : ' kind: MeshService sectionName names the Service port, not the container port.';
      results.push(
        resultFor(
          'KI0856',
          'warning',
          object,
          `${where}.sectionName: ${r.destination.object.kind} ${r.destination.meta.labels['k8s.kuma.io/namespace'] ?? ''}/${displayName(r.destination.meta)} has no port named "${r.section}" (got "${r.section}"; its ports: ${quote(ports)}, the Service port names or numbers).${meaning}`,
          `${field}.sectionName`,
        ),
      );
    } else if (r.kind === 'legacy' && !r.known) {
      const services = ctx.dataplanes
        .filter((dp) => dp.view.meta.mesh === view.meta.mesh)
        .flatMap((dp) => dp.view.inbounds.map((i) => i.tags['kuma.io/service'] ?? ''));
      const near = nearestName(r.service, services);
      results.push(
        resultFor(
          'KI0856',
          'warning',
          object,
          `${where}: mesh ${view.meta.mesh} generates no MeshServices (spec.meshServices.mode unset or Disabled), so this name is compared with the kuma.io/service tag of outbounds, and no Dataplane previewed in this bundle has kuma.io/service "${r.service}" (got ${describeRef(to.ref)}). On Kubernetes the service names are <service>_<namespace>_svc_<port>${near === undefined ? '' : `: did you mean "${near}"?`}.`,
          field,
        ),
      );
    }
  }
  return results;
}

/** W6: `to[].rules[].default.backendRefs[]` (and `requestMirror.backendRef`) of routes that name nothing. */
function backendRefFindings(report: PolicyReport, ctx: FindingsContext): Result[] {
  const { object, view } = report.policy;
  if (view.meta.type !== 'MeshHTTPRoute' && view.meta.type !== 'MeshTCPRoute') return [];
  const results: Result[] = [];
  const services = new Set(
    ctx.dataplanes
      .filter((dp) => dp.view.meta.mesh === view.meta.mesh)
      .flatMap((dp) => dp.view.inbounds.map((i) => i.tags['kuma.io/service'] ?? '')),
  );
  const rec = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const check = (raw: unknown, field: string): void => {
    const ref = rec(raw);
    const kind = typeof ref['kind'] === 'string' ? ref['kind'] : '';
    const name = typeof ref['name'] === 'string' ? ref['name'] : '';
    const port = typeof ref['port'] === 'number' ? ref['port'] : undefined;
    const labels = rec(ref['labels']) as Record<string, string>;
    if (kind === 'MeshService' && port === undefined && ref['sectionName'] === undefined && Object.keys(labels).length === 0) {
      // Neither port nor sectionName: a legacy kuma.io/service name.
      if (!services.has(name)) {
        const near = [...services].find((v) => v.startsWith(`${name}_`)) ?? nearestName(name, [...services]);
        results.push(
          resultFor(
            'KI0856',
            'warning',
            object,
            `${object.kind} ${report.policy.title}, ${field}: a MeshService backendRef without port or sectionName names a kuma.io/service, and no Dataplane previewed in this bundle has kuma.io/service "${name}" (got "${name}").${near === undefined ? '' : ` Did you mean "${near}"?`} Give the MeshService port (port: <number>) to name the MeshService itself.`,
            field,
          ),
        );
      }
      return;
    }
    if (kind !== 'MeshService' && kind !== 'MeshExternalService' && kind !== 'MeshMultiZoneService') return;
    const target = {
      kind,
      ...(name === '' ? {} : { name }),
      ...(typeof ref['namespace'] === 'string' ? { namespace: ref['namespace'] } : {}),
      ...(Object.keys(labels).length === 0 ? {} : { labels }),
    };
    const r = ctx.destinations.resolve(view.meta, target);
    if (r.kind === 'not-found') {
      results.push(
        resultFor(
          'KI0856',
          'warning',
          object,
          `${object.kind} ${report.policy.title}, ${field}: resolves to no ${kind} in this bundle (got ${describeRef(target)}; a backendRef without namespace means the route's own namespace).`,
          field,
        ),
      );
    } else if (
      r.kind === 'resolved' &&
      port !== undefined &&
      !r.destinations.some((d) => d.destination.ports.some((p) => p.port === port))
    ) {
      results.push(
        resultFor(
          'KI0856',
          'warning',
          object,
          `${object.kind} ${report.policy.title}, ${field}.port: ${kind} ${name} has no port ${port} (got ${port}; its ports: ${quote(r.destinations.flatMap((d) => d.destination.ports.map((p) => String(p.port))))}).`,
          `${field}.port`,
        ),
      );
    }
  };
  arr(view.spec['to']).forEach((to, i) => {
    arr(rec(to)['rules']).forEach((rule, j) => {
      const conf = rec(rec(rule)['default']);
      arr(conf['backendRefs']).forEach((b, k) => check(b, `spec.to[${i}].rules[${j}].default.backendRefs[${k}]`));
      arr(conf['filters']).forEach((f, k) => {
        const mirror = rec(rec(f)['requestMirror']);
        if (mirror['backendRef'] !== undefined)
          check(mirror['backendRef'], `spec.to[${i}].rules[${j}].default.filters[${k}].requestMirror.backendRef`);
      });
    });
  });
  return results;
}

/**
 * Warnings for what admission accepts but selects nothing (spec §8.1 W1-W8; W9 in the
 * messages), infos for what cannot be verified offline. One result per reference.
 */
export function findings(analysis: Analysis, ctx: FindingsContext): Result[] {
  return analysis.policies.flatMap((report) => [
    ...topLevelFindings(report, ctx),
    ...toFindings(report, ctx),
    ...backendRefFindings(report, ctx),
  ]);
}
