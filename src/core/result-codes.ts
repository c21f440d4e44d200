import type { Severity } from './types.ts';

/**
 * Every finding kuma-inject reports has a stable code (KRM `results[].tags.code`), so CI
 * rules and tests can name a finding without matching its prose. This table is the one
 * source of truth: the docs table (functions/kuma-inject/result-codes.md) is rendered from it and a
 * test keeps the two equal; a result emitted without a code listed here fails the test suite.
 *
 * Adding a finding: pick the next free number of its group, add an entry here, pass the code where
 * the result is built, run the tests with UPDATE_GOLDEN=1 once to refresh the docs table.
 * Codes are never renumbered or reused: a removed finding leaves its number empty.
 *
 * Groups: KI00xx the run itself, KI01xx settings, KI02xx which workloads are injected,
 * KI03xx the injector's own checks, KI04xx ContainerPatches, KI05xx Dataplane previews,
 * KI06xx side inputs (cluster state), KI07xx host-specific findings,
 * KI08xx Kuma policies and the mesh analysis,
 * KI09xx the control plane's install.
 */
export interface ResultCodeInfo {
  /** The severities a result with this code can have (some findings are info or warning by case). */
  severities: readonly Severity[];
  /** What was found, in one line. */
  meaning: string;
  /** What to do about it. */
  fix: string;
}

export const RESULT_CODES = {
  KI0001: {
    severities: ['info'],
    meaning: 'The summary of the run: how many workloads were injected, skipped, uninjected or failed, and how many errors and warnings.',
    fix: 'Nothing; read it to see what the run did.',
  },
  KI0002: {
    severities: ['error'],
    meaning: 'The input is not valid YAML or not a stream of Kubernetes objects; nothing was processed.',
    fix: 'Fix the YAML at the line and column the message names.',
  },
  KI0003: {
    severities: ['info'],
    meaning: 'Findings the settings acknowledge (`ignore:`) were left out of the report; this line counts them.',
    fix: 'Nothing; remove the `ignore:` entry to see them again.',
  },
  KI0004: {
    severities: ['error'],
    meaning: 'A List (kind: List or a *List kind) has items that are not a list of objects.',
    fix: 'Fix the List at the item the message names.',
  },

  KI0101: {
    severities: ['error'],
    meaning: 'A setting has an invalid value or an unknown key (functionConfig, ConfigMap key, flag or environment variable).',
    fix: 'Correct the field the message names; the message lists the allowed values.',
  },
  KI0102: {
    severities: ['error'],
    meaning: 'The functionConfig is of an unsupported kind or apiVersion.',
    fix: 'Use `fn.kuma-inject.dev/v1alpha1` `KumaInject`, or a ConfigMap with flat keys.',
  },
  KI0103: {
    severities: ['error'],
    meaning: 'The settings file given apart from the input (`--config`) is not one YAML object.',
    fix: 'Fix the file: one KumaInject object (or a ConfigMap).',
  },
  KI0104: {
    severities: ['info'],
    meaning: "Settings were taken from the bundle's kuma-cp config ConfigMap (`<release>-control-plane-config`).",
    fix: 'Nothing; settings in the functionConfig or flags still take precedence.',
  },
  KI0105: {
    severities: ['error'],
    meaning: "The kuma-cp config ConfigMap's `data.config.yaml` is not valid YAML.",
    fix: 'Fix the control-plane config, or remove it from the input.',
  },
  KI0106: {
    severities: ['info'],
    meaning: 'The one KumaInject object of the input files is used as the settings and left out of the output.',
    fix: 'Nothing; give `--config FILE` to use other settings.',
  },
  KI0107: {
    severities: ['warning'],
    meaning: 'KumaInject objects of the input were left out of the output and not used (`--config` given, or more than one).',
    fix: 'Name the settings to use with `--config FILE`, or keep one KumaInject object in the input.',
  },
  KI0108: {
    severities: ['warning'],
    meaning: '`controlPlane.caCert` is empty, so injected sidecars cannot verify the control plane.',
    fix: "Give `--ca-cert-file PEM`, set `controlPlane.caCert`, or give the control plane's `<release>-tls-cert` Secret (key `ca.crt`) as cluster state (`--cluster-state`, `clusterState:`), which is never emitted.",
  },
  KI0109: {
    severities: ['error'],
    meaning: '`failOn: warning` turned the warnings of this run into a failure; nothing was changed.',
    fix: 'Fix what the warnings say, or set `failOn: error`.',
  },

  KI0112: {
    severities: ['warning'],
    meaning: 'The chosen version is a development preview, not a release.',
    fix: 'Use a released version unless you are testing the next one on purpose.',
  },
  KI0110: {
    severities: ['error'],
    meaning: 'An `ignore:` entry names a code that is only ever an error; errors cannot be silenced.',
    fix: 'Remove the entry and fix the error.',
  },
  KI0111: {
    severities: ['warning'],
    meaning: 'An `ignore:` entry names a code that is not in this table, so it acknowledges nothing.',
    fix: 'Correct the code, or remove the entry.',
  },

  KI0201: { severities: ['info'], meaning: 'The workload was injected (or re-rendered from an earlier injection).', fix: 'Nothing.' },
  KI0202: {
    severities: ['info'],
    meaning: "The webhook would not inject the workload's pods (an annotation or label of the pod opts out, or the pod is a zone proxy).",
    fix: 'Nothing, unless the workload should be in the mesh: the message names the cause.',
  },
  KI0203: {
    severities: ['info'],
    meaning: "The workload's controller gives its pods a label listed in the injector's exceptions.",
    fix: 'Nothing, unless the workload should be in the mesh: change `injector.exceptions.labels`.',
  },
  KI0204: {
    severities: ['info', 'warning'],
    meaning: "The namespace's injection label keeps the workload out of the mesh (warning when the pod or namespace asks for injection).",
    fix: 'Label the namespace `kuma.io/sidecar-injection: enabled`, or drop the request from the pod.',
  },
  KI0205: {
    severities: ['warning'],
    meaning: 'The workload has no namespace, so whether it is injected depends on the kubectl context at apply time.',
    fix: 'Set `metadata.namespace`, or `defaultNamespace` in the settings.',
  },
  KI0206: {
    severities: ['warning'],
    meaning: 'The namespace is neither in the input nor in settings `namespaces`, so its injection label is unknown.',
    fix: 'Add the Namespace to the input, or describe it under `namespaces`.',
  },
  KI0207: {
    severities: ['error'],
    meaning: "The mesh webhook would reject the workload's pods; the message says why.",
    fix: 'Fix the field the message names.',
  },
  KI0208: {
    severities: ['info'],
    meaning: 'The workload was uninjected: the sidecar and what the injector wrote were removed.',
    fix: 'Nothing.',
  },
  KI0209: { severities: ['info'], meaning: 'Uninject found nothing to remove from the workload.', fix: 'Nothing.' },
  KI0210: {
    severities: ['warning'],
    meaning: 'The workload was injected earlier, but the webhook would not inject it now; the sidecar is removed.',
    fix: 'Fix the cause the message names to keep the workload in the mesh.',
  },
  KI0211: {
    severities: ['info'],
    meaning: "A re-render kept a value as the workload's own although the current settings would write another one.",
    fix: 'Delete the value from the template to take the current default.',
  },
  KI0212: {
    severities: ['info'],
    meaning: 'A re-render replaced or removed a value an earlier injection wrote.',
    fix: 'Nothing; list the key in the user-keys annotation to keep a value of your own.',
  },
  KI0213: {
    severities: ['warning'],
    meaning: 'An object has a pod template but its kind is not a workload kind kuma-inject knows; the webhook will still inject its pods.',
    fix: 'Add a `workloadKinds` entry for the kind.',
  },
  KI0214: {
    severities: ['info'],
    meaning: 'The object takes its pods from `spec.workloadRef`, which is injected as its own object.',
    fix: 'Nothing.',
  },
  KI0215: {
    severities: ['warning'],
    meaning: 'A `workloadKinds` rule matches, but its `templatePath` is not a pod template.',
    fix: 'Fix `templatePath` in the settings.',
  },
  KI0216: {
    severities: ['error'],
    meaning: 'Labels or annotations of a workload or Namespace are not a map of strings (a YAML boolean or number where text is needed).',
    fix: 'Quote the value exactly as it should be kept.',
  },

  KI0217: {
    severities: ['error'],
    meaning: 'A container name is used twice in the same list of the pod template; the API server refuses such a pod.',
    fix: 'Rename one of the two containers.',
  },
  KI0218: {
    severities: ['warning'],
    meaning:
      'The pod has its own container named kuma-sidecar without the injected annotation; the webhook takes it as injected already and skips it.',
    fix: 'Rename the container if it is not a Kuma sidecar; remove it to have the sidecar injected.',
  },
  KI0219: {
    severities: ['error'],
    meaning:
      'The pod has its own container named like one the injector adds (kuma-init, kuma-validation); a re-render or uninject would remove it.',
    fix: 'Rename that container.',
  },
  KI0220: {
    severities: ['error'],
    meaning: 'The injected pod would hold two containers or two volumes of the same name; the API server refuses it.',
    fix: 'Rename the container or volume of the pod (or of the ContainerPatch) the message names.',
  },

  KI0221: {
    severities: ['warning'],
    meaning:
      'A pod template has a shape the API server rejects (not a map, no containers list, ...), so the webhook never sees its pods; it is counted as skipped.',
    fix: 'Fix the manifest at the field the message names.',
  },
  KI0222: {
    severities: ['warning'],
    meaning: 'A built-in workload kind under an apiVersion Kubernetes does not serve it from; the API server rejects it, so it is skipped.',
    fix: 'Fix apiVersion (e.g. apps/v1).',
  },
  KI0223: {
    severities: ['error'],
    meaning: 'metadata.name, generateName or namespace is not a string, or a workload has no name; the API server refuses the object.',
    fix: 'Write the field as text (quote numbers and booleans), or give the object a name.',
  },
  KI0224: {
    severities: ['error'],
    meaning:
      'A port of the pod template, or one the injection (or uninject) would write into it, is missing, out of range, of the wrong type or not a valid port name; the API server refuses it.',
    fix: 'Use a port number from 1 to 65535 (or a valid port name); for a port the injection writes, fix the annotation or setting it comes from (kuma.io/virtual-probes-port, injector.virtualProbesPort); for one uninject would write, put the probe back by hand.',
  },
  KI0225: {
    severities: ['warning'],
    meaning:
      'A probe names a port its container does not declare: the kubelet cannot run it, and the injector (as the webhook does) points the rewritten probe at port 0. Uninject cannot give such a name back from a Pod.',
    fix: "Declare the port in the container's ports, or write the probe's port as a number.",
  },

  KI0226: {
    severities: ['warning'],
    meaning:
      'A label or annotation of a pod template, Namespace or Service (or of a namespace in the settings) is one or two letters away from a key Kuma reads (kuma.io/sidecar-injecton); Kuma ignores it without a word.',
    fix: 'Rename it to the key the message names, or remove it.',
  },

  KI0227: {
    severities: ['warning'],
    meaning:
      "A workload's own labels or annotations carry a key Kuma reads on pods (kuma.io/sidecar-injection, kuma.io/virtual-probes) that its pod template does not: the webhook never sees it.",
    fix: 'Move it to the pod template (spec.template.metadata), where the webhook reads it.',
  },

  KI0301: {
    severities: ['warning'],
    meaning: 'An init container would run before kuma-init and so without the mesh network rules the injector expects.',
    fix: 'Follow the message: move or mark the init container.',
  },
  KI0302: {
    severities: ['info', 'warning'],
    meaning: 'A deprecated Kuma annotation (warning when the webhook of this version ignores it).',
    fix: 'Use the replacement the message names.',
  },

  KI0401: {
    severities: ['warning'],
    meaning: 'A ContainerPatch outside the system namespace is never applied.',
    fix: 'Move it to the system namespace.',
  },
  KI0402: { severities: ['error'], meaning: 'A ContainerPatch has no name.', fix: 'Add `metadata.name`.' },
  KI0403: {
    severities: ['error'],
    meaning: 'Two ContainerPatches have the same name in the system namespace.',
    fix: 'Remove or rename one.',
  },
  KI0404: {
    severities: ['error'],
    meaning: "A ContainerPatch's spec or patch list has the wrong shape.",
    fix: 'Write `spec.sidecarPatch` / `spec.initPatch` as lists of JSON-patch operations.',
  },
  KI0405: { severities: ['error'], meaning: 'A ContainerPatch operation is malformed.', fix: 'Fix the operation as the message says.' },
  KI0406: {
    severities: ['warning'],
    meaning: 'A ContainerPatch operation the CRD does not admit; the API server rejects the object.',
    fix: 'Drop the operation or use one the CRD admits.',
  },
  KI0407: { severities: ['error'], meaning: 'An unknown field in a ContainerPatch.', fix: 'Remove or rename the field.' },
  KI0408: {
    severities: ['error'],
    meaning: 'A ContainerPatch operation does not apply to the container, or makes it invalid.',
    fix: 'Fix the operation path or value.',
  },
  KI0409: {
    severities: ['warning'],
    meaning: 'A ContainerPatch gives a Kuma container more privileges.',
    fix: 'Check that the privilege is intended.',
  },
  KI0410: {
    severities: ['error'],
    meaning:
      'A ContainerPatch replaces, renames or strips the identity (name, image) of a container the injector adds, so a re-render could not find it.',
    fix: 'Patch fields of the container instead of the container itself, its name or its image.',
  },

  KI0501: {
    severities: ['info'],
    meaning: 'A built-in gateway: kuma-cp creates its Dataplane from the tags annotation; no preview is made.',
    fix: 'Nothing.',
  },
  KI0502: {
    severities: ['error'],
    meaning: 'The pod template sets the `kuma.io/workload` label, which Kuma manages; its webhook denies such Pods.',
    fix: 'Remove the label.',
  },
  KI0503: {
    severities: ['error'],
    meaning: 'kuma-cp cannot generate a Dataplane for the pods.',
    fix: 'Fix the annotation or Service the message names.',
  },
  KI0504: {
    severities: ['warning'],
    meaning: "Zone proxy Services select the workload, but the Mesh's meshServices mode does not use them.",
    fix: 'Follow the message.',
  },
  KI0505: {
    severities: ['warning'],
    meaning: "A Service's named targetPort matches no container port; the Dataplane has no inbound for it.",
    fix: 'Name the container port, or fix the targetPort.',
  },
  KI0506: {
    severities: ['warning'],
    meaning: "A Service port's appProtocol is not one Kuma knows.",
    fix: 'Set a supported appProtocol or remove it.',
  },
  KI0507: {
    severities: ['warning'],
    meaning: "A Service's `<port>.service.kuma.io/protocol` annotation is not a protocol Kuma knows.",
    fix: 'Use a supported protocol.',
  },
  KI0508: {
    severities: ['warning'],
    meaning: 'A headless Service selects the workload; every inbound carries the pod name.',
    fix: 'Expected for StatefulSets addressed per pod; otherwise use a ClusterIP Service.',
  },
  KI0509: {
    severities: ['warning'],
    meaning: 'Direct access to services is in effect; the sidecar bypasses client-side policies for them.',
    fix: 'Narrow or remove the direct-access annotation.',
  },
  KI0510: {
    severities: ['warning'],
    meaning: 'Pods of one namespace are in several meshes.',
    fix: 'Move the workloads to one mesh, or to separate namespaces.',
  },
  KI0511: {
    severities: ['warning'],
    meaning: 'A Service selects pods in several meshes.',
    fix: 'Narrow the Service selector, or move the workloads into one mesh.',
  },
  KI0512: {
    severities: ['error'],
    meaning: 'kuma-cp refuses a zone ingress/egress here (outside the system namespace, or not exactly one Service port).',
    fix: 'Follow the message.',
  },
  KI0513: {
    severities: ['warning'],
    meaning: 'The deprecated `kuma.io/mesh` annotation selects the mesh.',
    fix: 'Use the `kuma.io/mesh` label.',
  },
  KI0514: {
    severities: ['warning'],
    meaning: 'The Mesh is neither in the input nor in settings `meshes`; kuma-cp creates no Dataplane until it exists.',
    fix: 'Add the Mesh to the input, or list it in `meshes`.',
  },
  KI0516: {
    severities: ['error'],
    meaning: "`kuma.io/reachable-backends` names refs kuma-cp's Dataplane validation rejects; the Dataplane is never stored.",
    fix: 'Fix the refs the message names.',
  },
  KI0517: {
    severities: ['warning'],
    meaning:
      '`kubeOutboundsAsVIPs: false`: kuma-cp builds the outbounds from every Dataplane and Service cluster IP of the mesh, which no bundle holds; previews list them as a runtime field.',
    fix: 'Nothing, unless you expected outbounds in the previews: they are only known in the cluster.',
  },
  KI0518: {
    severities: ['error'],
    meaning:
      'A Dataplane or MeshService preview file would be named after a namespace, name or kind that is not a valid Kubernetes name; nothing is written.',
    fix: 'Fix the metadata.namespace, metadata.name, kind or defaultNamespace the message names.',
  },
  KI0519: {
    severities: ['warning'],
    meaning:
      "A Service's `<port>.service.kuma.io/protocol` annotation names a port the Service does not expose (often the targetPort), or misspells `protocol`: kuma-cp never reads it.",
    fix: "Name the Service's port (not the targetPort) and spell it `<port>.service.kuma.io/protocol`, or remove it.",
  },

  KI0601: {
    severities: ['error'],
    meaning: 'A side input (`--cluster-state`, `clusterState:`) is not valid YAML, or cannot be read.',
    fix: 'Fix the file, or leave it out.',
  },
  KI0602: {
    severities: ['info'],
    meaning: "An object is both in the input and in a side input (or in two side inputs); the input's (or the first) is used.",
    fix: 'Nothing; drop one copy to silence it.',
  },
  KI0603: {
    severities: ['info'],
    meaning: 'Side inputs were read as cluster state: how many objects, from where. They are never part of the output.',
    fix: 'Nothing.',
  },

  KI0701: {
    severities: ['warning'],
    meaning:
      'Under Argo CD, a control-plane Secret or ConfigMap that kuma-inject read only as a settings source is not local-config, so Argo CD applies it into the control-plane namespace.',
    fix: 'Mark it `config.kubernetes.io/local-config: "true"`, or move it out of the application into a side input (`clusterState:` / `--cluster-state`).',
  },
  KI0702: {
    severities: ['error'],
    meaning:
      'An internal error (a bug of kuma-inject, not of the input) stopped the run; nothing was changed: KRM hosts get their input back, a stream run prints nothing on stdout.',
    fix: 'Report it with the input and the stack trace the message holds.',
  },

  KI0901: {
    severities: ['info'],
    meaning:
      "Settings were derived from the control plane's install (the kuma-cp Deployment's env, its config file, its CA), as kuma-cp computes them.",
    fix: 'Nothing; settings in KumaInject or flags still take precedence (KI0911 names any that contradict the install).',
  },
  KI0902: {
    severities: ['error'],
    meaning:
      "kuma-cp would not start with this install: its config file or an env var does not parse, or the config fails kuma-cp's validation. No injector would answer.",
    fix: 'Fix the env var or config key the message names in the control-plane install.',
  },
  KI0903: {
    severities: ['warning'],
    meaning:
      "A key of kuma-cp's config file is shadowed by an env var of the kuma-cp Deployment (env always wins), so the file's value has no effect.",
    fix: 'Remove the key from the config file, or change the env var (Helm: the value that renders it, or `controlPlane.envVars`).',
  },
  KI0904: {
    severities: ['warning'],
    meaning: 'The kuma-cp Deployment sets a `KUMA_*` variable that this kuma-cp release does not read; kuma-cp ignores it silently.',
    fix: 'Correct the name (the message suggests the nearest known one), or remove it.',
  },
  KI0905: {
    severities: ['warning'],
    meaning:
      "A kuma-cp config key is set by an env var whose value is only known in the cluster (a reference to an object that is not in the input or the side inputs, a field of the running pod); the key's value is unknown offline.",
    fix: 'Add the referenced Secret or ConfigMap as a side input (`--cluster-state`), or set the injector setting explicitly in KumaInject.',
  },
  KI0906: {
    severities: ['warning'],
    meaning: "kuma-cp's config file is not in the input or the side inputs; settings come from the env and kuma-cp's defaults only.",
    fix: "Add the control plane's config ConfigMap to the input or as a side input.",
  },
  KI0907: {
    severities: ['info'],
    meaning:
      'The CA the injector gives sidecars (the file of `caCertFile`) cannot be read offline from the install: the Secret is not in the input, or it is generated at render or run time.',
    fix: 'Give the CA with `--ca-cert-file` or `controlPlane.caCert`, or the Secret the message names as a side input.',
  },
  KI0908: {
    severities: ['info'],
    meaning:
      'The control plane registers no sidecar injector (global mode, or the universal environment); no settings are derived from it.',
    fix: 'Nothing, unless this is the wrong control plane: pick the zone one with `systemNamespace`.',
  },
  KI0909: {
    severities: ['error'],
    meaning: 'The input holds several kuma-cp installs and the settings do not say which one injects these workloads.',
    fix: 'Set `systemNamespace` to the namespace of the control plane to use (the message lists them).',
  },
  KI0910: {
    severities: ['info'],
    meaning:
      'Where each injector setting that differs from the release defaults comes from (the install: env var, config file or kuma-cp default; KumaInject; flags).',
    fix: 'Nothing; `--explain-settings` lists them in every run.',
  },
  KI0911: {
    severities: ['warning'],
    meaning:
      "An explicit setting (KumaInject or a flag) contradicts the control-plane install of the same run: the explicit value is used, the cluster injects with the install's.",
    fix: 'Drop the explicit setting to follow the install, or change the install.',
  },
  KI0912: {
    severities: ['info'],
    meaning:
      'The control plane does not create the `default` Mesh (`defaults.skipMeshCreation`, or a zone federated with a global control plane).',
    fix: 'Add the Mesh objects the workloads use to the input, or list them in `meshes`.',
  },
  KI0913: {
    severities: ['warning'],
    meaning: "The input holds a kuma-cp install in another namespace than the settings' `systemNamespace`; it is not used.",
    fix: 'Set `systemNamespace` to its namespace to derive the settings from it, or remove it from the input.',
  },
  KI0914: {
    severities: ['warning'],
    meaning:
      "The Helm values given (`--helm-values`, `helmValues:`) render a control plane whose injector settings differ from the rendered install in the input; the input's install is used.",
    fix: 'Render the chart again from the values, or fix the values, so both say the same.',
  },
  KI0915: {
    severities: ['warning'],
    meaning:
      "A key of kuma-cp's config file is not a kuma-cp setting (kuma-cp ignores unknown keys silently, so a typo keeps the default).",
    fix: 'Correct the key (the message suggests the nearest one at that level), or remove it.',
  },
  KI0916: {
    severities: ['error'],
    meaning:
      "The kuma-cp Deployment's container env has an entry the API server refuses (a value that is not a string, an entry without a name): the install never runs as written.",
    fix: 'Fix the entry the message names (quote the value).',
  },

  KI0801: {
    severities: ['error'],
    meaning: 'A Kuma policy breaks its CRD schema (a type, a required field, an enum value, an unknown field): the API server refuses it.',
    fix: 'Correct the field the message names; the message lists the allowed values where there are some.',
  },
  KI0802: {
    severities: ['error'],
    meaning: "Kuma's admission webhook refuses the policy: a field breaks the policy's validation rules (HTTP 422).",
    fix: 'Fix the field the message names as its message says.',
  },
  KI0803: {
    severities: ['error'],
    meaning:
      "Kuma's admission webhook refuses the policy for where or how it is applied (HTTP 403/500): mixed `to`/`from` or producer/consumer items in an app namespace, origin or zone labels, a kind allowed only in the system namespace.",
    fix: 'Follow the fix the message gives (split the policy, move it, or correct the label).',
  },
  KI0804: {
    severities: ['warning'],
    meaning:
      "A policy breaks Kuma's validation rules, but its namespace is not selected by Kuma's webhooks, so nothing refuses it and kuma-cp reads it as written.",
    fix: 'Fix the field the message names (and label the namespace `kuma.io/sidecar-injection` so admission checks its policies).',
  },
  KI0805: {
    severities: ['warning'],
    meaning:
      'Admission accepts the policy with a deprecation warning (a deprecated targetRef kind, `from`, an inline OpenTelemetry endpoint, ...).',
    fix: 'Move to what the warning names before the next major release removes it.',
  },
  KI0806: {
    severities: ['info'],
    meaning:
      "The bundle's Kuma policies are not validated: the chosen version's admission webhooks are not the 2.14 ones this tool reproduces.",
    fix: 'Run with version 2.14 to check them against its rules.',
  },

  KI0851: {
    severities: ['info'],
    meaning:
      "A Service's MeshServices cannot be previewed offline: it is headless (one MeshService per Pod, named after the Pod), or its Mesh is not in the bundle.",
    fix: 'Nothing for a headless Service; give the Mesh (with its `spec.meshServices.mode`) in the bundle or as cluster state otherwise.',
  },
  KI0852: {
    severities: ['warning'],
    meaning:
      "A Namespace's `kuma.io/sidecar-injection` label has a value kuma-cp's MeshService controller cannot read; it fails on every Service of the namespace.",
    fix: 'Use `enabled` or `disabled`.',
  },
  KI0853: {
    severities: ['warning'],
    meaning: 'A Service without a selector gets a MeshService that selects every Dataplane inbound of its namespace.',
    fix: 'Give the Service a selector, or annotate it `kuma.io/ignore: "true"`.',
  },
  KI0854: {
    severities: ['warning'],
    meaning: "A policy's top-level targetRef selects no Dataplane previewed in this bundle.",
    fix: 'Follow the message: the nearest existing name or label is named; the workloads may also be applied from elsewhere.',
  },
  KI0855: {
    severities: ['warning'],
    meaning:
      '`kind: Dataplane` `sectionName` names no inbound of the selected Dataplanes (inbound section names are container port names or numbers, not Service port names).',
    fix: 'Use the container port name (or number) the message lists.',
  },
  KI0856: {
    severities: ['warning'],
    meaning:
      "A policy's `to[].targetRef` resolves to no MeshService, MeshExternalService, MeshMultiZoneService or port in this bundle (or, in mesh services mode Disabled, to no `kuma.io/service`).",
    fix: 'Follow the message: namespace defaulting, the Service port name, or the legacy `<service>_<namespace>_svc_<port>` form.',
  },
  KI0857: {
    severities: ['warning'],
    meaning: 'A top-level `kind: MeshHTTPRoute` names no MeshHTTPRoute of the mesh; kuma-cp ignores the policy.',
    fix: 'Name an existing route, or target the route from `spec.to[].targetRef`.',
  },
  KI0858: {
    severities: ['info'],
    meaning: 'A `kind: Dataplane` name cannot be verified offline: the Pods it could name get their names at runtime.',
    fix: 'Select the workload by labels instead.',
  },
  KI0859: {
    severities: ['warning'],
    meaning: 'A consumer or workload-owner policy reaches only its own namespace, and the bundle previews no Dataplane there.',
    fix: 'Apply it in the namespace of its workloads, or in the system namespace.',
  },
  KI0860: {
    severities: ['warning'],
    meaning: "A policy's mesh is neither in the bundle nor in settings `meshes`; admission needs the Mesh to exist.",
    fix: 'Add the Mesh, list it in `meshes`, or fix the `kuma.io/mesh` label.',
  },
  KI0861: {
    severities: ['warning'],
    meaning:
      "A policy is in a namespace without the `kuma.io/sidecar-injection` label: Kuma's webhooks skip it, so its role and namespace labels are never computed and it acts as a mesh-wide system policy.",
    fix: 'Label the namespace, or move the policy to the namespace of its workloads (or the system namespace).',
  },
  KI0862: {
    severities: ['info'],
    meaning: "A policy's namespace is not in the bundle; the analysis assumes Kuma's webhooks admit it there (labelled namespace).",
    fix: 'Add the Namespace to the bundle or as cluster state to make it certain.',
  },
  KI0863: {
    severities: ['info'],
    meaning: 'A legacy (source/destination) Kuma policy: listed, not analyzed.',
    fix: 'Nothing; migrate to the targetRef policies to get it analyzed.',
  },
  KI0864: {
    severities: ['info'],
    meaning: 'A Kuma object the analysis does not analyze: a Kong Mesh-only or unknown kind, or a policy selecting built-in gateways.',
    fix: 'Nothing; it is passed through untouched.',
  },
  KI0865: {
    severities: ['info'],
    meaning: 'A shadow policy (`kuma.io/effect: shadow`): kuma-cp shows it in inspect views only, it applies to nothing.',
    fix: 'Remove the label when the policy should take effect.',
  },
  KI0866: {
    severities: ['info'],
    meaning: 'What the policy analysis did: how many policies it matched against how many Dataplane previews.',
    fix: 'Nothing; `kuma-inject analyze` prints the details.',
  },
  KI0867: {
    severities: ['info'],
    meaning: "A policy Kuma's admission rejects is left out of the policy analysis (kuma-cp never matches it).",
    fix: 'Fix what the validation reports.',
  },
  KI0950: {
    severities: ['error'],
    meaning:
      'A Helm values file (`--helm-values`, `helmValues:`) cannot be used: it cannot be read, is not YAML, is not a mapping, the chart cannot be told, or the version has no chart record.',
    fix: 'Fix the file or the setting the message names.',
  },
  KI0951: {
    severities: ['error'],
    meaning:
      "The control plane's Helm chart would not render these values (the chart's own checks, or a value the templates cannot read); helm install would fail too.",
    fix: 'Fix the values key the message names.',
  },
  KI0952: {
    severities: ['warning'],
    meaning:
      'Helm would warn about these values (a map given where the chart has a scalar, or the reverse), or the values do not fit the chart chosen; the render keeps what Helm keeps.',
    fix: 'Fix the values key the message names, or set `helmChart`.',
  },
  KI0953: {
    severities: ['info'],
    meaning:
      "Injector settings were derived from the control plane's Helm values, rendered as the chart would render them (chart, version, release namespace).",
    fix: 'Nothing; explicit settings still take precedence.',
  },
  KI0954: {
    severities: ['warning'],
    meaning:
      'A Helm value renders otherwise than it reads: a `controlPlane.envVars` entry that is false, "" or 0 loses to the chart\'s own value for that variable, a number of a million or more renders as `1e+06`.',
    fix: 'Write the value as quoted text in the values file.',
  },
  KI0955: {
    severities: ['warning'],
    meaning:
      "A Helm values key belongs to another release's kuma chart; the selected version's chart neither lists nor reads it, so it has no effect (e.g. sidecar resources under 2.13).",
    fix: 'Select the version the cluster runs (`version`), or drop the key.',
  },
} as const satisfies Record<string, ResultCodeInfo>;

export type ResultCode = keyof typeof RESULT_CODES;

/** The `tags` a result with `code` carries. */
export function codeTag(code: ResultCode): { code: ResultCode } {
  return { code };
}

export function isResultCode(value: unknown): value is ResultCode {
  return typeof value === 'string' && Object.hasOwn(RESULT_CODES, value);
}
