import type { KubeObject, Result } from '../core/types.ts';
import { describe, resultFor } from '../core/results.ts';
import { codeTag } from '../core/result-codes.ts';
import { InputError, readInput } from './read.ts';

/**
 * Cluster state given beside the bundle (`--cluster-state`, `clusterState:`, a capture of the
 * cluster): objects the webhook would read (Namespaces, Meshes, ContainerPatches, the kuma-cp
 * config, the CA Secret), read as context and never written to any output.
 */
export interface SideInput {
  /** How messages name it: the path as given. */
  source: string;
  text: string;
}

/**
 * The objects of the side inputs, without those the bundle also holds (the bundle is what gets
 * applied, so it wins; an info result says so) and without repeats among the side inputs (the
 * first one given wins).
 */
export function readSideInputs(inputs: readonly SideInput[], bundle: readonly KubeObject[]): { objects: KubeObject[]; results: Result[] } {
  const results: Result[] = [];
  const inBundle = new Set(bundle.map(identity));
  const seen = new Map<string, string>();
  const objects: KubeObject[] = [];
  for (const input of inputs) {
    let items: KubeObject[];
    try {
      items = readInput(input.text).items.map((item) => item.object);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      results.push({
        severity: 'error',
        message: `side input ${input.source}: ${error.message.replace(/^input /, '')} Fix the file or leave it out of --cluster-state / clusterState.`,
        tags: codeTag('KI0601'),
      });
      continue;
    }
    for (const object of items) {
      const key = identity(object);
      if (inBundle.has(key)) {
        results.push(
          resultFor(
            'KI0602',
            'info',
            object,
            `${describe(object)}: in the input and in the side input ${input.source}; the input's object is used (it is what gets applied), the side input's is ignored.`,
          ),
        );
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        results.push(
          resultFor(
            'KI0602',
            'info',
            object,
            `${describe(object)}: in the side inputs ${first} and ${input.source}; the first one given is used.`,
          ),
        );
        continue;
      }
      seen.set(key, input.source);
      objects.push(object);
    }
  }
  return { objects, results };
}

function identity(object: KubeObject): string {
  const group = (object.apiVersion ?? '').includes('/') ? (object.apiVersion ?? '').split('/')[0] : '';
  return [group, object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? ''].join('\u0000');
}
