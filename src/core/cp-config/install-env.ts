import type { ControlPlaneInstall, InstallLookups } from './install.ts';
import { objectKey } from './mounted-file.ts';

/**
 * The environment kuma-cp's container starts with, as the kubelet builds it from the pod spec:
 * `envFrom` sources in order, then `env` entries in order (the last entry of a name wins),
 * `$(VAR)` in a value expanded from the variables defined before it (`$$` is a literal `$`, an
 * undefined reference stays as written), `valueFrom` references resolved from the bundle and side
 * inputs. What only the cluster knows (a pod field, a resource limit, an object that is not here)
 * is unknown, never guessed.
 */
interface ResolvedEnvVar {
  /** The value, or undefined when it is unknown offline. */
  value?: string;
  /** Why the value is unknown. */
  unknown?: string;
  /** Where it came from, for messages: `env[3]`, `env[3] (Secret kuma-system/x key y)`, `envFrom[0] (ConfigMap ...)`. */
  from: string;
}

export interface ResolvedEnv {
  vars: Map<string, ResolvedEnvVar>;
  /** envFrom sources whose keys are unknown as a whole (the object is not here). */
  unknownSources: string[];
}

/** Kubernetes' expansion of `$(VAR)` references (k8s.io/kubernetes third_party/forked/golang/expansion). */
function expand(input: string, vars: ReadonlyMap<string, ResolvedEnvVar>): { value: string } | { unknown: string } {
  let out = '';
  let unknown: string | undefined;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '$' || i + 1 >= input.length) {
      out += input[i];
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close === -1) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const ref = vars.get(name);
      if (ref === undefined) out += input.slice(i, close + 1);
      else if (ref.value === undefined) unknown = `it refers to $(${name}), whose value is unknown`;
      else out += ref.value;
      i = close;
      continue;
    }
    out += '$';
  }
  return unknown === undefined ? { value: out } : { unknown };
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function resolveInstallEnv(install: ControlPlaneInstall, lookups: InstallLookups): ResolvedEnv {
  const vars = new Map<string, ResolvedEnvVar>();
  const unknownSources: string[] = [];
  (install.envFrom ?? []).forEach((source, index) => {
    const ref = source.configMapRef ?? source.secretRef;
    if (ref === undefined) return;
    const kind = source.configMapRef !== undefined ? 'ConfigMap' : 'Secret';
    const where = `envFrom[${index}] (${kind} ${install.namespace}/${ref.name})`;
    const found = lookups.find(kind, install.namespace, ref.name);
    if (found === undefined) {
      if (ref.optional !== true)
        unknownSources.push(`${where} is neither in the input nor in the side inputs: the variables it sets are unknown`);
      return;
    }
    const keys = new Set([
      ...Object.keys((found.object['data'] as object | undefined) ?? {}),
      ...Object.keys((found.object[kind === 'Secret' ? 'stringData' : 'binaryData'] as object | undefined) ?? {}),
    ]);
    for (const key of keys) {
      const name = `${source.prefix ?? ''}${key}`;
      if (!ENV_NAME.test(name)) continue;
      const value = objectKey(found.object, key);
      vars.set(name, typeof value === 'string' ? { value, from: where } : { unknown: `${where} key ${key} is not readable`, from: where });
    }
  });
  install.env.forEach((entry, index) => {
    const at = `env[${index}]`;
    const from = entry.valueFrom;
    if (from === undefined) {
      const expanded = expand(entry.value ?? '', vars);
      vars.set(entry.name, 'value' in expanded ? { value: expanded.value, from: at } : { unknown: expanded.unknown, from: at });
      return;
    }
    const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
    if (keyRef !== undefined) {
      const kind = from.configMapKeyRef !== undefined ? 'ConfigMap' : 'Secret';
      const where = `${at} (${kind} ${install.namespace}/${keyRef.name} key ${keyRef.key})`;
      const generated = install.unknownObjects?.find((o) => o.kind === kind && o.name === keyRef.name);
      const found = generated === undefined ? lookups.find(kind, install.namespace, keyRef.name) : undefined;
      if (generated !== undefined) {
        vars.set(entry.name, { unknown: `${kind} ${install.namespace}/${keyRef.name}: ${generated.reason}`, from: where });
        return;
      }
      if (found === undefined) {
        // An optional reference to a missing object leaves the variable unset; a required one is only resolvable in the cluster.
        if (keyRef.optional === true) vars.delete(entry.name);
        else
          vars.set(entry.name, {
            unknown: `${kind} ${install.namespace}/${keyRef.name} is neither in the input nor in the side inputs`,
            from: where,
          });
        return;
      }
      const value = objectKey(found.object, keyRef.key);
      if (value === undefined) {
        if (keyRef.optional === true) vars.delete(entry.name);
        else
          vars.set(entry.name, {
            unknown: `${kind} ${install.namespace}/${keyRef.name} has no key ${keyRef.key} (the pod would not start)`,
            from: where,
          });
        return;
      }
      vars.set(
        entry.name,
        typeof value === 'string'
          ? { value, from: where }
          : { unknown: `${kind} ${install.namespace}/${keyRef.name} key ${keyRef.key} ${value.invalid}`, from: where },
      );
      return;
    }
    const runtime =
      from.fieldRef !== undefined
        ? `the pod's field ${from.fieldRef.fieldPath}`
        : from.resourceFieldRef !== undefined
          ? `the container's ${from.resourceFieldRef.resource}`
          : `a ${Object.keys(from)[0] ?? 'valueFrom'} reference`;
    vars.set(entry.name, { unknown: `it is ${runtime}, known only in the running pod`, from: at });
  });
  return { vars, unknownSources };
}
