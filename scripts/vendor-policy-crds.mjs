// Copies the openAPIV3Schema of each Kuma policy CRD (the 16 of kinds.ts) into
// src/core/policies/crd/schemas.json, descriptions left out, so the build compiles them without
// reading anything outside the repository. Run by hand when the CRDs change:
//   node scripts/vendor-policy-crds.mjs [CRD folder]
// The folder defaults to ../shared/conformance/kuma-2.14/policies/crds (KUMA_CONFORMANCE_DIR is
// honoured), which holds unmodified copies of deployments/charts/kuma/crds/kuma.io_<plural>.yaml of
// kumahq/kuma v2.14.3 (Apache-2.0); test/core/policies/crd-schemas.test.ts checks the copy is exact.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const base = process.env.KUMA_CONFORMANCE_DIR ?? new URL('../../shared/conformance/', import.meta.url).pathname;
const folder = resolve(process.argv[2] ?? join(base, 'kuma-2.14/policies/crds'));
const out = new URL('../src/core/policies/crd/schemas.json', import.meta.url);

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

if (import.meta.url === `file://${process.argv[1]}`) {
  const schemas = readCrdSchemas(folder);
  const doc = {
    source: 'kumahq/kuma v2.14.3 (0c7aaec033b7dad03c3a9f4d5b56eb6d941bfff9), deployments/charts/kuma/crds/kuma.io_<plural>.yaml, Apache-2.0, Copyright Kuma authors; openAPIV3Schema of each CRD, descriptions removed',
    schemas,
  };
  writeFileSync(out, `${JSON.stringify(doc)}\n`);
  process.stdout.write(`vendored ${Object.keys(schemas).length} CRD schemas into ${out.pathname}\n`);
}
