/**
 * The values pipeline of ../shared/conformance/kuma-2.14/cp-config/cases/helm-render.cases.yaml
 * (README "Runnable checks" (i), step 1): kumactl's implied values plus the two TLS flags every
 * upstream case passes, the case's flag values (dotted paths), its values file or stdin values
 * (kumactl mergeMaps), then each `--set` (Helm strvals). Coalescing over the chart is the product's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readYamlNode } from '../../src/krm/yaml-node-reader.ts';
import { valuesFromYaml, fromPlain, getKey, isTable, setKey, type HelmMap } from '../../src/core/cp-config/helm/values.ts';
import { mergeMaps } from '../../src/core/cp-config/helm/merge-values.ts';
import { parseSetInto } from '../../src/core/cp-config/helm/strvals.ts';
import { CONFORMANCE } from './conformance-dir.ts';
import { yamlFileDocuments } from './yaml-files.ts';

const CP_CONFIG_DIR = fileURLToPath(new URL('kuma-2.14/cp-config/', CONFORMANCE));
export const CASES_DIR = `${CP_CONFIG_DIR}cases/`;

export interface HelmRenderCase {
  id: string;
  golden: string;
  release: { name: string; namespace: string };
  flagValues: Record<string, unknown>;
  valuesFile?: string;
  valuesFromStdin?: Record<string, unknown>;
  set?: string[];
  expect: { injectorActive: boolean; controlPlaneEnvCount: number };
}

export function readHelmRenderCases(): { cases: HelmRenderCase[]; counts: { cases: number; injectorActive: number } } {
  const file = parse(readFileSync(`${CASES_DIR}helm-render.cases.yaml`, 'utf8')) as {
    cases: HelmRenderCase[];
    counts: { cases: number; injectorActive: number };
  };
  return file;
}

/** A values file as Helm reads it (YAML 1.1, numbers float64). */
function readValuesFile(path: string): HelmMap {
  const read = readYamlNode(readFileSync(path, 'utf8'));
  if (!read.ok) throw new Error(`${path}: ${read.error}`);
  const values = valuesFromYaml(read.node);
  if (!values.ok) throw new Error(`${path}: ${values.error}`);
  return values.values;
}

function setPath(into: HelmMap, path: string, value: unknown): void {
  const steps = path.split('.');
  let current = into;
  for (const step of steps.slice(0, -1)) {
    const next = getKey(current, step);
    if (isTable(next)) {
      current = next;
    } else {
      const made: HelmMap = {};
      setKey(current, step, made);
      current = made;
    }
  }
  setKey(current, steps[steps.length - 1] as string, fromPlain(value));
}

/** The user values of one case, before coalescing with the chart. */
export function caseValues(c: HelmRenderCase): HelmMap {
  let values = readValuesFile(`${CASES_DIR}kumactl-implied.values.yaml`);
  setPath(values, 'controlPlane.tls.general.secretName', 'general-tls-secret');
  setPath(values, 'controlPlane.tls.general.caBundle', 'XYZ');
  for (const [path, value] of Object.entries(c.flagValues)) {
    // `controlPlane.envVars.<NAME>`: the name is one key even if it held dots.
    if (path.startsWith('controlPlane.envVars.'))
      setPath(values, 'controlPlane.envVars', {
        ...(getKey(getKey(values, 'controlPlane') as HelmMap, 'envVars') as object),
        [path.slice('controlPlane.envVars.'.length)]: value,
      });
    else setPath(values, path, value);
  }
  if (c.valuesFile !== undefined) values = mergeMaps(values, readValuesFile(`${CASES_DIR}${c.valuesFile}`));
  if (c.valuesFromStdin !== undefined) values = mergeMaps(values, fromPlain(c.valuesFromStdin) as HelmMap);
  for (const set of c.set ?? []) {
    const parsed = parseSetInto(set, values);
    if (!parsed.ok) throw new Error(parsed.error);
  }
  return values;
}

/** The env of container `control-plane` of Deployment `deployment` in a golden bundle. */
export function goldenControlPlaneEnv(goldenPath: string, deployment: string): unknown[] | undefined {
  for (const doc of yamlFileDocuments(goldenPath)) {
    const o = doc as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { template?: { spec?: { containers?: { name: string; env?: unknown[] }[] } } };
    } | null;
    if (o?.kind !== 'Deployment' || o.metadata?.name !== deployment) continue;
    return o.spec?.template?.spec?.containers?.find((c) => c.name === 'control-plane')?.env ?? [];
  }
  return undefined;
}
