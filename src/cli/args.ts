import { nearestName } from '../core/nearest-name.ts';
import { parseSettingValue, setAtPath, settingFlag, SETTING_FLAGS } from './setting-flags.ts';
import { TOOL_VERSION } from './tool-version.ts';
import { REPORT_FORMATS, type ReportFormat } from './report-file.ts';
import { VERSIONS } from '../config/releases.ts';

/**
 * Where Dataplane previews go. `default`: kpt places them in the package; a stream leaves them out,
 * because `kubectl apply` ignores local-config and would try to create them.
 */
type PreviewTarget = { kind: 'default' } | { kind: 'inline' } | { kind: 'off' } | { kind: 'dir'; dir: string };

/** Flags every mode shares once parsed. */
export interface CommonOptions {
  /** Settings from flags, same shape as the KumaInject body; highest precedence. */
  overrides: Record<string, unknown>;
  /** `--config FILE`: a functionConfig given outside the input. */
  configFile?: string;
  previews: PreviewTarget;
  /** `--report FILE --report-format json|sarif`: the results for CI, written even when the run fails. */
  report?: { file: string; format: ReportFormat };
  /** `--quiet`: on stderr only warnings, errors and the summary line. */
  quiet: boolean;
  /** `--cluster-state PATH` (repeatable): side inputs read as context, never emitted. */
  clusterState: string[];
  /** `--ca-cert-file PEM`: the control plane's CA, as controlPlane.caCert. */
  caCertFile?: string;
  /** `--helm-values FILE` (repeatable, later files win): the control plane's Helm values, rendered without Helm. */
  helmValues: string[];
}

/**
 * What one command line asks for. `usage-error` carries the one-line message; `echoStdin` is true
 * when the command line would have run as a KRM function (no -f, not argocd-generate), so the
 * caller hands stdin back unchanged: under kpt an empty output would delete the package.
 */
export type Invocation =
  | { mode: 'help' }
  | { mode: 'version' }
  | ({ mode: 'krm' } & CommonOptions)
  | ({ mode: 'stream'; inputs: string[] } & CommonOptions)
  /** `check -f ...` (write nothing, exit 3 when a file differs) and `-f ... --in-place` (write the files). */
  | ({ mode: 'check' | 'in-place'; inputs: string[]; diff: boolean } & CommonOptions)
  | ({ mode: 'kustomize-plugin'; pluginConfig: string } & CommonOptions)
  | ({ mode: 'argocd'; dir?: string } & CommonOptions)
  /** `analyze -f ... [-o text|yaml|json]`: which policies apply to which workloads, on stdout. */
  | ({ mode: 'analyze'; inputs: string[]; output: AnalyzeFormat } & CommonOptions)
  | { mode: 'usage-error'; message: string; echoStdin: boolean };

const ANALYZE_FORMATS = ['text', 'yaml', 'json'] as const;
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number];

/** Words that, first on the command line, select a mode rather than name a plugin config file. */
const SUBCOMMANDS = ['uninject', 'argocd-generate', 'check', 'help', 'version', 'analyze'] as const;

interface Scan {
  inputs: string[];
  positionals: string[];
  configFile?: string;
  previews?: string;
  overrides: Record<string, unknown>;
  help: boolean;
  inPlace: boolean;
  diff?: boolean;
  report?: string;
  reportFormat?: string;
  quiet: boolean;
  clusterState: string[];
  caCertFile?: string;
  helmValues: string[];
}

type ScanOutcome = { ok: true; scan: Scan } | { ok: false; message: string };

/** Splits `--name=value` into its parts; a plain `--name` has no value. */
function splitFlag(token: string): { name: string; value?: string } {
  const eq = token.indexOf('=');
  return eq < 0 ? { name: token.slice(2) } : { name: token.slice(2, eq), value: token.slice(eq + 1) };
}

function scanArgs(args: readonly string[]): ScanOutcome {
  const scan: Scan = {
    inputs: [],
    positionals: [],
    overrides: {},
    help: false,
    inPlace: false,
    quiet: false,
    clusterState: [],
    helmValues: [],
  };
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    const takeValue = (inline: string | undefined): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) return undefined;
      i++;
      return next;
    };
    if (token === '-h' || token === '--help') {
      scan.help = true;
    } else if (token === '-f' || token === '--file' || token.startsWith('--file=')) {
      const value = takeValue(token.startsWith('--file=') ? token.slice(7) : undefined);
      if (value === undefined || value === '') return { ok: false, message: `${token} needs a FILE, a DIR or - (stdin)` };
      scan.inputs.push(value);
    } else if (token.startsWith('--')) {
      const { name, value: inline } = splitFlag(token);
      if (name === 'cluster-state' || name === 'ca-cert-file') {
        const value = takeValue(inline);
        if (value === undefined || value === '')
          return { ok: false, message: `--${name} needs a ${name === 'cluster-state' ? 'FILE or DIR' : 'PEM file'}` };
        if (name === 'cluster-state') scan.clusterState.push(value);
        else scan.caCertFile = value;
        continue;
      }
      if (name === 'helm-values') {
        const value = takeValue(inline);
        if (value === undefined || value === '')
          return { ok: false, message: '--helm-values needs a FILE (a Helm values file of the kuma or kong-mesh chart)' };
        scan.helmValues.push(value);
        continue;
      }
      if (name === 'report' || name === 'report-format') {
        const value = takeValue(inline);
        if (value === undefined || value === '')
          return { ok: false, message: `--${name} needs a value (${name === 'report' ? 'FILE' : REPORT_FORMATS.join(' or ')})` };
        if (name === 'report') scan.report = value;
        else if ((REPORT_FORMATS as readonly string[]).includes(value)) scan.reportFormat = value;
        else return { ok: false, message: `--report-format takes ${REPORT_FORMATS.join(' or ')} (got ${JSON.stringify(value)})` };
        continue;
      }
      if (name === 'in-place' || name === 'diff' || name === 'quiet') {
        const value = inline ?? 'true';
        if (value !== 'true' && value !== 'false')
          return { ok: false, message: `--${name} takes true or false (got ${JSON.stringify(value)})` };
        if (name === 'in-place') scan.inPlace = value === 'true';
        else if (name === 'quiet') scan.quiet = value === 'true';
        else scan.diff = value === 'true';
        continue;
      }
      if (name === 'config' || name === 'previews') {
        const value = takeValue(inline);
        if (value === undefined || value === '') {
          return { ok: false, message: `--${name} needs a value (${name === 'config' ? 'FILE' : 'DIR, inline or off'})` };
        }
        if (name === 'previews' && SWITCH_WORDS.has(value.toLowerCase())) return { ok: false, message: previewsWordProblem(value) };
        if (name === 'config') scan.configFile = value;
        else scan.previews = value;
        continue;
      }
      const negated = name.startsWith('no-') ? settingFlag(name.slice(3)) : undefined;
      if (negated?.type === 'boolean' && inline === undefined) {
        setAtPath(scan.overrides, negated.path, false);
        continue;
      }
      const flag = settingFlag(name);
      if (flag === undefined) return { ok: false, message: unknownFlag(`--${name}`) };
      // Boolean flags take a value only after `=`, so `--cni -f x` never eats `-f`.
      const text = flag.type === 'boolean' ? (inline ?? 'true') : takeValue(inline);
      if (text === undefined) {
        // `--version` alone usually means "which kuma-inject is this": it is the mesh version setting.
        if (name === 'version') return { ok: false, message: TOOL_VERSION_HINT };
        return { ok: false, message: `--${name} needs a value (${flag.metavar})` };
      }
      const parsed = parseSettingValue(flag, text, `--${name}`);
      if (!parsed.ok) return { ok: false, message: parsed.message };
      setAtPath(scan.overrides, flag.path, parsed.value);
    } else if (token === '-v' || token === '-V') {
      return { ok: false, message: `unknown flag ${token}: for the version of kuma-inject run \`kuma-inject version\`` };
    } else if (token.startsWith('-') && token !== '-') {
      return { ok: false, message: unknownFlag(token) };
    } else {
      scan.positionals.push(token);
    }
  }
  return { ok: true, scan };
}

/**
 * `--version` is the `version` setting (the key users put in Kptfiles and KumaInject objects), so it
 * keeps that meaning; the tool's own version is the `version` subcommand, as kubectl and helm have it.
 */
const TOOL_VERSION_HINT =
  `--version needs a value (${VERSIONS.join('|')}): it selects the Kong Mesh / Kuma version to reproduce, like \`version:\` in the settings. ` +
  `For the version of kuma-inject itself (${TOOL_VERSION}) and the releases it reproduces, run \`kuma-inject version\``;

/** Every flag spelled out, for "did you mean" hints. */
const KNOWN_FLAGS: readonly string[] = [
  '--file',
  '--config',
  '--previews',
  '--help',
  '--in-place',
  '--diff',
  '--report',
  '--report-format',
  '--quiet',
  '--cluster-state',
  '--ca-cert-file',
  '--helm-values',
  ...SETTING_FLAGS.map((f) => `--${f.flag}`),
  ...SETTING_FLAGS.filter((f) => f.type === 'boolean').map((f) => `--no-${f.flag}`),
];

/** `unknown flag X`, with the nearest known flag when the token looks like a typo of one. */
function unknownFlag(token: string): string {
  const name = token.split('=')[0] ?? token;
  const near = name.startsWith('--')
    ? nearestName(
        name.slice(2),
        KNOWN_FLAGS.map((f) => f.slice(2)),
      )
    : undefined;
  return `unknown flag ${name}${near === undefined ? '' : `; did you mean --${near}?`}`;
}

/**
 * Words that read as a switch (the settings' `previews: local-config`, "none" as the help says of the
 * default): taken as a folder, they would fill a folder of that name with one file per workload.
 */
const SWITCH_WORDS = new Set([
  'none',
  'no',
  'false',
  'disabled',
  'disable',
  'true',
  'yes',
  'on',
  'enabled',
  'enable',
  'local-config',
  'default',
]);

function previewsWordProblem(value: string): string {
  return (
    `--previews ${value}: a folder or a switch? As a folder it would get one file per workload. ` +
    `Give --previews off to leave previews out, inline to put them in the output, or ./${value} for a folder of that name`
  );
}

function previewTarget(value: string | undefined): PreviewTarget {
  if (value === undefined) return { kind: 'default' };
  if (value === 'off' || value === 'inline') return { kind: value };
  return { kind: 'dir', dir: value };
}

/** `-o FORMAT` / `--output[=]FORMAT` of analyze, taken out of the arguments. */
function analyzeOutput(args: readonly string[]): { ok: true; format: AnalyzeFormat; rest: string[] } | { ok: false; message: string } {
  const rest: string[] = [];
  let format: AnalyzeFormat = 'text';
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    if (token !== '-o' && token !== '--output' && !token.startsWith('--output=')) {
      rest.push(token);
      continue;
    }
    const value = token.startsWith('--output=') ? token.slice('--output='.length) : args[++i];
    if (value === undefined || !(ANALYZE_FORMATS as readonly string[]).includes(value))
      return { ok: false, message: `${token.split('=')[0]} takes ${ANALYZE_FORMATS.join(', ')} (got ${JSON.stringify(value ?? '')})` };
    format = value as AnalyzeFormat;
  }
  return { ok: true, format, rest };
}

/** Turns argv (without node and the script) into the one thing to do; never throws. */
export function parseArgs(argv: readonly string[]): Invocation {
  const invocation = parseValidArgs(argv);
  if (invocation.mode !== 'usage-error') return invocation;
  // The scan may have stopped before a later -f: look at every token.
  const readsFiles = argv.some((t) => t === '-f' || t === '--file' || t.startsWith('--file='));
  return { ...invocation, echoStdin: !readsFiles && argv[0] !== 'argocd-generate' && argv[0] !== 'help' && argv[0] !== 'version' };
}

type Parsed = Exclude<Invocation, { mode: 'usage-error' }> | { mode: 'usage-error'; message: string };

function parseValidArgs(argv: readonly string[]): Parsed {
  const first = argv[0];
  const subcommand = (SUBCOMMANDS as readonly string[]).includes(first ?? '') ? first : undefined;
  const rest = subcommand === undefined ? argv : argv.slice(1);
  const output = subcommand === 'analyze' ? analyzeOutput(rest) : { ok: true as const, format: 'text' as AnalyzeFormat, rest };
  if (!output.ok) return { mode: 'usage-error', message: output.message };
  const outcome = scanArgs(output.rest);
  if (!outcome.ok) return { mode: 'usage-error', message: outcome.message };
  const { scan } = outcome;
  if (scan.help || subcommand === 'help') return { mode: 'help' };
  if (subcommand === 'version') {
    const extra = [...argv.slice(1)];
    if (extra.length > 0) return { mode: 'usage-error', message: `kuma-inject version takes no arguments (got ${extra.join(' ')})` };
    return { mode: 'version' };
  }

  const common: CommonOptions = {
    overrides: scan.overrides,
    previews: previewTarget(scan.previews),
    quiet: scan.quiet,
    clusterState: scan.clusterState,
    helmValues: scan.helmValues,
  };
  if (scan.caCertFile !== undefined) common.caCertFile = scan.caCertFile;
  if (scan.configFile !== undefined) common.configFile = scan.configFile;
  if (scan.reportFormat !== undefined && scan.report === undefined)
    return { mode: 'usage-error', message: '--report-format needs --report FILE' };
  if (scan.report !== undefined) {
    // Reports are for runs over files; kpt keeps results itself (kpt fn render --results-dir).
    if (scan.inputs.length === 0)
      return {
        mode: 'usage-error',
        message: '--report works with -f (stream, uninject, check, --in-place); under kpt use kpt fn render --results-dir',
      };
    common.report = {
      file: scan.report,
      format: (scan.reportFormat ?? (scan.report.endsWith('.sarif') ? 'sarif' : 'json')) as ReportFormat,
    };
  }

  if (subcommand === 'argocd-generate') {
    if (scan.inputs.length > 0)
      return {
        mode: 'usage-error',
        message:
          'argocd-generate reads its directory itself: drop -f (give the app directory as the only argument, default: the current directory)',
      };
    if (scan.positionals.length > 1)
      return { mode: 'usage-error', message: `argocd-generate takes at most one directory (got ${scan.positionals.join(' ')})` };
    const dir = scan.positionals[0];
    return dir === undefined ? { mode: 'argocd', ...common } : { mode: 'argocd', dir, ...common };
  }
  if (subcommand === 'analyze') {
    if (scan.inputs.length === 0)
      return { mode: 'usage-error', message: 'analyze needs the manifests to look at: give them with -f FILE|DIR|- (repeatable)' };
    if (scan.positionals.length > 0)
      return { mode: 'usage-error', message: `unexpected argument ${scan.positionals[0] ?? ''}; give every input with -f` };
    if (scan.inPlace || scan.diff !== undefined)
      return { mode: 'usage-error', message: 'analyze writes nothing back: drop --in-place / --diff' };
    return { mode: 'analyze', inputs: scan.inputs, output: output.format, ...common };
  }
  if (subcommand === 'uninject') setAtPath(common.overrides, ['uninject'], true);
  if (subcommand === 'check' || scan.inPlace) {
    const what = subcommand === 'check' ? 'check' : '--in-place';
    if (subcommand === 'check' && scan.inPlace)
      return { mode: 'usage-error', message: 'check never writes: drop --in-place (or drop check to update the files)' };
    if (scan.inputs.length === 0)
      return { mode: 'usage-error', message: `${what} needs the files to look at: give them with -f FILE|DIR (repeatable)` };
    if (scan.inputs.includes('-'))
      return {
        mode: 'usage-error',
        message: `${what} works on files: -f - (stdin) has no file to ${subcommand === 'check' ? 'compare' : 'write'}`,
      };
    if (scan.positionals.length > 0)
      return { mode: 'usage-error', message: `unexpected argument ${scan.positionals[0] ?? ''}; give every input with -f` };
    if (scan.previews === 'inline')
      return {
        mode: 'usage-error',
        message: `${what}: --previews inline has no meaning for files; give --previews DIR (a folder of the package) or off`,
      };
    return { mode: subcommand === 'check' ? 'check' : 'in-place', inputs: scan.inputs, diff: scan.diff ?? true, ...common };
  }
  if (scan.diff !== undefined) return { mode: 'usage-error', message: '--diff is a flag of check' };

  if (scan.inputs.length > 0) {
    if (scan.positionals.length > 0) {
      return {
        mode: 'usage-error',
        message: `unexpected argument ${scan.positionals[0] ?? ''}; give every input with -f (e.g. -f ${scan.positionals[0] ?? ''})`,
      };
    }
    return { mode: 'stream', inputs: scan.inputs, ...common };
  }
  if (scan.positionals.length > 0) {
    if (subcommand !== undefined || scan.positionals.length > 1) {
      return { mode: 'usage-error', message: `unexpected argument ${scan.positionals.join(' ')}; read manifests with -f FILE|DIR|-` };
    }
    if (common.configFile !== undefined) {
      return {
        mode: 'usage-error',
        message: 'a kustomize plugin config file and --config cannot be used together: put the settings in the plugin config',
      };
    }
    return { mode: 'kustomize-plugin', pluginConfig: scan.positionals[0] ?? '', ...common };
  }
  return { mode: 'krm', ...common };
}
