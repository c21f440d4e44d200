import type { KubeObject, Result, Severity } from '../types.ts';
import type { NamespaceInfo, Settings } from '../settings.ts';
import { describe, resultFor } from '../results.ts';
import { yamlKind } from '../namespace-values.ts';
import { INJECTION_LABEL, webhookSelection, type NotCalledReason } from './webhook-selection.ts';
import type { ResultCode } from '../result-codes.ts';

/** The namespace of a workload as the webhook would read it, or the warning why it cannot be known. */
export type NamespaceResolution = { known: true; name: string; info: NamespaceInfo } | { known: false; result: Result };

/** Whether the webhook would be called for the workload's pods (spec §1), else the result saying why not. */
export type GateOutcome = { open: true } | { open: false; result: Result };

export interface GateInput {
  workload: KubeObject;
  /** Field path of the pod template, with a trailing dot ('' for a Pod). */
  templatePrefix: string;
  namespace: string;
  namespaceInfo: NamespaceInfo;
  podLabels: Readonly<Record<string, string>>;
  podAnnotations: Readonly<Record<string, string>>;
  settings: Settings;
}

const ENABLED_VALUES: readonly string[] = ['enabled', 'true', 'yes'];

/** The namespace the webhook would read, or undefined when neither the bundle nor settings know it. */
export function namespaceInfoOf(
  name: string,
  namespaces: ReadonlyMap<string, NamespaceInfo>,
  settings: Settings,
): NamespaceInfo | undefined {
  return namespaces.get(name) ?? (Object.hasOwn(settings.namespaces, name) ? settings.namespaces[name] : undefined);
}

/**
 * Returns the workload's namespace and what the webhook would read from it (bundle Namespace
 * object first, then Settings.namespaces), or a warning when that cannot be known. A workload
 * without metadata.namespace is treated as unknown: kubectl applies it to the current context's
 * namespace, which is not part of the input, and guessing `default` would inject (or not) on a
 * guess. kube-system and the control-plane namespace are decided by name alone, so they need no
 * Namespace object.
 */
export function resolveNamespace(
  workload: KubeObject,
  namespaces: ReadonlyMap<string, NamespaceInfo>,
  settings: Settings,
  alreadyInjected = false,
): NamespaceResolution {
  const consequence = alreadyInjected
    ? 'so the already injected template is left exactly as it is (neither re-rendered nor stripped)'
    : 'so the workload is not injected';
  // Like the API server, a namespace-less object lands in the namespace it is applied to, when
  // the host says which (Argo CD's destination namespace, or the user's `defaultNamespace`).
  const name = workload.metadata.namespace || settings.defaultNamespace;
  if (name === '') {
    return {
      known: false,
      result: say(
        'KI0205',
        'warning',
        workload,
        'metadata.namespace',
        'not set (got no namespace), so the pods land in the namespace of the kubectl context at apply time, which kuma-inject cannot see; ' +
          `whether the webhook injects depends on that namespace's ${INJECTION_LABEL} label, ${consequence}; expected an explicit namespace. ` +
          'Set metadata.namespace (kustomize `namespace:`, kpt set-namespace) or `defaultNamespace` in the function config, and include the Namespace or describe it under `namespaces`.',
      ),
    };
  }
  const info = namespaceInfoOf(name, namespaces, settings);
  if (info !== undefined) return { known: true, name, info };
  if (name === settings.systemNamespace || name === 'kube-system') return { known: true, name, info: { labels: {}, annotations: {} } };
  return {
    known: false,
    result: say(
      'KI0206',
      'warning',
      workload,
      'metadata.namespace',
      `namespace ${name} is unknown (got no Namespace object in the input and no entry in settings namespaces); ` +
        `whether the webhook injects depends on its ${INJECTION_LABEL} label, ${consequence}. ` +
        `Add the Namespace manifest to the input, or describe it under \`namespaces.${name}.labels\` in the function config.`,
    ),
  };
}

/**
 * Returns whether the API server would call the injector for the workload's pods (the chart's
 * webhook registrations, spec §1); when not, the result explains why: a warning when the pod
 * visibly asks for injection (or the namespace carries the label as an annotation by mistake),
 * else info.
 */
export function injectionGate(input: GateInput): GateOutcome {
  const selection = webhookSelection({
    namespace: input.namespace,
    namespaceInfo: input.namespaceInfo,
    podLabels: input.podLabels,
    systemNamespace: input.settings.systemNamespace,
    zoneProxyInjection: input.settings.release.injector.zoneProxyInjection,
  });
  if (selection.called) return { open: true };
  return { open: false, result: notCalled(input, selection.why, input.namespace, input.namespaceInfo) };
}

/** Where the pod asks for injection, if it does: its label, or the ignored pre-2.0 annotation. */
function podRequest(input: GateInput): { field: string; value: string } | undefined {
  const label = input.podLabels[INJECTION_LABEL];
  if (label !== undefined && ENABLED_VALUES.includes(label)) {
    return { field: `${input.templatePrefix}metadata.labels["${INJECTION_LABEL}"]`, value: label };
  }
  const annotation = input.podAnnotations[INJECTION_LABEL];
  if (annotation !== undefined && ENABLED_VALUES.includes(annotation)) {
    return { field: `${input.templatePrefix}metadata.annotations["${INJECTION_LABEL}"]`, value: annotation };
  }
  return undefined;
}

function notCalled(input: GateInput, why: NotCalledReason, ns: string, info: NamespaceInfo): Result {
  const asks = podRequest(input);
  const asAnnotation =
    asks?.field.includes('.annotations[') === true ? ` (${INJECTION_LABEL} is read from pod labels only; the annotation is ignored)` : '';
  switch (why) {
    case 'system-namespace': {
      const text =
        `namespace ${ns} is ${ns === input.settings.systemNamespace ? "the control plane's namespace" : 'kube-system'}, which the injector webhooks exclude by name, so the webhook is never called` +
        (input.settings.release.injector.zoneProxyInjection && ns === input.settings.systemNamespace
          ? ` (${input.settings.release.name} only calls it there for zone proxies labelled kuma.io/sidecar-injection: enabled, kuma.io/mesh and k8s.kuma.io/zone-proxy-type)`
          : '');
      if (asks === undefined) return info_(input, `not injected: ${text}.`);
      return warning(
        input,
        asks.field,
        `the pod asks for injection (got "${asks.value}")${asAnnotation} but ${text}. Run the workload in an application namespace.`,
      );
    }
    case 'namespace-not-labelled': {
      const nsAnnotation = info.annotations[INJECTION_LABEL];
      const rule =
        `namespace ${ns} has no ${INJECTION_LABEL} label` +
        (nsAnnotation === undefined ? '' : ` (only an annotation, got "${nsAnnotation}", which the webhook does not read)`) +
        `, and since Kuma 2.11 both injector webhooks only select namespaces that carry this label: a pod label alone no longer opts a pod in`;
      const fix = `Label the namespace: \`${INJECTION_LABEL}: enabled\` injects every pod in it; any other value (e.g. \`disabled\`) injects only pods labelled \`${INJECTION_LABEL}: enabled\`.`;
      if (asks !== undefined) {
        return warning(
          input,
          asks.field,
          `the pod asks for injection (got "${asks.value}")${asAnnotation} but ${rule}; expected a labelled namespace. ${fix}`,
        );
      }
      if (nsAnnotation !== undefined) return warning(input, 'metadata.namespace', `not injected: ${rule}. ${fix}`);
      return info_(input, `not injected: ${rule}.`);
    }
    case 'namespace-not-enabled': {
      const nsLabel: unknown = info.labels[INJECTION_LABEL] ?? '';
      // YAML reads an unquoted true as a boolean: say so rather than print "true" as if it were the string.
      const rule =
        typeof nsLabel === 'string'
          ? `namespace ${ns} is labelled ${INJECTION_LABEL}: "${nsLabel}" (not enabled/"true"), where the webhook is only called for pods labelled exactly ${INJECTION_LABEL}: enabled`
          : `namespace ${ns}'s ${INJECTION_LABEL} label is ${yamlKind(nsLabel)} (label values are strings; ${
              typeof nsLabel === 'object'
                ? `write one, e.g. ${INJECTION_LABEL}: enabled`
                : `quote it: ${INJECTION_LABEL}: "${String(nsLabel)}"`
            }), so the namespace selector never matches it`;
      if (asks !== undefined) {
        return warning(
          input,
          asks.field,
          `the pod asks for injection (got "${asks.value}")${asAnnotation} but ${rule}. Set the pod label to \`enabled\`.`,
        );
      }
      return info_(input, `not injected: ${rule}.`);
    }
  }
}

function warning(input: GateInput, field: string, text: string): Result {
  return say('KI0204', 'warning', input.workload, field, text);
}

function info_(input: GateInput, text: string): Result {
  return say('KI0204', 'info', input.workload, undefined, text);
}

function say(code: ResultCode, severity: Severity, workload: KubeObject, field: string | undefined, text: string): Result {
  const where = field === undefined ? '' : `, ${field}`;
  return resultFor(code, severity, workload, `${describe(workload)}${where}: ${text}`, field);
}
