import { loadBounded } from './bounded-yaml.ts';
import type { KubeObject, Result } from '../core/types.ts';
import { refOf } from '../core/results.ts';
import { BOOLEAN_WORDS_HINT, booleanWord } from './boolean-words.ts';
import { FUNCTION_CONFIG_API_VERSION, FUNCTION_CONFIG_KIND, settingsSchema } from './settings-schema.ts';
import { validateSettings } from './validate-settings.ts';
import { codeTag } from '../core/result-codes.ts';
import { setOwn } from '../core/json-record.ts';

export type SettingsBody = Record<string, unknown>;

export type ConfigOutcome = { ok: true; body: SettingsBody } | { ok: false; results: Result[] };

/**
 * The settings a functionConfig carries: the body of a KumaInject object, or the flat dotted keys of
 * a ConfigMap (what `kpt fn eval --exec kuma-inject -- version=2.13` builds). Validated against
 * the settings schema; every problem is reported at once, each naming the field.
 */
export function settingsFromFunctionConfig(config: KubeObject | undefined): ConfigOutcome {
  if (config === undefined) return { ok: true, body: {} };
  if (config.kind === 'ConfigMap') return checked(config, configMapBody(config), 'data.');
  if (config.kind === FUNCTION_CONFIG_KIND) {
    const { apiVersion, kind: _kind, metadata: _metadata, ...body } = config;
    if (apiVersion !== FUNCTION_CONFIG_API_VERSION) {
      return failed(
        config,
        'apiVersion',
        `apiVersion must be ${FUNCTION_CONFIG_API_VERSION} (got ${apiVersion}). Fix the functionConfig's apiVersion.`,
      );
    }
    return checked(config, { ok: true, body }, '');
  }
  return failed(
    config,
    'kind',
    `functionConfig kind ${config.kind} is not supported; use ${FUNCTION_CONFIG_API_VERSION} ${FUNCTION_CONFIG_KIND} or a ConfigMap with flat keys (e.g. version: "2.14").`,
  );
}

/** Validates settings that come from flags or environment variables (no object to point at). */
export function checkOverrides(body: SettingsBody, origin: string): Result[] {
  return validateSettings(body).map((problem) => ({
    severity: 'error',
    message: `${origin}: ${problem.path || '(settings)'}: ${problem.message}`,
    tags: codeTag('KI0101'),
    field: { path: problem.path },
  }));
}

function checked(config: KubeObject, parsed: ConfigOutcome, prefix: string): ConfigOutcome {
  if (!parsed.ok) return parsed;
  const problems = validateSettings(parsed.body);
  if (problems.length === 0) return parsed;
  return {
    ok: false,
    results: problems.map((problem) => ({
      severity: 'error',
      message: `functionConfig ${config.kind} ${config.metadata.name ?? ''}, ${prefix}${problem.path}: ${problem.message}`,
      resourceRef: refOf(config),
      field: { path: `${prefix}${problem.path}` },
      tags: codeTag('KI0101'),
    })),
  };
}

function failed(config: KubeObject, path: string, message: string): ConfigOutcome {
  return { ok: false, results: [{ severity: 'error', message, resourceRef: refOf(config), field: { path }, tags: codeTag('KI0102') }] };
}

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode>; enum?: readonly unknown[] };

/** Turns `data` keys like `injector.sidecarContainer.uid: "5678"` into the nested, typed body. */
function configMapBody(config: KubeObject): ConfigOutcome {
  const data = (config['data'] ?? {}) as Record<string, unknown>;
  const body: SettingsBody = {};
  const results: Result[] = [];
  for (const [key, raw] of Object.entries(data)) {
    const text = String(raw);
    const segments = key.split('.');
    let schema: SchemaNode | undefined = settingsSchema as unknown as SchemaNode;
    let target = body;
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      // Own keys only: `__proto__` or `constructor` must read as the unknown keys they are.
      schema = schema?.properties !== undefined && Object.hasOwn(schema.properties, segment) ? schema.properties[segment] : undefined;
      if (last || schema?.properties === undefined) {
        // Unknown keys and map-typed values are left to the schema check, which names them.
        const leaf = last ? segment : segments.slice(i).join('.');
        const value = typedValue(text, schema);
        // Defined, not assigned: `target.__proto__ = text` would be dropped without a word.
        if (value.ok) setOwn(target, leaf, value.value);
        else
          results.push({
            severity: 'error',
            message: `functionConfig ConfigMap ${config.metadata.name ?? ''}, data.${key}: ${value.message}`,
            resourceRef: refOf(config),
            field: { path: `data.${key}` },
            tags: codeTag('KI0101'),
          });
        break;
      }
      target = (target[segment] ??= {}) as SettingsBody;
    }
  }
  return results.length > 0 ? { ok: false, results } : { ok: true, body };
}

function typedValue(text: string, schema: SchemaNode | undefined): { ok: true; value: unknown } | { ok: false; message: string } {
  const type = schema?.type;
  if (type === 'boolean') {
    const value = booleanWord(text);
    if (value !== undefined) return { ok: true, value };
    return { ok: false, message: `must be "true" or "false" (got ${JSON.stringify(text)}); ${BOOLEAN_WORDS_HINT}.` };
  }
  if (type === 'integer' || type === 'number') {
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n)) return { ok: true, value: n };
    return { ok: false, message: `must be a number (got ${JSON.stringify(text)}).` };
  }
  if (type === 'array' && !/^\s*[[-]/.test(text)) {
    // `meshes: default,payments` reads naturally in a ConfigMap; YAML lists work too.
    return {
      ok: true,
      value: text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  }
  if (type === 'array' || type === 'object') {
    try {
      return { ok: true, value: loadBounded(text) };
    } catch (error) {
      return { ok: false, message: `must be YAML text of a ${type} (${(error as Error).message.split('\n')[0]}).` };
    }
  }
  return { ok: true, value: text };
}
