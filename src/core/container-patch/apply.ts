import type { Result } from '../types.ts';
import type { NamedContainerPatch, PatchTarget } from './types.ts';
import { checkOp, type ParsedOp } from './op-shape.ts';
import { applyParsedOp, type PatchDocument } from './apply-op.ts';
import { isJsonObject } from './json-pointer.ts';
import { opResult } from './messages.ts';
import type { OpProblem } from './op-shape.ts';
import { PRIVILEGE_CHECKS, newCapabilities, readPrivileges } from './privilege.ts';
import { validateContainerSpec } from './validate-container.ts';

export type PatchOutcome = { ok: true; container: Record<string, unknown>; results: Result[] } | { ok: false; results: Result[] };

/** One op of the concatenated list, remembering which patch and index it came from. */
interface PlacedOp {
  patch: NamedContainerPatch;
  index: number;
  op: ParsedOp;
}

/**
 * Applies each patch's `target` ops in order to a copy of `container`; never mutates the input.
 *
 * Like the webhook, the ops of all patches form one JSON patch: it applies fully or not at all.
 * On success the result has been checked against the Kubernetes Container schema and carries a
 * warning for every privilege the patches grant. With no ops to apply, `container` itself is
 * returned. On failure every result is an error naming the patch, the op index and the op.
 */
export function applyContainerPatches(
  container: Record<string, unknown>,
  patches: readonly NamedContainerPatch[],
  target: PatchTarget,
): PatchOutcome {
  const name = typeof container['name'] === 'string' ? container['name'] : '(unnamed)';
  const context = `cannot patch container "${name}": `;
  const placed: PlacedOp[] = [];
  const errors: Result[] = [];
  const reported = new Set<string>();
  for (const patch of patches) {
    const ops: readonly unknown[] = Array.isArray(patch.spec[target]) ? (patch.spec[target] as unknown[]) : [];
    ops.forEach((raw, index) => {
      const checked = checkOp(raw);
      if (checked.ok) {
        placed.push({ patch, index, op: checked.op });
      } else if (!reported.has(`${patch.name}[${index}]`)) {
        // A patch listed twice is reported once. Word for word what collectContainerPatches says
        // about the object, so reports can merge the two.
        reported.add(`${patch.name}[${index}]`);
        errors.push(opResult('KI0405', 'error', patch, target, index, '', checked.problem));
      }
    });
  }
  if (errors.length > 0) return { ok: false, results: errors };
  if (placed.length === 0) return { ok: true, container, results: [] };

  // The webhook patches the Go-marshalled container, where `resources` is always present.
  const hadResources = Object.hasOwn(container, 'resources');
  const doc: PatchDocument = { root: structuredClone(hadResources ? container : { ...container, resources: {} }) };
  let readings = readPrivileges(doc.root as Record<string, unknown>);
  const lastChange = new Map<string, PlacedOp>();
  for (const step of placed) {
    const problem = applyParsedOp(doc, step.op);
    if (problem !== undefined) {
      return { ok: false, results: [opResult('KI0408', 'error', step.patch, target, step.index, context, problem)] };
    }
    const next = readPrivileges(doc.root as Record<string, unknown>);
    PRIVILEGE_CHECKS.forEach((check, i) => {
      if (next[i] !== readings[i]) lastChange.set(check.id, step);
    });
    readings = next;
  }

  const patched = withoutNulls(doc.root) as Record<string, unknown>;
  if (!hadResources && isJsonObject(patched['resources']) && Object.keys(patched['resources']).length === 0) {
    delete patched['resources'];
  }
  const invalid = validateContainerSpec(patched);
  if (invalid.length > 0) {
    return {
      ok: false,
      results: invalid.map((issue) => {
        const step = lastTouching(placed, issue.tokens) ?? placed[placed.length - 1]!;
        return opResult('KI0408', 'error', step.patch, target, step.index, context, issue.problem);
      }),
    };
  }
  // Checked after the schema, whose errors say more about a container that is no longer one.
  const whole = placed.find((step) => step.op.path.length === 0 && step.op.op !== 'test');
  if (whole !== undefined) {
    return {
      ok: false,
      results: [
        opResult('KI0410', 'error', whole.patch, target, whole.index, context, {
          what: 'replaces the whole injected container',
          got: `path ""`,
          expected: 'ops on fields of the container (e.g. "/resources/limits/cpu")',
          fix: `${RECOGNISED} Patch the fields you need instead.`,
        }),
      ],
    };
  }
  const lost = identityLost(container, patched);
  if (lost !== undefined) {
    const step = lastTouching(placed, [lost.field]) ?? placed[placed.length - 1]!;
    return { ok: false, results: [opResult('KI0410', 'error', step.patch, target, step.index, context, lost.problem)] };
  }
  return { ok: true, container: patched, results: privilegeWarnings(container, patched, placed, lastChange, target, name) };
}

const RECOGNISED =
  'kuma-inject finds the containers it injected by their name when it renders again; ' +
  'without them each render would inject again and duplicate them.';

/**
 * Whether the patches took away what the injected container is recognised and run by: its name
 * (the webhook applies a rename, but offline the next render could not tell the injected container
 * from the application's own and would inject again), or its image (the pod could not start).
 */
function identityLost(before: Record<string, unknown>, after: Record<string, unknown>): { field: string; problem: OpProblem } | undefined {
  if (after['name'] !== before['name']) {
    return {
      field: 'name',
      problem: {
        what: 'renames the injected container',
        got: `name ${JSON.stringify(after['name']) ?? 'removed'}`,
        expected: `name ${JSON.stringify(before['name'])} kept`,
        fix: `${RECOGNISED} Remove the op that changes /name.`,
      },
    };
  }
  const image = after['image'];
  if (typeof before['image'] === 'string' && (typeof image !== 'string' || image === '')) {
    return {
      field: 'image',
      problem: {
        what: "removes the injected container's image",
        got: `image ${JSON.stringify(image) ?? 'removed'}`,
        expected: 'an image (another image is fine)',
        fix: 'A container without an image cannot start. Give another image with --sidecar-image / --init-image, or replace /image with another image.',
      },
    };
  }
  return undefined;
}

/** Go decodes a JSON null member as "not set"; the API server does the same (undefined is JSON's absent). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null && member !== undefined) out[key] = withoutNulls(member);
  }
  return out;
}

/** The last op whose path (or from) lies on the way to, or below, the offending location. */
function lastTouching(placed: readonly PlacedOp[], tokens: readonly string[]): PlacedOp | undefined {
  const related = (path: readonly string[]): boolean => {
    const n = Math.min(path.length, tokens.length);
    for (let i = 0; i < n; i += 1) if (path[i] !== tokens[i]) return false;
    return true;
  };
  for (let i = placed.length - 1; i >= 0; i -= 1) {
    const step = placed[i]!;
    if (related(step.op.path) || ('from' in step.op && related(step.op.from))) return step;
  }
  return undefined;
}

function privilegeWarnings(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  placed: readonly PlacedOp[],
  lastChange: ReadonlyMap<string, PlacedOp>,
  target: PatchTarget,
  name: string,
): Result[] {
  const was = readPrivileges(before);
  const now = readPrivileges(after);
  const results: Result[] = [];
  PRIVILEGE_CHECKS.forEach((check, i) => {
    const from = was[i] ?? '';
    const to = now[i] ?? '';
    const changed = lastChange.get(check.id);
    if (changed === undefined || !check.escalates(from, to)) return;
    // Blame the last op that wrote the setting (a repeat counts), else the last that changed it.
    const step = lastTouching(placed, check.field.split('.')) ?? changed;
    const got =
      check.id === 'capabilities'
        ? `${check.field} += ${JSON.stringify(newCapabilities(from, to))}`
        : `${check.field}: ${JSON.stringify(readField(after, check.field))}`;
    results.push(
      opResult('KI0409', 'warning', step.patch, target, step.index, '', {
        what: `makes container "${name}" ${check.meaning}`,
        got,
        expected: 'the least privilege the mesh needs',
        fix: 'The patch is applied as written; review that this privilege is really needed before merging.',
      }),
    );
  });
  return results;
}

function readField(container: Record<string, unknown>, field: string): unknown {
  let current: unknown = container;
  for (const key of field.split('.')) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}
