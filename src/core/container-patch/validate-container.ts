import type { ErrorObject } from 'ajv';
import validate, { containerSchema, schemaSource, type SchemaNode } from './generated/container-validator.js';
import type { OpProblem } from './op-shape.ts';
import { formatPointer, parsePointer } from './json-pointer.ts';
import { nearestName } from '../nearest-name.ts';

/** One way a patched container breaks the Kubernetes Container schema. */
export interface SchemaIssue {
  /** Where, as JSON-pointer tokens inside the container. */
  tokens: string[];
  problem: OpProblem;
}

/**
 * The schema issues of `container`: empty when it is a valid io.k8s.api.core.v1.Container (field
 * names, required fields, types, enums), all issues otherwise. Checks the spec, not that it runs.
 */
export function validateContainerSpec(container: Record<string, unknown>): SchemaIssue[] {
  if (validate(container)) return [];
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of validate.errors ?? []) {
    const issue = describeError(container, error);
    const key = `${formatPointer(issue.tokens)} ${issue.problem.what}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
};

function describeError(container: Record<string, unknown>, error: ErrorObject): SchemaIssue {
  const tokens = parsePointer(error.instancePath) ?? [];
  const where = tokens.length === 0 ? 'the container' : formatPointer(tokens);
  const owner = ownerAt(tokens);
  const rule = `${owner?.title ?? ruleAt(tokens)} (${schemaSource})`;
  const got = valueAt(container, tokens);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: unknown }).additionalProperty);
      const known = owner?.fields ?? [];
      const near = nearestName(field, known);
      return {
        tokens: [...tokens, field],
        problem: {
          what: `the patched container has an unknown field "${field}" in ${where}`,
          got: JSON.stringify(field),
          expected: `a field of ${rule}: ${known.join(', ')}`,
          fix:
            near === undefined
              ? 'Remove the field, or fix the path of the op that adds it.'
              : `Did you mean "${near}"? Fix the path of the op that adds it.`,
        },
      };
    }
    case 'required': {
      const field = String((error.params as { missingProperty: unknown }).missingProperty);
      return {
        tokens: [...tokens, field],
        problem: {
          what: `the patched container lacks required field "${field}" in ${where}`,
          got: `${where} = ${show(got)}`,
          expected: `${rule} requires "${field}"`,
          fix: `Add "${field}", or do not remove it.`,
        },
      };
    }
    case 'type': {
      const wanted = ([] as unknown[]).concat((error.params as { type: unknown }).type).flatMap((t) => String(t).split(','));
      return {
        tokens,
        problem: {
          what: `the patched container has the wrong type at ${where}`,
          got: show(got),
          expected: `${wanted.map((t) => TYPE_WORDS[t] ?? t).join(' or ')} as ${rule} defines it`,
          fix: "Change the op's value: values are JSON text, so '\"100m\"' is a string and '100' a number.",
        },
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return {
        tokens,
        problem: {
          what: `the patched container has a value Kubernetes does not accept at ${where}`,
          got: show(got),
          expected: `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (${rule})`,
          fix: 'Use one of the allowed values.',
        },
      };
    }
    default:
      return {
        tokens,
        problem: {
          what: `the patched container breaks the Container schema at ${where} (${error.message ?? error.keyword})`,
          got: show(got),
          expected: `a value ${rule} accepts`,
          fix: "Fix the op's value.",
        },
      };
  }
}

/**
 * The object definition at `tokens` of a container (its OpenAPI name and fields), found by walking
 * the schema: ajv's schema paths are relative to each compiled definition, so they do not name it.
 */
function ownerAt(tokens: readonly string[]): { title: string; fields: string[] } | undefined {
  const node = walkSchema(tokens).node;
  if (node?.properties === undefined) return undefined;
  return { title: node.title ?? ROOT_TITLE, fields: Object.keys(node.properties) };
}

const ROOT_TITLE = 'io.k8s.api.core.v1.Container';

/** `io.k8s.api.core.v1.SeccompProfile.type`: the nearest named definition and the rest of the path. */
function ruleAt(tokens: readonly string[]): string {
  const { titled, rest } = walkSchema(tokens);
  return [titled, ...rest.filter((token) => !/^\d+$/.test(token))].join('.');
}

function walkSchema(tokens: readonly string[]): { node: SchemaNode | undefined; titled: string; rest: string[] } {
  let node: SchemaNode | undefined = resolveRef(containerSchema);
  let titled = ROOT_TITLE;
  let rest: string[] = [];
  for (const token of tokens) {
    if (node === undefined) break;
    const child: SchemaNode | boolean | undefined =
      node.properties?.[token] ?? node.items ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    node = typeof child === 'object' ? resolveRef(child) : undefined;
    rest.push(token);
    if (typeof child === 'object' && child.$ref !== undefined && node?.title !== undefined) {
      titled = node.title;
      rest = [];
    }
  }
  return { node, titled, rest };
}

function resolveRef(node: SchemaNode): SchemaNode | undefined {
  if (node.$ref === undefined) return node;
  return containerSchema.$defs[node.$ref.replace('#/$defs/', '')];
}

function valueAt(container: unknown, tokens: readonly string[]): unknown {
  let current = container;
  for (const token of tokens) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
