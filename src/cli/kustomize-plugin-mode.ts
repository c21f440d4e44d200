import { basename } from 'node:path';
import { processInput } from '../krm/process.ts';
import { KUSTOMIZE_PLUGIN_HOST } from '../krm/host-profile.ts';
import type { CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { KUSTOMIZE_PLUGIN_KEYS } from './plugin-config-args.ts';
import { problemsOnly } from './detect-input.ts';
import { readStdin } from './read-inputs.ts';
import { overridesProblem, readSettingsFile, type FileLabel } from './settings-input.ts';
import { say, type Streams } from './streams.ts';

/**
 * kustomize legacy exec plugin: `argv[1]` is a temp file holding the plugin config (our KumaInject
 * object), stdin a plain YAML stream of the resources accumulated so far; the stream goes back on
 * stdout. kustomize replaces its resources with exactly what we print, so a failure exits non-zero
 * (the build fails) rather than printing less.
 */
export async function runKustomizePlugin(pluginConfig: string, options: CommonOptions, streams: Streams): Promise<number> {
  const label = configLabel(pluginConfig);
  const file = await readSettingsFile(pluginConfig, streams.cwd, 'kustomize plugin config', KUSTOMIZE_PLUGIN_KEYS, label);
  if (!file.ok) {
    // Under kustomize the argument is right by construction; run by hand it may be a mistake.
    const hint = isKustomizeTemp(pluginConfig)
      ? ''
      : '\n(kuma-inject takes a plugin config file as its only argument; for other uses see --help)';
    say(streams, `${file.message}${hint}`);
    return ExitCode.usage;
  }
  const problem = overridesProblem(options.overrides, 'plugin arguments');
  if (problem !== undefined) {
    say(streams, `invalid plugin arguments (argsOneLiner):\n${problem}`);
    return ExitCode.usage;
  }
  const text = await readStdin(streams);
  if (text.trim() === '') {
    // Nothing accumulated yet: an empty stream in is an empty stream out.
    return ExitCode.ok;
  }
  const outcome = processInput(text, {
    host: KUSTOMIZE_PLUGIN_HOST,
    overrides: options.overrides,
    overridesOrigin: 'plugin arguments',
    functionConfig: file.text,
  });
  streams.stderr.write(problemsOnly(outcome.report, outcome.exitCode));
  if (outcome.exitCode !== 0) {
    const what = outcome.inputRead ? 'injection failed' : 'the resources kustomize passed in cannot be read';
    say(streams, `${label(file.name)}: ${what}; see the errors above`);
    if (MOVED_CONTAINER_PATCH.test(outcome.report)) streams.stderr.write(NAMESPACE_HINT);
    return outcome.exitCode;
  }
  streams.stdout.write(outcome.output);
  return ExitCode.ok;
}

/** The warning about a ContainerPatch outside the system namespace. */
const MOVED_CONTAINER_PATCH = /^warning: ContainerPatch \S+, metadata\.namespace: /m;
/**
 * Under kustomize the usual cause is not the file but the kustomization's `namespace:`, which sets
 * the namespace of every resource it builds, ContainerPatches included.
 */
const NAMESPACE_HINT =
  "hint: kustomize's `namespace:` field moves every resource of the build into that namespace, ContainerPatches included. " +
  'To keep them in the system namespace, replace `namespace:` by a NamespaceTransformer (apiVersion: builtin, kind: NamespaceTransformer, ' +
  'metadata.namespace: <your namespace>, unsetOnly: true) listed under transformers: before the KumaInject config.\n';

/**
 * kustomize copies the transformer's config to a temp file (`/tmp/kust-plugin-config-NNN`) whose
 * name means nothing to the user: name the object they wrote instead. A config file given by hand
 * keeps its path.
 */
function configLabel(pluginConfig: string): FileLabel {
  if (!isKustomizeTemp(pluginConfig)) return () => `kustomize plugin config ${pluginConfig}`;
  return (name) => `the kustomize transformer config${name === undefined ? '' : ` (KumaInject ${name})`}`;
}

function isKustomizeTemp(pluginConfig: string): boolean {
  return basename(pluginConfig).startsWith('kust-plugin-config-');
}
