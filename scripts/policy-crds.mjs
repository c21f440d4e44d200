// Reads the openAPIV3Schema of each Kuma CRD of a folder of kuma.io_<plural>.yaml files, without
// descriptions: what src/core/policies/crd/schemas.json holds (scripts/vendor-policy-crds.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key, value]) => !(key === 'description' && typeof value === 'string')).map(([key, value]) => [key, withoutDescriptions(value)]));
}

export function readCrdSchemas(dir) {
  const schemas = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(join(dir, file), 'utf8'));
    const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
    schemas[crd.spec.names.kind] = { plural: crd.spec.names.plural, version: version.name, openAPIV3Schema: withoutDescriptions(version.schema.openAPIV3Schema) };
  }
  return schemas;
}
