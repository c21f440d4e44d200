/**
 * Kuma 2.14 validating webhook: every request of ../shared/conformance/kuma-2.14/policies/
 * admission-validation (40 requests × global, federated and non-federated control planes), run
 * through our webhook twin and compared with the upstream AdmissionResponse: allowed, status code,
 * reason and message, the causes (field, message, reason), warnings and patches (README §4: only the
 * validating webhook runs; labels are taken as given).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { CONFORMANCE } from './conformance-dir.ts';
import { validateAdmission, type WebhookRequest } from '../../src/core/policies/validating-webhook.ts';
import type { AdmissionChecker } from '../../src/core/policies/admission-checker.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/admission-validation/', CONFORMANCE));
const MODES: Record<string, Pick<AdmissionChecker, 'mode' | 'federatedZone'>> = {
  global: { mode: 'global', federatedZone: false },
  federated: { mode: 'zone', federatedZone: true },
  'non-federated': { mode: 'zone', federatedZone: false },
};

interface Golden {
  Patches: unknown;
  allowed: boolean;
  status: {
    code: number;
    message?: string;
    reason?: string;
    status?: string;
    details?: { causes?: { field: string; message: string; reason: string }[] };
  };
  warnings?: string[];
}

test('kuma-2.14 policies admission: every request gets the upstream response in every control-plane mode', () => {
  const inputs = readdirSync(DIR)
    .filter((f) => f.endsWith('.input.yaml'))
    .sort();
  const failures: string[] = [];
  let total = 0;
  for (const file of inputs) {
    const text = readFileSync(`${DIR}${file}`, 'utf8');
    const header = Object.fromEntries((/^# (.*)$/m.exec(text)?.[1] ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
    const request: WebhookRequest = {
      operation: header['operation'] as WebhookRequest['operation'],
      namespace: header['namespace'] ?? '',
      username: header['user'] ?? '',
    };
    // DELETE decodes the old object; the file holds it as its only document.
    const object = docs[0] as Record<string, unknown>;
    for (const [mode, flags] of Object.entries(MODES)) {
      total++;
      const golden = parse(readFileSync(`${DIR}${file.replace('.input.yaml', `.${mode}.golden.yaml`)}`, 'utf8')) as Golden;
      const got = validateAdmission(object, request, {
        ...flags,
        allowedUsers: [
          'system:serviceaccount:kube-system:generic-garbage-collector',
          'system:serviceaccount:kuma-system:kuma-control-plane',
        ],
        systemNamespace: 'kuma-system',
        zoneName: 'zone-1',
        disableOriginLabelValidation: false,
        product: 'Kuma',
      });
      const want = {
        allowed: golden.allowed,
        code: golden.status.code,
        message: golden.status.message,
        reason: golden.status.reason,
        causes: golden.status.details?.causes,
        warnings: golden.warnings ?? [],
        patches: golden.Patches,
      };
      const have = {
        allowed: got.allowed,
        code: got.code,
        message: got.message,
        reason: got.reason,
        causes: got.causes,
        warnings: got.warnings,
        patches: null,
      };
      try {
        assert.deepEqual(have, want);
      } catch {
        failures.push(`${file} ${mode}:\n    got  ${JSON.stringify(have)}\n    want ${JSON.stringify(want)}`);
      }
    }
  }
  assert.ok(total >= 120, `only ${total} admission runs found in ${DIR}`);
  console.log(`kuma-2.14 policies admission: ${total - failures.length}/${total}`);
  assert.deepEqual(failures, []);
});
