// Reads the openAPIV3Schema of each Kuma CRD of a folder of kuma.io_<plural>.yaml files, without
// descriptions: what src/core/policies/crd/schemas.json holds (scripts/vendor-policy-crds.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'description' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

export function readCrdSchemas(dir) {
  const schemas = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const crd = parse(readFileSync(join(dir, file), 'utf8'));
    const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
    schemas[crd.spec.names.kind] = {
      plural: crd.spec.names.plural,
      version: version.name,
      openAPIV3Schema: withoutDescriptions(version.schema.openAPIV3Schema),
    };
  }
  return schemas;
}

/** The schema as the API server applies it: objects with declared properties are closed. */
export function structural(schema) {
  if (Array.isArray(schema)) return schema.map(structural);
  if (typeof schema !== 'object' || schema === null) return schema;
  // `example` and `default` keywords are documentation here (the API server applies defaults, not a
  // check); a property that happens to be named so is kept.
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'example' || k === 'default') continue;
    if (k === 'properties' || k === 'patternProperties')
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, structural(sub)]));
    else out[k] = k === 'enum' || k === 'required' ? v : structural(v);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true)
    out.additionalProperties = false;
  return out;
}

/** The Kubernetes vocabulary of CRD schemas that ajv must accept: annotations and formats. */
export function crdAjvOptions(ajv) {
  for (const keyword of [
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-list-type',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
  ])
    ajv.addKeyword(keyword);
  for (const format of ['int32', 'int64', 'double', 'float']) ajv.addFormat(format, true);
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  return ajv;
}
