// Copies the openAPIV3Schema of each Kuma policy CRD into src/core/policies/crd/schemas.json,
// descriptions left out, so the build compiles them without reading anything outside the
// repository. Run by hand when the CRDs change:
//   node scripts/vendor-policy-crds.mjs [CRD folder]
// The folder defaults to $KUMA_CONFORMANCE_DIR (else ../shared/conformance) /kuma-2.14/policies/crds,
// unmodified copies of deployments/charts/kuma/crds/kuma.io_<plural>.yaml of kumahq/kuma v2.14.3
// (Apache-2.0); test/core/policies/crd-schemas.test.ts checks the vendored copy against them.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCrdSchemas } from './policy-crds.mjs';

const base = process.env.KUMA_CONFORMANCE_DIR ?? fileURLToPath(new URL('../../shared/conformance/', import.meta.url));
const folder = resolve(process.argv[2] ?? join(base, 'kuma-2.14/policies/crds'));
const out = new URL('../src/core/policies/crd/schemas.json', import.meta.url);
const schemas = readCrdSchemas(folder);
const doc = {
  source:
    'kumahq/kuma v2.14.3 (0c7aaec033b7dad03c3a9f4d5b56eb6d941bfff9), deployments/charts/kuma/crds/kuma.io_<plural>.yaml, Apache-2.0, Copyright Kuma authors; openAPIV3Schema of each CRD, descriptions removed',
  schemas,
};
writeFileSync(out, `${JSON.stringify(doc)}\n`);
process.stdout.write(`vendored ${Object.keys(schemas).length} CRD schemas into ${fileURLToPath(out)}\n`);
