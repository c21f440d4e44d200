/**
 * The `checks` of the upstream case files are assertions written in words. Each phrase is matched
 * by one rule here and asserted; a phrase no rule understands fails the case, so a new kind of
 * upstream assertion can never pass unchecked.
 */
import assert from 'node:assert/strict';

type Outcome = { kind: 'injected' | 'skipped' | 'failed' };
type Container = { name?: string; env?: { name: string; value?: string }[]; resources?: Record<string, unknown>; [key: string]: unknown };

export interface CheckSubject {
  outcome: Outcome;
  /** The pod after the run (the input when nothing was injected). */
  pod: { spec: { containers?: unknown; initContainers?: unknown } };
}

const list = (pod: CheckSubject['pod'], key: string): Container[] => {
  const value = (pod.spec as Record<string, unknown>)[key === 'initContainers' ? 'initContainers' : 'containers'];
  return Array.isArray(value) ? (value as Container[]) : [];
};
const names = (pod: CheckSubject['pod'], key: string): string[] => list(pod, key).map((c) => c.name ?? '');
const find = (s: CheckSubject, name: string): Container | undefined =>
  [...list(s.pod, 'initContainers'), ...list(s.pod, 'containers')].find((c) => c.name === name);

/** Phrase rules: a pattern and what it asserts. */
const RULES: readonly { pattern: RegExp; check: (s: CheckSubject, m: RegExpExecArray) => void }[] = [
  { pattern: /^no error$/, check: (s) => assert.notEqual(s.outcome.kind, 'failed', 'expected no error') },
  {
    pattern: /^(?:an error is returned|injector returns an error)$/,
    check: (s) => assert.equal(s.outcome.kind, 'failed', 'expected an error'),
  },
  // Compared by the caller against the golden file, after the README's normalisations.
  { pattern: /^output Pod matches golden \(see README\)$/, check: () => undefined },
  {
    pattern: /^(?:spec\.)?(containers|initContainers) contains (?:a container named )?([\w-]+)$/,
    check: (s, m) => assert.ok(names(s.pod, m[1]!).includes(m[2]!), `${m[1]} ${JSON.stringify(names(s.pod, m[1]!))} lacks ${m[2]}`),
  },
  {
    pattern: /^(?:spec\.)?(containers|initContainers) does not contain ([\w-]+)$/,
    check: (s, m) => assert.ok(!names(s.pod, m[1]!).includes(m[2]!), `${m[1]} has ${m[2]}`),
  },
  {
    pattern: /^no container named ([\w-]+) in spec\.(containers|initContainers)$/,
    check: (s, m) => assert.ok(!names(s.pod, m[2]!).includes(m[1]!), `${m[2]} has ${m[1]}`),
  },
  {
    pattern: /^(?:spec\.containers is not empty and )?spec\.containers\[0\]\.name == ([\w-]+)$/,
    check: (s, m) => assert.equal(names(s.pod, 'containers')[0], m[1]),
  },
  {
    pattern: /^spec\.containers\[0\] has no (\w+)$/,
    check: (s, m) => assert.equal(list(s.pod, 'containers')[0]?.[m[1]!], undefined, `spec.containers[0].${m[1]} is set`),
  },
  {
    pattern: /^([\w-]+) env contains \{name: (\S+), value: (\S+)\}$/,
    check: (s, m) => {
      const env = find(s, m[1]!)?.env ?? [];
      assert.ok(
        env.some((e) => e.name === m[2] && e.value === m[3]),
        `${m[1]} env ${JSON.stringify(env)} lacks ${m[2]}=${m[3]}`,
      );
    },
  },
  {
    pattern: /^the ([\w-]+) entry in spec\.(containers|initContainers) has empty resources \(no requests, no limits\)$/,
    check: (s, m) => {
      const c = list(s.pod, m[2]!).find((x) => x.name === m[1]);
      assert.ok(c !== undefined, `no ${m[1]} in spec.${m[2]}`);
      assert.deepEqual(c.resources ?? {}, {});
    },
  },
];

/** Asserts every phrase; throws on the first phrase that fails or that no rule knows. */
export function assertChecks(phrases: readonly string[], subject: CheckSubject): void {
  for (const phrase of phrases) {
    const rule = RULES.map((r) => ({ r, m: r.pattern.exec(phrase.trim()) })).find((x) => x.m !== null);
    if (rule === undefined)
      assert.fail(`unknown check phrase ${JSON.stringify(phrase)}: teach test/conformance/check-phrases.ts what it asserts`);
    rule.r.check(subject, rule.m!);
  }
}
