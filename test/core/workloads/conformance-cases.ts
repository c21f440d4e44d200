/**
 * The upstream injector conformance cases (../shared/conformance/kuma-<v>/injector) as the
 * workload tests use them: inputs, normalised goldens, and each run's Settings from the shared
 * upstream harness (all-zero injector config + the case's config file), with previews off.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Settings } from '../../../src/core/settings.ts';
import type { Version } from '../../../src/config/releases.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { CONFORMANCE, DIR_214 as V214, normalise, readYaml, settingsFor, type Harness } from '../inject/upstream-harness.ts';

export { CONFORMANCE };

interface CaseRun {
  variant: 'classic' | 'native';
  sidecarContainers: boolean;
  /** Normalised golden Pod, or undefined for error cases. */
  golden: KubeObject | undefined;
  goldenFile: string | undefined;
  settings: Settings;
}

export interface ConformanceCase {
  id: string;
  expect: 'inject' | 'skip' | 'error';
  input: KubeObject;
  namespace: { labels: Record<string, string>; annotations: Record<string, string> };
  meshes: string[];
  runs: CaseRun[];
  expectedErrorMessage?: string;
}

type Json = Record<string, unknown>;
const load = (url: URL): unknown => readYaml(url);

function caseIds(): string[] {
  return readdirSync(V214)
    .filter((f) => f.endsWith('.case.yaml'))
    .map((f) => f.replace(/\.case\.yaml$/, ''))
    .sort();
}

/** Every case of one profile with its runs; inputs are shared (v2.13 reuses the v2.14 files). */
export function loadCases(version: Version): ConformanceCase[] {
  const folder = new URL(`kuma-${version}/injector/`, CONFORMANCE);
  const harness = readYaml<Harness>(new URL('harness.common.yaml', V214));
  const caCert = readFileSync(new URL('server-cert.pem', V214), 'utf8');
  return caseIds().map((id): ConformanceCase => {
    const file = load(new URL(`${id}.case.yaml`, V214)) as Json;
    const cluster = file.cluster as Json;
    const ns = (cluster.namespace as Json).metadata as Json;
    const meshes = (cluster.meshes as Json[]).map((m) => String((m.metadata as Json).name));
    const configFile = new URL(String(file.injectorConfig), folder);
    const runs = (file.runs as Json[]).map((run): CaseRun => {
      const sidecarContainers = (run.runtime as Json).sidecarContainersEnabled === true;
      const goldenFile = run.golden === null ? undefined : String(run.golden);
      return {
        variant: run.variant === 'native' ? 'native' : 'classic',
        sidecarContainers,
        goldenFile,
        golden: goldenFile === undefined ? undefined : (normalise(load(new URL(goldenFile, folder))) as KubeObject),
        settings: {
          ...settingsFor(version, harness, configFile, caCert, { sidecarContainersEnabled: sidecarContainers }),
          meshes,
          zone: '',
          previews: 'off',
          previewsDir: '',
        } satisfies Settings,
      };
    });
    const out: ConformanceCase = {
      id,
      expect: file.expect as ConformanceCase['expect'],
      input: normalise(load(new URL(String(file.input), V214))) as KubeObject,
      namespace: { labels: (ns.labels ?? {}) as Record<string, string>, annotations: (ns.annotations ?? {}) as Record<string, string> },
      meshes,
      runs,
    };
    if (typeof file.expectedErrorMessage === 'string') out.expectedErrorMessage = file.expectedErrorMessage;
    return out;
  });
}

/** The harness ContainerPatch objects (kuma-system/container-patch-1). */
export function harnessContainerPatches(): KubeObject[] {
  const harness = load(new URL('harness.common.yaml', V214)) as Json;
  return ((harness.cluster as Json).containerPatches as KubeObject[]).map((p) => structuredClone(p));
}
