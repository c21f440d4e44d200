import { KEY, annotationPath, labelPath } from '../kuma-api/keys.ts';
import type { KubeObject, ObjectMeta, Result } from '../types.ts';
import type { Settings } from '../settings.ts';
import { describe, resultFor } from '../results.ts';
import { isTrueWord } from './annotation-values.ts';
import { podToDataplane } from './convert.ts';
import { asRecord, asText } from './kube-values.ts';
import { LABEL } from './labels.ts';
import { nodeLabelsOf } from './node-labels.ts';
import { ZONE_PROXY_TYPE_LABEL } from './listeners.ts';
import { resolveMesh } from './preview-mesh.ts';
import { CONVERTER_DEFAULTS, type ConverterOptions } from './options.ts';
import { podView } from './pod-view.ts';
import { previewObject } from './preview-object.ts';
import { reachableBackendsViolations } from './reachable-backends.ts';
import { previewWarnings } from './preview-warnings.ts';
import { PLACEHOLDER } from './runtime-placeholders.ts';
import type { YamlReader } from '../go-yaml/yaml-node.ts';
import type { ServiceIndex } from './service-index.ts';
import { templateFields } from './template-paths.ts';
import { TP_ANNOTATION } from './transparent-proxying.ts';
import { workloadIdentity } from './workload-identity.ts';
import { previewZoneProxy } from './zone-proxy-preview.ts';
import type { ZoneProxyKind } from './zone-proxies.ts';

export { checkPreviews } from './check-previews.ts';

/** One workload's injected pod template and the bundle around it. */
export interface PreviewInput {
  /** The INJECTED pod template (the annotations the injector set are what kuma-cp reads). */
  pod: { metadata: ObjectMeta; spec: Record<string, unknown> };
  namespace: string;
  /** The workload object (Deployment, CronJob, Pod ...) that owns the template. */
  owner: KubeObject;
  services: ServiceIndex;
  namespaceLabels: Record<string, string>;
  namespaceAnnotations: Record<string, string>;
  settings: Settings;
  /** The host's YAML 1.1 parser, for annotations kuma-cp decodes as YAML (`kuma.io/reachable-backends`). */
  readYaml?: YamlReader;
  /** kuma-cp knobs Settings does not carry (yet); defaults are kuma-cp 2.14's. */
  options?: Partial<ConverterOptions>;
}

/** The preview (when kuma-cp would create an object) and what reviewers should know. */
export interface PreviewOutcome {
  dataplane: KubeObject | undefined;
  results: Result[];
}

/** Pods kuma-cp turns into a zone proxy instead of a Dataplane, by annotation (checked in this order). */
const ZONE_PROXY_ANNOTATIONS: readonly { key: string; kind: ZoneProxyKind }[] = [
  { key: 'kuma.io/ingress', kind: 'ZoneIngress' },
  { key: 'kuma.io/egress', kind: 'ZoneEgress' },
];

function optionsFor(input: PreviewInput): ConverterOptions {
  const { settings } = input;
  return {
    ...CONVERTER_DEFAULTS,
    capabilities: settings.release.converter,
    zone: settings.zone,
    systemNamespace: settings.systemNamespace,
    ...input.options,
  };
}

/**
 * The Dataplane kuma-cp will create for each Pod of an injected workload, in its stored form
 * (after the admission webhook), with runtime-only values as placeholders listed in
 * `kuma-inject.dev/runtime-fields`, marked local-config so it is never applied. Undefined when the
 * template is not injected, or when kuma-cp would not create a Dataplane (results say why).
 */
export function previewDataplane(input: PreviewInput): PreviewOutcome {
  const { owner, namespace, settings } = input;
  const annotations = input.pod.metadata.annotations ?? {};
  if (settings.previews === 'off') return { dataplane: undefined, results: [] };
  const templateField = templateFields(owner, settings.workloadKinds);
  // kuma-cp's order: zone ingress, zone egress, built-in gateway, then injected sidecars.
  // Releases without them convert such Pods like any other (a builtin gateway then fails conversion).
  const legacy = settings.release.converter.legacyZoneProxiesAndBuiltinGateways;
  const zoneProxyKind = legacy ? ZONE_PROXY_ANNOTATIONS.find((z) => isTrueWord(asText(annotations[z.key])))?.kind : undefined;
  const gateway = legacy && asText(annotations['kuma.io/gateway']) === 'builtin';
  if (zoneProxyKind === undefined && !gateway && !isTrueWord(asText(annotations['kuma.io/sidecar-injected']))) {
    return { dataplane: undefined, results: [] };
  }
  if (zoneProxyKind === undefined && gateway) {
    return {
      dataplane: undefined,
      results: [
        resultFor(
          'KI0501',
          'info',
          owner,
          `${describe(owner)}, ${templateField(annotationPath(KEY.gateway))}: kuma-cp creates a built-in gateway Dataplane from the kuma.io/tags annotation for these Pods (got "builtin"); no preview is made for it.`,
        ),
      ],
    };
  }
  const templateLabels = input.pod.metadata.labels ?? {};
  if (templateLabels[LABEL.workload] !== undefined) {
    const field = templateField(labelPath(LABEL.workload));
    return {
      dataplane: undefined,
      results: [
        resultFor(
          'KI0502',
          'error',
          owner,
          `${describe(owner)}, ${field}: the label is managed by Kuma (got "${templateLabels[LABEL.workload]}"); Kuma's Pod validating webhook denies every Pod carrying it ("cannot manually set kuma.io/workload label on Pod"). Remove the label; list the label to use in kuma-cp runtime.kubernetes.workloadLabels instead.`,
          field,
        ),
      ],
    };
  }
  const options = optionsFor(input);
  const identity = workloadIdentity(owner);
  const metadata = {
    ...input.pod.metadata,
    name: identity.podName,
    namespace,
    labels: { ...templateLabels, ...identity.controllerLabels },
  };
  const spec = { ...input.pod.spec };
  // API server defaulting: the deprecated serviceAccount field, else `default`.
  if (asText(spec['serviceAccountName']) === '') spec['serviceAccountName'] = asText(spec['serviceAccount']) || 'default';
  const pod = podView({ kind: 'Pod', metadata, spec, status: { podIP: PLACEHOLDER.podIP } }, namespace);
  if (zoneProxyKind !== undefined) {
    const zp = previewZoneProxy(
      zoneProxyKind,
      owner,
      templateField,
      pod,
      input.services.selectingViews(namespace, pod.labels),
      identity,
      options,
    );
    return { dataplane: zp.object, results: zp.results };
  }
  const { mesh, meshServicesMode, results } = resolveMesh(input, pod);
  const services = input.services.selectingViews(namespace, pod.labels);
  const outcome = podToDataplane({
    pod,
    services,
    mesh: { name: mesh, meshServicesMode },
    options,
    ownerName: () => identity.owner,
    nodeLabels: (nodeName) => nodeLabelsOf(input.services.node(nodeName), options.nodeLabelsToCopy),
    readYaml: input.readYaml,
  });
  if (!outcome.ok) {
    results.push(
      resultFor(
        'KI0503',
        'error',
        owner,
        `${describe(owner)}, ${templateField('metadata.annotations')}: kuma-cp cannot generate a Dataplane for these Pods (got "${outcome.error}"); without one the sidecar never becomes ready. Fix the annotation the error names.`,
        templateField('metadata.annotations'),
      ),
    );
    return { dataplane: undefined, results };
  }
  const tp = asRecord(asRecord(outcome.spec['networking'])?.['transparentProxying']);
  const violations = reachableBackendsViolations(tp?.['reachableBackends']);
  if (violations.length > 0) {
    const field = templateField(annotationPath(TP_ANNOTATION.reachableBackends));
    results.push(
      resultFor(
        'KI0516',
        'error',
        owner,
        `${describe(owner)}, ${field}: kuma-cp's Dataplane validation rejects these refs (got ${violations.join('; ')}); the Dataplane is never stored and the sidecar never becomes ready. Fix the refs: kind MeshService, MeshExternalService or MeshMultiZoneService, and either a lowercase name (with an optional namespace) or labels.`,
        field,
      ),
    );
    return { dataplane: undefined, results };
  }
  const zoneProxy = services.filter((svc) => ZONE_PROXY_TYPE_LABEL in svc.labels);
  if (options.capabilities.zoneProxyListeners === 'exclusive-mesh' && zoneProxy.length > 0 && meshServicesMode !== 'Exclusive') {
    results.push(
      resultFor(
        'KI0504',
        'warning',
        owner,
        `${describe(owner)}: zone proxy Services select it (${zoneProxy.map((svc) => `Service ${svc.namespace}/${svc.name}`).join(', ')}) but Mesh "${mesh}" has spec.meshServices.mode ${meshServicesMode === '' ? 'unset' : meshServicesMode} (got "${meshServicesMode}"); listeners need Exclusive. kuma-cp skips the listeners (ZoneProxyListenersSkipped): set meshServices.mode: Exclusive on the Mesh, or include the Mesh in the bundle if it already is.`,
      ),
    );
  }
  const transparentlyProxied =
    (pod.annotations[TP_ANNOTATION.config] ?? '') !== '' || isTrueWord(pod.annotations[TP_ANNOTATION.enabled] ?? '');
  results.push(...previewWarnings(owner, templateField, pod, services, transparentlyProxied));

  const dataplane = previewObject({
    kind: 'Dataplane',
    mesh: outcome.mesh,
    owner,
    namespace,
    podName: identity.podName,
    labels: outcome.labels,
    spec: outcome.spec,
    services: services.map((svc) => svc.name),
    nodeLabelsToCopy: options.nodeLabelsToCopy,
    outboundsAtRuntime: options.capabilities.metricsProbesOutbounds && !options.kubeOutboundsAsVIPs,
    proxyTypeLabel: options.capabilities.proxyTypeLabel,
  });
  return { dataplane, results };
}
