/** The process exit codes every mode returns; documented in --help and the README. */
export const ExitCode = {
  /** Everything went well (warnings and info results are allowed). */
  ok: 0,
  /**
   * The run produced error results (settings inside the input, such as a ResourceList's
   * functionConfig, included); the input was passed through unchanged.
   */
  errorResults: 1,
  /** The command line or a settings file given apart from the input is wrong; nothing was processed. */
  usage: 2,
  /** `check`: some file is not what kuma-inject would write (the diff is on stdout); nothing was written. */
  differs: 3,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
