import { SETTING_FLAGS } from './setting-flags.ts';
import { TOOL_VERSION } from './tool-version.ts';

const settingLines = SETTING_FLAGS.map((f) => {
  const left = f.type === 'boolean' ? `  --${f.flag}[=${f.metavar}]` : `  --${f.flag} ${f.metavar}`;
  return `${left.padEnd(44)}${f.help}`;
}).join('\n');

/** The --help text: modes, flags, exit codes and numbered example invocations. */
export const HELP = `kuma-inject ${TOOL_VERSION}: offline Kong Mesh / Kuma sidecar injection for the manifests you are about to apply.

Usage:
  kuma-inject [flags]                       KRM function: ResourceList on stdin, ResourceList on stdout
  kuma-inject -f FILE|DIR|- [flags]         read manifests, write the injected YAML stream on stdout
  kuma-inject uninject [-f ...] [flags]     give workloads back their original, un-injected form
  kuma-inject check -f FILE|DIR [flags]     exit 3 with a unified diff when the files are not what
                                            kuma-inject writes (CI); --diff=false lists names only
  kuma-inject -f FILE|DIR --in-place        update the files themselves (each whole, via a temporary
                                            file and a rename; previews placed as kpt places them)
  kuma-inject PLUGIN_CONFIG_FILE            kustomize legacy exec plugin: resources on stdin
  kuma-inject argocd-generate [DIR]         Argo CD CMP generate: render DIR (default: current directory)
  kuma-inject version                       this tool's version and the Kong Mesh / Kuma releases each
                                            --version profile reproduces (--version is a setting)
  kuma-inject analyze -f FILE|DIR [-o text|yaml|json]
                                            which Kuma policies apply to each workload (per
                                            proxy, inbound and destination, in kuma-cp's order)
                                            and which workloads each policy selects; writes
                                            nothing back

Input and output:
  -f, --file FILE|DIR|-                     manifests to read (repeatable); a DIR is read recursively,
                                            *.yaml, *.yml and *.json in sorted order; - is stdin.
                                            A KumaInject object among them is the settings (unless
                                            --config is given), never part of the output; -f PKG
                                            alone, PKG a kpt package: the settings its Kptfile
                                            gives kuma-inject
  --config FILE                             settings: a KumaInject object or a ConfigMap
  --previews DIR|inline|off                 Dataplane previews: stream mode writes one file per workload
                                            into DIR, or into the stream with inline (by default there
                                            are none: kubectl apply would try to create them); KRM mode (kpt)
                                            sets previewsDir: DIR relative to the directory kpt runs
                                            on; off leaves them out
  --cluster-state FILE|DIR                  cluster state (Namespaces, Meshes, ContainerPatches, kuma-cp
                                            config, CA Secret) read as context, never output (repeatable)
  --ca-cert-file PEM                        the control plane's CA (controlPlane.caCert)
  --helm-values FILE                        the control plane's Helm values (kuma or kong-mesh chart):
                                            injector settings as the chart's install would give them,
                                            rendered without Helm (repeatable, later files win)
  --report FILE [--report-format json|sarif] the results for CI (file, line, code); .sarif: SARIF 2.1.0
  --quiet                                   stderr: only warnings, errors and the summary line
  -h, --help                                show this help

Settings (highest precedence; override --config, the functionConfig and the bundle):
${settingLines}
  Boolean flags also take --no-NAME.

Exit codes:
  0  success (warnings and info results allowed)
  1  error results, settings in the input included: KRM mode echoes the input; stream, uninject,
     check and --in-place write nothing on stdout (run pipes under set -o pipefail)
  2  usage error found before any manifest is processed: flags, --previews, a --config or plugin config file
  3  check: a file differs from what kuma-inject would write (the diff is on stdout)

Examples:
  1. Inject the manifests of a folder and review the result:
       kuma-inject -f k8s/ > injected.yaml
  2. Reproduce Kuma 2.13 with native sidecars, previews as files:
       kuma-inject --product kuma --version 2.13 --sidecar-containers -f app.yaml --previews previews/
  3. Run in a kpt pipeline (Kptfile):
       pipeline: { mutators: [ { exec: kuma-inject, configPath: kuma-inject.yaml } ] }
       kpt fn render --allow-exec
  4. One-off with kpt:
       kpt fn eval --exec kuma-inject --fn-config kuma-inject.yaml .
  5. kubectl kustomize with the legacy plugin (a KumaInject config listed under transformers:):
       KUSTOMIZE_PLUGIN_HOME=$PWD/functions/kuma-inject/kustomize/plugin kubectl kustomize --enable-alpha-plugins .
  6. Argo CD CMP (plugin.yaml): generate: { command: [kuma-inject, argocd-generate] }
  7. Take the sidecars out again:
       kuma-inject uninject -f injected.yaml
  8. CI gate: fail the pull request when the committed manifests are stale, then fix them:
       kuma-inject check -f k8s/ && echo up to date
       kuma-inject -f k8s/ --in-place
`;
