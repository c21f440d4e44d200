/**
 * A failure the webhook would answer with (the pod is rejected). Thrown inside the injector and
 * turned into a `failed` outcome at its single entry point (inject-pod.ts), so the many small
 * builders can stop at the first error in the webhook's own order without threading results.
 */
export class WebhookError extends Error {
  /** Annotation or label path at fault, e.g. `metadata.annotations["kuma.io/init-first"]`. */
  readonly field: string | undefined;
  /** The offending value, when there is one. */
  readonly got: string | undefined;
  /** What would have been accepted, and how to fix it: the second half of our message. */
  readonly hint: string;

  constructor(message: string, options: { field?: string; got?: string; hint: string }) {
    super(message);
    this.name = 'WebhookError';
    this.field = options.field;
    this.got = options.got;
    this.hint = options.hint;
  }

  /** The same failure with the webhook's wrapping prefix (errors.Wrap semantics). */
  wrap(prefix: string): WebhookError {
    const options: { field?: string; got?: string; hint: string } = { hint: this.hint };
    if (this.field !== undefined) options.field = this.field;
    if (this.got !== undefined) options.got = this.got;
    return new WebhookError(`${prefix}: ${this.message}`, options);
  }
}

/** Runs `build`, re-throwing a WebhookError with `prefix` in front of its message. */
export function wrapped<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof WebhookError) throw error.wrap(prefix);
    throw error;
  }
}
