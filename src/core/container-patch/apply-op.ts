import jsonpatch from 'fast-json-patch';
import type { ParsedOp, OpProblem } from './op-shape.ts';
import { arrayIndexOf, formatPointer, isJsonObject } from './json-pointer.ts';
import { canonicalMember, lookup, walk, type PatchDocument, type Slot } from './walk-pointer.ts';

export type { PatchDocument } from './walk-pointer.ts';

type Located = { ok: true; slot: Slot } | { ok: false; problem: OpProblem };

/**
 * Applies one decoded operation to `doc` in place, with the semantics of the webhook's library
 * (evanphx/json-patch v5 with EnsurePathExistsOnAdd): `add` creates missing parents (an array
 * when the next token is an index or `-`, padded with nulls, else an object), negative array
 * indices count from the end, and a null on the way counts as missing. Returns the problem when
 * the operation cannot apply; `doc` may then be partly changed, so callers work on a copy.
 */
export function applyParsedOp(doc: PatchDocument, op: ParsedOp): OpProblem | undefined {
  switch (op.op) {
    case 'add':
      if (op.path.length === 0) return replaceRoot(doc, op.value, 'add');
      return addAt(doc, op.path, op.value, true, 'add');
    case 'replace': {
      if (op.path.length === 0) return replaceRoot(doc, op.value, 'replace');
      const at = locateExisting(doc, op.path, 'replace');
      if (!at.ok) return at.problem;
      return viaLibrary(doc, { op: 'replace', path: at.slot.pointer, value: op.value });
    }
    case 'remove': {
      if (op.path.length === 0) return wholeContainer('remove');
      const at = locateExisting(doc, op.path, 'remove');
      if (!at.ok) return at.problem;
      return viaLibrary(doc, { op: 'remove', path: at.slot.pointer });
    }
    case 'test':
      return testAt(doc, op.path, op.value);
    case 'move':
    case 'copy': {
      if (op.from.length === 0 && op.op === 'move') return wholeContainer('move');
      let value: unknown;
      if (op.from.length === 0) {
        value = doc.root;
      } else {
        const from = locateExisting(doc, op.from, op.op, 'from');
        if (!from.ok) return from.problem;
        value = valueAt(from.slot);
        if (op.op === 'move') {
          const removed = viaLibrary(doc, { op: 'remove', path: from.slot.pointer });
          if (removed !== undefined) return removed;
        }
      }
      if (op.path.length === 0) return wholeContainer(op.op);
      return addAt(doc, op.path, structuredClone(value), false, op.op);
    }
  }
}

function valueAt(slot: Slot): unknown {
  return Array.isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[slot.key];
}

function replaceRoot(doc: PatchDocument, value: unknown, op: string): OpProblem | undefined {
  if (!isJsonObject(value)) {
    return {
      what: `${op} of the whole container needs an object`,
      got: `value ${JSON.stringify(value)}`,
      expected: 'a JSON object describing a container',
      fix: 'Patch a field such as "/resources" instead of "".',
    };
  }
  doc.root = value;
  return undefined;
}

function wholeContainer(op: string): OpProblem {
  return {
    what: `${op} cannot take the whole container`,
    got: 'path ""',
    expected: 'a pointer to a field such as "/securityContext"',
    fix: 'Name the field to change.',
  };
}

/** add (and the destination of move/copy): ensures parents only for add proper. */
function addAt(doc: PatchDocument, tokens: readonly string[], value: unknown, ensure: boolean, op: string): OpProblem | undefined {
  const at = walk(doc, tokens, ensure, op);
  if (!at.ok) return at.problem;
  const { parent, key } = at.slot;
  let pointer = at.slot.pointer;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndexOf(key);
    const resolved = index !== undefined && index < 0 ? index + parent.length + 1 : index;
    if (resolved === undefined || resolved < 0 || resolved > parent.length) {
      return {
        what: `array index ${JSON.stringify(key)} is out of range for insertion`,
        got: `an array of ${parent.length} item(s)`,
        expected: `an index from 0 to ${parent.length}, a negative index from -1 to -${parent.length + 1}, or "-" to append`,
        fix: 'Use "-" to append.',
      };
    }
    pointer = formatPointer([...at.tokens.slice(0, -1), String(resolved)]);
  }
  return viaLibrary(doc, { op: 'add', path: pointer, value });
}

function testAt(doc: PatchDocument, tokens: readonly string[], expected: unknown): OpProblem | undefined {
  if (tokens.length === 0) return viaLibrary(doc, { op: 'test', path: '', value: expected });
  const at = walk(doc, tokens, false, 'test');
  if (!at.ok) return at.problem;
  const current = lookup(at.slot.parent, at.slot.key);
  // The library treats a missing member and a null alike, and both equal an expected null.
  if (current === undefined || current === null) {
    if (expected === null) return undefined;
    return testFailed(current, expected);
  }
  if (expected === null) return testFailed(current, expected);
  return viaLibrary(doc, { op: 'test', path: at.slot.pointer, value: expected }, current);
}

function testFailed(current: unknown, expected: unknown): OpProblem {
  return {
    what: 'test failed',
    got: `current value ${current === undefined ? 'absent' : JSON.stringify(current)}`,
    expected: `${JSON.stringify(expected)}`,
    fix: 'Change the test value or drop the test: it guards the patch on purpose.',
  };
}

/** remove/replace/from: the final member must exist (a null counts as missing). */
function locateExisting(doc: PatchDocument, tokens: readonly string[], op: string, role = 'path'): Located {
  const at = walk(doc, tokens, false, op, role);
  if (!at.ok) return at;
  const { parent, key } = at.slot;
  const resolved = canonicalMember(parent, key);
  if (resolved === undefined || lookup(parent, resolved) === undefined || lookup(parent, resolved) === null) {
    return {
      ok: false,
      problem: {
        what: `${role} ${formatPointer(tokens)} does not exist`,
        got: Array.isArray(parent) ? `an array of ${parent.length} item(s)` : `members ${JSON.stringify(Object.keys(parent))}`,
        expected: `an existing member for ${op}`,
        fix: op === 'replace' ? 'Use "add", which creates or overwrites the member.' : 'Fix the pointer.',
      },
    };
  }
  const pointer = formatPointer([...at.tokens.slice(0, -1), resolved]);
  return { ok: true, slot: { parent, key: resolved, pointer } };
}

/** Runs one canonical operation through fast-json-patch (validated), turning its errors into problems. */
function viaLibrary(doc: PatchDocument, operation: jsonpatch.Operation, current?: unknown): OpProblem | undefined {
  try {
    doc.root = jsonpatch.applyOperation(doc.root, operation, true, true, true).newDocument;
    return undefined;
  } catch (error) {
    if (operation.op === 'test' && error instanceof jsonpatch.JsonPatchError && error.name === 'TEST_OPERATION_FAILED') {
      return testFailed(current, operation.value);
    }
    return {
      what: `the JSON patch library refused it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      got: `pointer ${JSON.stringify(operation.path)}`,
      expected: 'an operation RFC 6902 allows here',
      fix: 'Fix the pointer or the operation.',
    };
  }
}
