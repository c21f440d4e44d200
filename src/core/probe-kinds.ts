/** The probes a container may have, in the order the webhook and the converter walk them. */
export const PROBE_KINDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
