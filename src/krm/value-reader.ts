import * as jsyaml from 'js-yaml';
import { loadBounded } from '../config/bounded-yaml.ts';

/** js-yaml's built-in types; the typings omit the `types` export that js-yaml 4 has. */
const builtIn = (jsyaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float' | 'merge', jsyaml.Type> }).types;

const LEADING_ZERO_OCTAL = /^[-+]?0[0-7_]*[0-7][0-7_]*$/;

type IntType = jsyaml.Type & { resolve(data: unknown): boolean; construct(data: unknown): unknown };
const coreInt = builtIn.int as IntType;

/**
 * Integers as Kubernetes tools read them: kubectl, Argo CD and kpt parse plain integers with Go's
 * `strconv.ParseInt(s, 0, 64)`, where a leading 0 means octal (`defaultMode: 0644` is 420), while
 * YAML 1.2 core (js-yaml) reads 644. Everything else is js-yaml's core int. One type per tag: js-yaml
 * keeps only the last type of a tag.
 */
const goInt = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => (typeof data === 'string' && LEADING_ZERO_OCTAL.test(data)) || coreInt.resolve(data),
  construct: (data: string) => {
    if (!LEADING_ZERO_OCTAL.test(data)) return coreInt.construct(data);
    const value = Number.parseInt(data.replace(/^[-+]/, '').replace(/_/g, ''), 8);
    return data.startsWith('-') ? -value : value;
  },
});

/**
 * The schema values are read with: YAML 1.2 core (no timestamps turned into Dates, no binary),
 * Go's leading-zero octal, and merge keys (`<<: *base`), which kubectl and kpt both expand.
 */
const VALUE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtIn.null, builtIn.bool, goInt, builtIn.float, builtIn.merge],
});

/**
 * The plain value of a YAML text, read the way every item's object view is read, within the
 * nesting and alias limits of bounded-yaml.ts. Throws js-yaml's exception or YamlLimitError.
 */
export function parseYaml(text: string): unknown {
  return loadBounded(text, { schema: VALUE_SCHEMA });
}
