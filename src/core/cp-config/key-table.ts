/**
 * kuma-cp's configuration keys as data: every leaf of the config tree with its JSON path (what the
 * config file uses), its envconfig variable (null where the field has no tag), its Go type and its
 * default. A release record (src/config/releases.ts) hands the core its own table, so the loader
 * never branches on a version.
 */

/** The Go types of the config leaves, as the loader parses them (file: encoding/json; env: envconfig). */
export type CpKeyType =
  | 'bool'
  | 'duration'
  | 'string'
  | 'int'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'list<string>'
  | 'list<uint32>'
  | 'list<object>'
  | 'map<string,string>';

/** The Go type of each key type, as kuma-cp's decoders name it in their errors (envconfig and encoding/json alike). */
export const GO_TYPE: Readonly<Record<CpKeyType, string>> = {
  bool: 'bool',
  duration: 'types.Duration',
  string: 'string',
  int: 'int',
  int32: 'int32',
  int64: 'int64',
  uint: 'uint',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  'list<string>': '[]string',
  'list<uint32>': '[]uint32',
  'list<object>': '[]struct',
  'map<string,string>': 'map[string]string',
};

export interface CpConfigKey {
  /** JSON path, `runtime.kubernetes.injector.cniEnabled`. */
  path: string;
  /** The environment variable kuma-cp reads for it, or null (no envconfig tag: nobody can set it by env). */
  env: string | null;
  type: CpKeyType;
  /** Go default: numbers, booleans, strings, durations in Go `Duration.String()` form, lists, maps. */
  default: unknown;
}

/** The config keys of one kuma-cp release, in struct order (envconfig's walk and Validate's order). */
export interface CpConfigRelease {
  keys: readonly CpConfigKey[];
  /**
   * Config paths the release's Helm chart sets by env on every install (spec §3.2): a config-file key
   * among them has no effect in a chart install, whatever the file says.
   */
  chartEnv: readonly string[];
}
