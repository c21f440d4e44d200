import type { YamlNode } from '../go-yaml/yaml-node.ts';
import { applyEnv } from './config-env.ts';
import { configTree, decodeConfigFile } from './config-file.ts';
import { keysUnder, startValues, type CpValue, type CpValues } from './config-values.ts';
import type { CpConfigRelease } from './key-table.ts';
import { validateBootstrapServer, validateConfig, validateKubernetesRuntime, type ValidationProblem } from './validate.ts';

/**
 * kuma-cp's config.Load: start value → config file → env → PostProcess → Validate. `root` loads a
 * subtree as the document root (the way kuma's own package tests load one section).
 */
export interface LoadRequest {
  release: CpConfigRelease;
  start: 'defaults' | 'zero';
  /** '' = the whole kuma-cp config; `runtime.kubernetes` or `bootstrapServer` = that section alone. */
  root?: string;
  /** The config file as parsed (null = empty document), with the path kuma-cp was given; absent = no file. */
  file?: { path: string; node: YamlNode | null } | { path: string; syntaxError: string };
  strict?: boolean;
  /** false: skip Validate (a config file read on its own, without the env kuma-cp starts with). */
  validate?: boolean;
  /** The variables set in kuma-cp's environment (even to ""), after the kubelet resolved them. */
  env: ReadonlyMap<string, string>;
}

/** Where a failure comes from: a file key, an env var, or a validation of a config path. */
type LoadFailure = { stage: 'file' | 'env' | 'validation'; message: string; path: string; env?: string };

export type LoadOutcome =
  /** `fileValues`: what the file set each of `fileKeys` to, before the env (to report a shadowed key). */
  | {
      ok: true;
      values: CpValues;
      fileKeys: Map<string, string>;
      fileValues: CpValues;
      envKeys: Map<string, string>;
      unknownFileKeys: string[];
    }
  | { ok: false; failure: LoadFailure };

const ROOT_TYPES: Readonly<Record<string, string>> = {
  '': 'kuma_cp.Config',
  'runtime.kubernetes': 'k8s.KubernetesRuntimeConfig',
  bootstrapServer: 'bootstrap.BootstrapServerConfig',
};

export function loadCpConfig(request: LoadRequest): LoadOutcome {
  const root = request.root ?? '';
  const keys = keysUnder(request.release, root);
  const known = new Set(keys.map((k) => k.path));
  const has = (path: string) => known.has(path);
  const values = startValues(keys, request.start);
  let fileKeys = new Map<string, string>();
  let unknownFileKeys: string[] = [];
  const inFile = (message: string) =>
    request.file === undefined ? message : `parsing configuration from file '${request.file.path}' failed: ${message}`;
  if (request.file !== undefined) {
    if ('syntaxError' in request.file) {
      return {
        ok: false,
        failure: {
          stage: 'file',
          path: '',
          message: inFile(`unable to parse configuration: error converting YAML to JSON: yaml: ${request.file.syntaxError}`),
        },
      };
    }
    const decoded = decodeConfigFile(request.file.node, configTree(keys, root), values, {
      strict: request.strict === true,
      rootType: ROOT_TYPES[root] ?? 'struct',
    });
    if (!decoded.ok)
      return {
        ok: false,
        failure: {
          stage: 'file',
          path: decoded.path === '' ? '' : fullPath(root, decoded.path),
          message: inFile(`unable to parse configuration: ${decoded.error}`),
        },
      };
    fileKeys = decoded.fileKeys;
    unknownFileKeys = decoded.unknownKeys;
  }
  const fileValues: CpValues = new Map([...fileKeys.keys()].map((path) => [path, structuredClone(values.get(path)) as CpValue]));
  const env = applyEnv(keys, request.env, values);
  if (!env.ok)
    return {
      ok: false,
      failure: { stage: 'env', path: env.path, env: env.env, message: inFile(`processing environment variables failed: ${env.error}`) },
    };
  // PostProcess: the only effect that matters: a Kubernetes store turns reloadable tokens on.
  if (root === '' && values.get('store.type') === 'kubernetes' && has('dpServer.authn.enableReloadableTokens'))
    values.set('dpServer.authn.enableReloadableTokens', true);
  const problems: ValidationProblem[] =
    request.validate === false
      ? []
      : root === ''
        ? validateConfig(values, has)
        : root === 'runtime.kubernetes'
          ? validateKubernetesRuntime(values, root, has)
          : root === 'bootstrapServer'
            ? validateBootstrapServer(values, root, has)
            : [];
  if (problems.length > 0) {
    return {
      ok: false,
      failure: {
        stage: 'validation',
        path: problems[0]?.path ?? '',
        message: inFile(`configuration validation failed: ${problems.map((p) => p.message).join('; ')}`),
      },
    };
  }
  return { ok: true, values, fileKeys, fileValues, envKeys: env.envKeys, unknownFileKeys };
}

function fullPath(root: string, path: string): string {
  return root === '' ? path : `${root}.${path}`;
}
