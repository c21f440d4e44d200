import * as jsyaml from 'js-yaml';

/** js-yaml's built-in types; the typings omit the `types` export that js-yaml 4 has. */
const builtInTypes = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;

/**
 * The schema values are read with: YAML 1.2 core (no timestamps turned into Dates, no binary) plus
 * merge keys (`<<: *base`), which kubectl and kpt both expand.
 */
const VALUE_SCHEMA = jsyaml.CORE_SCHEMA.extend([builtInTypes.merge]);

/** The plain value of a YAML text, read the way every item's object view is read. Throws js-yaml's exception. */
export function parseYaml(text: string): unknown {
  return jsyaml.load(text, { schema: VALUE_SCHEMA });
}
