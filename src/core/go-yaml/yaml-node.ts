/**
 * A YAML document as a parser reports it, before any scalar is given a type: the core may not use a
 * YAML library, so a host hands it a reader that produces these nodes, and the core resolves the
 * scalars itself with go-yaml v2's rules (resolve.ts).
 */
export type YamlNode =
  /** `plain` is false for quoted and block scalars; `tag` is an explicit tag in long form (`tag:yaml.org,2002:int`). */
  | { kind: 'scalar'; value: string; plain: boolean; tag?: string }
  | { kind: 'seq'; items: YamlNode[] }
  | { kind: 'map'; entries: { key: YamlNode; value: YamlNode }[] };

/**
 * Reads the first document of a YAML text (YAML 1.1 syntax, aliases expanded, duplicate keys kept
 * in order): null for an empty document, or the parser's error.
 */
export type YamlReader = (text: string) => { ok: true; node: YamlNode | null } | { ok: false; error: string };
