import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { processInput } from '../krm/process.ts';
import { ARGOCD_HOST } from '../krm/host-profile.ts';
import { writeParts } from './write-output.ts';
import { mergeSettings } from '../config/merge.ts';
import type { CommonOptions } from './args.ts';
import { settingsFromArgoEnv } from './argocd-env.ts';
import { ExitCode } from './exit-codes.ts';
import { locateInFiles, manifestFiles, readInputs, readStdin, type SourceStart } from './read-inputs.ts';
import { packageSettings } from './kptfile-settings.ts';
import { KUSTOMIZE_PLUGIN_KEYS, pluginConfigArgs } from './plugin-config-args.ts';
import { overridesProblem, settingsFromText } from './settings-input.ts';
import { confinedFile, readConfinedFile } from './confined-path.ts';
import { say, type Streams } from './streams.ts';
import { load } from 'js-yaml';
import { clusterStateReader } from './side-inputs.ts';
import { commandLineHelmValues, confinedHelmValuesPath, helmValuesReader } from './helm-values-files.ts';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** The settings file an app directory may hold (also the plugin's discover.fileName). */
const APP_SETTINGS_FILE = 'kuma-inject.yaml';
/** Argo CD gives a generation about 60 s; leave room for our own work. */
const KUSTOMIZE_TIMEOUT_MS = 45_000;

type Manifests = { ok: true; text: string; source: string; starts: SourceStart[] } | { ok: false; message: string };

/**
 * Argo CD CMP v2 `generate`: renders the app directory (or its `kustomize build`), injects, and
 * prints only what Argo CD should apply: never local-config objects, never previews. Any problem
 * is a non-zero exit with the reason on stderr and nothing on stdout, so Argo CD keeps the last
 * good state instead of pruning.
 */
export async function runArgocd(dir: string | undefined, options: CommonOptions, streams: Streams): Promise<number> {
  const appDir = resolve(streams.cwd, dir ?? '.');
  const env = settingsFromArgoEnv(streams.env);
  if (!env.ok) {
    say(streams, `argocd-generate: ${env.message}. Fix spec.source.plugin.env / parameters of the Application.`);
    return ExitCode.usage;
  }
  for (const warning of env.warnings ?? []) streams.stderr.write(`warning: argocd-generate: ${warning}\n`);
  const checkout = repositoryCheckout(appDir, streams.env);
  if (!checkout.ok) {
    say(streams, `argocd-generate: ${checkout.message}`);
    return ExitCode.usage;
  }
  const hasAppSettings = (await lstat(join(appDir, APP_SETTINGS_FILE)).catch(() => undefined)) !== undefined;
  const config: ConfigReference | undefined =
    env.configFile !== undefined
      ? { name: env.configFile, setting: env.configSetting ?? 'PARAM_CONFIG' }
      : options.configFile !== undefined
        ? { name: options.configFile, setting: '--config' }
        : hasAppSettings
          ? { name: APP_SETTINGS_FILE, setting: `the app's ${APP_SETTINGS_FILE}` }
          : undefined;
  const settings = await appSettings(appDir, config, checkout.root, streams);
  if (!settings.ok) {
    say(streams, `argocd-generate: ${settings.message}`);
    return ExitCode.usage;
  }
  const { functionConfig, fileFlags, exclude } = settings;
  const overrides = mergeSettings<Record<string, unknown>>(fileFlags, options.overrides, env.overrides);
  const problem = overridesProblem(overrides, 'plugin env/parameters');
  if (problem !== undefined) {
    say(streams, `argocd-generate: invalid settings:\n${problem}`);
    return ExitCode.usage;
  }
  // A capture the settings name (clusterState:) is context, not part of the app: never read as manifests.
  const readClusterState = clusterStateReader(appDir);
  const capture = settingsPaths(functionConfig, 'clusterState').flatMap((path) => {
    const read = readClusterState(path);
    return 'error' in read ? [] : read.map((input) => resolve(appDir, input.source));
  });
  // So are the control plane's Helm values the settings name (helmValues:).
  const readHelmValues = helmValuesReader(appDir);
  const helmValues = settingsPaths(functionConfig, 'helmValues').flatMap((path) => {
    const found = confinedHelmValuesPath(appDir, path);
    return found.ok ? [found.path] : [];
  });
  const manifests = await readApp(
    appDir,
    [...exclude, ...capture, ...helmValues, ...options.helmValues.map((path) => resolve(appDir, path))],
    checkout.root,
    streams,
  );
  if (!manifests.ok) {
    say(streams, `argocd-generate: ${manifests.message}`);
    return ExitCode.errorResults;
  }
  // --helm-values in the plugin's own command (plugin.yaml, set by the Argo CD admin) is read as given.
  const commandLineValues = await commandLineHelmValues(options.helmValues, appDir);
  if (!commandLineValues.ok) {
    say(streams, `argocd-generate: ${commandLineValues.message}`);
    return ExitCode.usage;
  }
  // Argo CD applies namespace-less objects to the Application's destination namespace.
  const destination = streams.env['ARGOCD_APP_NAMESPACE'];
  const outcome = processInput(manifests.text, {
    host: ARGOCD_HOST,
    overrides,
    overridesOrigin: 'plugin env/parameters',
    readClusterState,
    readHelmValues,
    helmValues: commandLineValues.files,
    ...(destination === undefined || destination === '' ? {} : { hostDefaults: { defaultNamespace: destination } }),
    ...(functionConfig === undefined ? {} : { functionConfig }),
  });
  streams.stderr.write(locateInFiles(outcome.report, manifests.starts));
  if (outcome.exitCode !== 0) {
    const what = outcome.inputRead ? 'injection failed' : 'the manifests are not valid YAML objects';
    say(streams, `argocd-generate: ${manifests.source}: ${what}; nothing rendered (see the errors above)`);
    return outcome.exitCode;
  }
  if (!hasContent(outcome.output)) {
    say(
      streams,
      `argocd-generate: ${manifests.source}: no manifests left to apply; refusing an empty render (with auto-sync prune Argo CD would delete the whole app)`,
    );
    return ExitCode.errorResults;
  }
  writeParts(streams.stdout, outcome.outputParts);
  return ExitCode.ok;
}

/** The `clusterState:` or `helmValues:` paths of a KumaInject settings text (the settings schema checks their shape). */
function settingsPaths(functionConfig: string | undefined, key: 'clusterState' | 'helmValues'): string[] {
  if (functionConfig === undefined) return [];
  try {
    const paths = (load(functionConfig) as Record<string, unknown> | undefined)?.[key];
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

type AppSettings =
  | { ok: true; functionConfig: string | undefined; fileFlags: Record<string, unknown>; exclude: string[] }
  | { ok: false; message: string };

/**
 * The app's settings file (`configName`), read and checked, with the flags it gives a kustomize
 * transformer it may also configure (argsOneLiner, argsFromFile: they count here too, below Argo
 * CD's own); without one, in a kpt package, the settings its Kptfile gives kuma-inject, so Argo CD
 * applies what `kpt fn render` committed. `exclude`: the settings file, which is no manifest.
 */
async function appSettings(appDir: string, config: ConfigReference | undefined, root: string, streams: Streams): Promise<AppSettings> {
  if (config === undefined) {
    const pkg = await packageSettings(appDir, '.');
    if (pkg.kind === 'error') return { ok: false, message: pkg.message };
    if (pkg.kind === 'none') return { ok: true, functionConfig: undefined, fileFlags: {}, exclude: [] };
    streams.stderr.write(
      `info: argocd-generate: settings from ${pkg.from}, as kpt fn render uses them (a ${APP_SETTINGS_FILE} in the app directory or the config parameter would win)\n`,
    );
    return { ok: true, functionConfig: pkg.settings.text, fileFlags: {}, exclude: pkg.excluded === undefined ? [] : [pkg.excluded] };
  }
  const found = await readConfinedFile(root, appDir, config.name, config.setting, CHECKOUT);
  if (!found.ok) return { ok: false, message: found.message };
  const file = settingsFromText(found.text, found.path, () => `settings file ${config.name} (${config.setting})`, KUSTOMIZE_PLUGIN_KEYS);
  if (!file.ok) return { ok: false, message: file.message };
  const flags = await pluginConfigArgs(file.host, dirname(found.path), { root, name: CHECKOUT });
  if (!flags.ok) return { ok: false, message: `settings file ${config.name}, ${flags.message}` };
  // Left out of the manifests by both names: as the app directory lists it and as it really is.
  return { ok: true, functionConfig: file.text, fileFlags: flags.overrides, exclude: [resolve(appDir, config.name), found.path] };
}

/** A settings file named by the app, with the setting that named it (for messages). */
interface ConfigReference {
  name: string;
  setting: string;
}

/** How messages name the folder every file of an Argo CD app must stay in. */
const CHECKOUT = "the app's repository checkout";

/**
 * The root of the repository checkout Argo CD unpacked: it runs the plugin in `<checkout>/<app
 * path>` and says the app path in ARGOCD_APP_SOURCE_PATH. Every file the repository (or the
 * Application's env and parameters) names must stay inside it. Without that variable (run by hand)
 * the app directory itself is the root.
 */
function repositoryCheckout(appDir: string, env: NodeJS.ProcessEnv): { ok: true; root: string } | { ok: false; message: string } {
  const sourcePath = env['ARGOCD_APP_SOURCE_PATH'];
  if (sourcePath === undefined || sourcePath === '') return { ok: true, root: appDir };
  const parts = sourcePath.split('/').filter((part) => part !== '' && part !== '.');
  if (sourcePath.startsWith('/') || parts.includes('..')) {
    return {
      ok: false,
      message: `ARGOCD_APP_SOURCE_PATH ${JSON.stringify(sourcePath)} is not a path inside a repository; Argo CD sets it from spec.source.path of the Application, fix that path`,
    };
  }
  const below = appDir.split(sep).slice(-parts.length);
  if (parts.length > 0 && below.join('/') !== parts.join('/')) {
    return {
      ok: false,
      message: `the app directory ${appDir} does not end with ARGOCD_APP_SOURCE_PATH (${sourcePath}), so the repository checkout it belongs to is unknown; run argocd-generate in the app directory Argo CD gives (its working directory)`,
    };
  }
  let root = appDir;
  for (const _ of parts) root = dirname(root);
  return { ok: true, root };
}

async function readApp(appDir: string, exclude: string[], root: string, streams: Streams): Promise<Manifests> {
  const kustomization = KUSTOMIZATION_FILES.find((name) => existsSync(join(appDir, name)));
  if (kustomization !== undefined) return kustomizeBuild(appDir, streams);
  if (!existsSync(appDir)) return { ok: false, message: `app directory ${appDir} does not exist` };
  if (existsSync(join(appDir, 'Chart.yaml'))) {
    // Its templates are not YAML yet: say so instead of failing on the first `{{`.
    return {
      ok: false,
      message:
        `${appDir} holds a Helm chart (Chart.yaml); argocd-generate renders plain manifests and kustomizations, not charts. ` +
        'Commit the rendered chart (helm template) and point the Application at it, or run the chart through a plugin of your own whose generate pipes `helm template` into `kuma-inject -f -` (with pipefail, so a failing helm fails the generation)',
    };
  }
  // Links are followed inside the checkout only: the walk stops at one that leads out, before
  // listing what is there.
  const walk = manifestFiles(appDir, root);
  if (!walk.ok)
    return {
      ok: false,
      message: `manifest ${relative(appDir, walk.linkOutside)} is a symbolic link that leads outside ${CHECKOUT}; kuma-inject follows no link out of it. Replace the link with the file it points at`,
    };
  const files = walk.files;
  // A manifest that is a symlink out of the checkout would be rendered (or its text quoted in an error).
  for (const file of files) {
    const inside = await confinedFile(root, appDir, file, `manifest ${relative(appDir, file)}`, CHECKOUT);
    if (!inside.ok) return { ok: false, message: inside.message };
  }
  const read = await readInputs(files, appDir, () => readStdin(streams), exclude);
  if (!read.ok) return read;
  if (read.text.trim() === '')
    return { ok: false, message: `${appDir}: no *.yaml, *.yml or *.json manifests found; refusing an empty render` };
  return { ok: true, text: read.text, source: appDir, starts: read.starts };
}

/** Where kustomize looks for the legacy exec plugin of our KumaInject transformer config. */
const PLUGIN_PATH = ['fn.kuma-inject.dev', 'v1alpha1', 'kumainject', 'KumaInject'];

/**
 * `kustomize build` of the app directory. An overlay may list a KumaInject transformer (the
 * `kubectl kustomize` route): it is built with alpha plugins and a plugin home of our own that
 * holds only that plugin, so the same overlay renders under Argo CD instead of failing with
 * "external plugins disabled"; the injection below then re-renders its output with the app's
 * settings (a re-render is exact), so what Argo CD applies does not depend on it.
 */
function kustomizeBuild(appDir: string, streams: Streams): Manifests {
  const command = onPath('kustomize', streams.env)
    ? ['kustomize', 'build', '--enable-alpha-plugins', '.']
    : onPath('kubectl', streams.env)
      ? ['kubectl', 'kustomize', '--enable-alpha-plugins', '.']
      : undefined;
  if (command === undefined) {
    return {
      ok: false,
      message: `${appDir} holds a kustomization, but neither kustomize nor kubectl is on PATH in the plugin image. Install one of them next to kuma-inject.`,
    };
  }
  const pluginHome = mkdtempSync(join(tmpdir(), 'kuma-inject-kustomize-plugins-'));
  try {
    const plugin = join(pluginHome, ...PLUGIN_PATH);
    mkdirSync(dirname(plugin), { recursive: true });
    writeFileSync(plugin, `#!/bin/sh\nexec ${selfCommand(streams.self)} "$@"\n`, { mode: 0o755 });
    const [bin = '', ...args] = command;
    const env = { ...streams.env, KUSTOMIZE_PLUGIN_HOME: pluginHome };
    const run = spawnSync(bin, args, { cwd: appDir, env, encoding: 'utf8', timeout: KUSTOMIZE_TIMEOUT_MS, maxBuffer: 512 * 1024 * 1024 });
    if (run.error !== undefined || run.status !== 0) {
      const why = run.error?.message ?? `exit status ${run.status ?? 'unknown'}`;
      return { ok: false, message: `\`${command.join(' ')}\` in ${appDir} failed (${why}):\n${run.stderr ?? ''}` };
    }
    if (run.stdout.trim() === '')
      return { ok: false, message: `\`${command.join(' ')}\` in ${appDir} printed nothing; refusing an empty render` };
    return { ok: true, text: run.stdout, source: `${command.join(' ')} (${appDir})`, starts: [] };
  } finally {
    rmSync(pluginHome, { recursive: true, force: true });
  }
}

/**
 * How the plugin script runs this same kuma-inject: the running bundle when we are it (the plugin
 * must not depend on PATH when plugin.yaml names kuma-inject by an absolute path), else the
 * kuma-inject on PATH.
 */
function selfCommand(self: Streams['self']): string {
  if (self === undefined || !/(^|\/)kuma-inject(\.cjs)?$/.test(self.script)) return 'kuma-inject';
  return [self.execPath, self.script].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env['PATH'] ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** True when a YAML stream holds anything besides blank lines, comments and document markers. */
function hasContent(stream: string): boolean {
  return stream.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#') && trimmed !== '---' && trimmed !== '...';
  });
}
