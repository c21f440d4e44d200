import type { OpProblem } from './op-shape.ts';
import { arrayIndexOf, formatPointer, isJsonObject } from './json-pointer.ts';

/**
 * Walking a JSON pointer through the container the way the webhook's JSON-patch library
 * (evanphx/json-patch v5) does: negative array indices count from the end, a null member counts
 * as missing, and with EnsurePathExistsOnAdd missing parents are created on the way.
 */

/** The document being patched; `root` may be replaced as a whole (`add ""`, `replace ""`). */
export interface PatchDocument {
  root: unknown;
}

export type Container = Record<string, unknown> | unknown[];

/** Where an operation lands: the container holding it and the key there, in canonical form. */
export interface Slot {
  parent: Container;
  key: string;
  /** The whole canonical pointer (negative indices resolved), as handed to fast-json-patch. */
  pointer: string;
}

export type Walked = { ok: true; slot: Slot; tokens: string[] } | { ok: false; problem: OpProblem };

/** The existing member `key` of `parent` in canonical form (array index resolved), if any. */
export function canonicalMember(parent: Container, key: string): string | undefined {
  if (!Array.isArray(parent)) return Object.hasOwn(parent, key) ? key : undefined;
  const index = arrayIndexOf(key);
  if (index === undefined || index < -parent.length || index >= parent.length) return undefined;
  return String(index < 0 ? index + parent.length : index);
}

export function lookup(parent: Container, key: string): unknown {
  if (Array.isArray(parent)) {
    const index = canonicalMember(parent, key);
    return index === undefined ? undefined : parent[Number(index)];
  }
  return Object.hasOwn(parent, key) ? parent[key] : undefined;
}

/**
 * Walks every token but the last. With `ensure`, missing or null members are created the way the
 * webhook's library does; without it they are an error.
 */
export function walk(doc: PatchDocument, tokens: readonly string[], ensure: boolean, op: string, role = 'path'): Walked {
  let current: unknown = doc.root;
  const canonical: string[] = [];
  for (let i = 0; i < tokens.length - 1; i += 1) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1] ?? '';
    if (!Array.isArray(current) && !isJsonObject(current)) {
      return notAContainer(tokens, i, current, op, role);
    }
    let member = canonicalMember(current, token);
    let child = member === undefined ? undefined : lookup(current, member);
    if (child === undefined || child === null) {
      if (!ensure) return missing(tokens, i, op, role);
      const created = createContainer(next);
      if (created === undefined) {
        return { ok: false, problem: badIndex(tokens, i + 1) };
      }
      const inserted = insertCreated(current, token, member, created);
      if (inserted === undefined) return { ok: false, problem: badIndex(tokens, i) };
      member = inserted;
      child = created;
    }
    canonical.push(member ?? token);
    current = child;
  }
  if (!Array.isArray(current) && !isJsonObject(current)) {
    return notAContainer(tokens, tokens.length - 1, current, op, role);
  }
  const key = tokens[tokens.length - 1] ?? '';
  return { ok: true, slot: { parent: current, key, pointer: formatPointer([...canonical, key]) }, tokens: [...canonical, key] };
}

/** An empty array (padded with nulls up to the next index) or object, as the next token asks. */
function createContainer(next: string): Container | undefined {
  const index = next === '-' ? 0 : arrayIndexOf(next);
  if (index === undefined) return {};
  if (index < -1) return undefined;
  return new Array<unknown>(Math.max(index, 0)).fill(null);
}

/** Puts a created container at `token` of `parent`; returns the canonical member it now has. */
function insertCreated(parent: Container, token: string, existing: string | undefined, created: Container): string | undefined {
  if (!Array.isArray(parent)) {
    parent[token] = created;
    return token;
  }
  if (token === '-') {
    parent.push(created);
    return String(parent.length - 1);
  }
  const index = arrayIndexOf(token);
  if (index === undefined) return undefined;
  if (existing !== undefined) {
    // The library inserts at the token (as `add` would) instead of replacing the null it met;
    // a negative token then counts from the new length.
    const at = index < 0 ? index + parent.length + 1 : index;
    parent.splice(at, 0, created);
    return String(at);
  }
  if (index < 0) return undefined;
  while (parent.length < index) parent.push(null);
  parent.push(created);
  return String(parent.length - 1);
}

function missing(tokens: readonly string[], i: number, op: string, role: string): Walked {
  return {
    ok: false,
    problem: {
      what: `${role} ${formatPointer(tokens)} does not exist: ${formatPointer(tokens.slice(0, i + 1))} is missing`,
      got: 'no such member',
      expected: `existing parents for ${op}`,
      fix:
        op === 'move'
          ? 'The value at from is removed before it is added at path, so path cannot lie inside from; fix the pointers.'
          : 'Create the parent first with an "add" (which creates missing parents), or fix the pointer.',
    },
  };
}

function notAContainer(tokens: readonly string[], i: number, value: unknown, op: string, role: string): Walked {
  return {
    ok: false,
    problem: {
      what: `${role} ${formatPointer(tokens)} goes through ${formatPointer(tokens.slice(0, i))}, which is not an object or array`,
      got: JSON.stringify(value) ?? 'nothing',
      expected: `an object or array on the way for ${op}`,
      fix: 'Fix the pointer, or replace the parent with an object first.',
    },
  };
}

function badIndex(tokens: readonly string[], i: number): OpProblem {
  return {
    what: `${JSON.stringify(tokens[i] ?? '')} is not a usable array index in ${formatPointer(tokens)}`,
    got: `token ${JSON.stringify(tokens[i] ?? '')}`,
    expected: 'an index within the array, -1, or "-"',
    fix: 'Use "-" to append.',
  };
}
