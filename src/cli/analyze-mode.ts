import { processInput, type ProcessOptions } from '../krm/process.ts';
import type { Analysis } from '../core/policies/analysis/analyze.ts';
import { entryLine } from '../core/policies/analysis/run.ts';
import { describeRef } from '../core/policies/analysis/analyze.ts';
import type { AnalyzeFormat, CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { readConfigFile } from './config-file.ts';
import { locateInFiles, readInputs, readStdin } from './read-inputs.ts';
import { overridesProblem } from './settings-input.ts';
import { quietReport } from './report-output.ts';
import { commandLineFiles, commandLineSideInputs } from './side-inputs.ts';
import { runSources } from './run-sources.ts';
import { streamHost } from '../krm/host-profile.ts';
import { say, type Streams } from './streams.ts';
import { yamlModule } from '../krm/lazy-yaml.ts';

/** The analysis as plain data: per workload what applies and why, per policy what it selects. */
function analysisDocument(analysis: Analysis): Record<string, unknown> {
  return {
    workloads: analysis.workloads.map((w) => ({
      workload: w.workload,
      dataplane: w.dataplane,
      mesh: w.mesh,
      policies: w.entries.map((e) => ({
        kind: e.type,
        policy: e.policy,
        scope: e.scope,
        ...(e.on === undefined ? {} : { on: e.on }),
        ...(e.item === undefined ? {} : { item: e.item }),
        why: e.why,
      })),
    })),
    policies: analysis.policies.map((p) => ({
      kind: p.policy.object.kind,
      policy: p.policy.title,
      role: p.role,
      targetRef: describeRef(p.policy.view.targetRef),
      selects: p.selects.map((s) => ({ workload: s.workload, ...(s.sections.length === 0 ? {} : { inbounds: [...s.sections] }) })),
      ...(p.to.length === 0
        ? {}
        : { to: p.to.map((t) => ({ item: t.item, targetRef: describeRef(t.ref), resolves: resolution(t.resolution) })) }),
      ...(p.errors.length === 0 ? {} : { errors: [...p.errors] }),
    })),
  };
}

function resolution(r: Analysis['policies'][number]['to'][number]['resolution']): string {
  switch (r.kind) {
    case 'mesh':
      return 'every destination of the mesh';
    case 'resolved':
      return r.destinations
        .map(
          (d) =>
            `${d.destination.object.kind} ${d.destination.meta.labels['k8s.kuma.io/namespace'] ?? ''}/${d.destination.object.metadata.name ?? ''}${d.section === undefined ? '' : ` port ${d.section}`}`,
        )
        .join(', ');
    case 'no-port':
      return `nothing: ${r.destination.object.kind} ${r.destination.object.metadata.name ?? ''} has no port ${r.section}`;
    case 'not-found':
      return 'nothing in this bundle';
    case 'not-real':
      return 'not a real resource (tag-based rule)';
    case 'legacy':
      return r.known ? `kuma.io/service ${r.service}` : `nothing: no kuma.io/service ${r.service} in this bundle`;
  }
}

/** The human view: workloads, then policies. */
function analysisText(analysis: Analysis): string {
  const lines: string[] = ["Workloads (what applies, in the control plane's order):"];
  for (const w of analysis.workloads) {
    lines.push(`  ${w.workload} (Dataplane ${w.dataplane}, mesh ${w.mesh})`);
    if (w.entries.length === 0) lines.push('    no policy');
    for (const e of w.entries) lines.push(`    ${entryLine(e)}`);
  }
  if (analysis.workloads.length === 0) lines.push('  none previewed');
  lines.push('', 'Policies (what each selects):');
  for (const p of analysis.policies) {
    lines.push(`  ${p.policy.object.kind} ${p.policy.title} (role ${p.role}, targetRef ${describeRef(p.policy.view.targetRef)})`);
    lines.push(
      `    selects: ${p.selects.length === 0 ? 'no workload of this bundle' : p.selects.map((s) => `${s.workload}${s.sections.length === 0 ? '' : ` [${s.sections.join(', ')}]`}`).join(', ')}`,
    );
    for (const t of p.to) lines.push(`    ${t.item} ${describeRef(t.ref)} -> ${resolution(t.resolution)}`);
    for (const e of p.errors) lines.push(`    error: ${e}`);
  }
  if (analysis.policies.length === 0) lines.push('  no targetRef policy in the input');
  return `${lines.join('\n')}\n`;
}

/**
 * `analyze`: renders the input like stream mode (previews included, nothing written) and prints
 * the policy analysis on stdout (text, yaml or json); the results go to stderr as usual.
 */
export async function runAnalyze(
  inputs: readonly string[],
  format: AnalyzeFormat,
  options: CommonOptions,
  streams: Streams,
): Promise<number> {
  const problem = overridesProblem(options.overrides, 'command-line flags');
  if (problem !== undefined) {
    say(streams, `invalid flags:\n${problem}`);
    return ExitCode.usage;
  }
  const sources = await runSources(inputs, options, streams.cwd);
  if (!sources.ok) {
    say(streams, sources.message);
    return ExitCode.usage;
  }
  const { exclude, pkg } = sources.sources;
  const read = await readInputs(inputs, streams.cwd, () => readStdin(streams), exclude);
  if (!read.ok) {
    say(streams, read.message);
    return ExitCode.usage;
  }
  if (read.text.trim() === '') {
    say(streams, `no manifests in ${inputs.join(', ')}: nothing to analyze`);
    return ExitCode.usage;
  }
  const side = await commandLineSideInputs(options, streams.cwd);
  if (!side.ok) {
    say(streams, side.message);
    return ExitCode.usage;
  }
  // The analysis reads the previews: they are made whatever the settings say, and never written.
  const processOptions: ProcessOptions = {
    // Previews as files of their own keep them out of the output; the files are never written.
    host: streamHost('files'),
    overrides: { ...side.overrides, previews: 'local-config' },
    ...commandLineFiles(side, streams.cwd),
    overridesOrigin: 'command-line flags',
  };
  if (options.configFile !== undefined) {
    const file = await readConfigFile(options.configFile, streams.cwd, options.overrides);
    if (!file.ok) {
      say(streams, file.message);
      return ExitCode.usage;
    }
    processOptions.functionConfig = file.text;
    processOptions.overrides = { ...file.overrides, previews: 'local-config' };
  } else if (pkg.kind === 'found') {
    processOptions.functionConfig = pkg.settings.text;
  }
  let outcome;
  try {
    outcome = processInput(read.text, processOptions);
  } catch (error) {
    say(streams, `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.errorResults;
  }
  const analysis: Analysis = outcome.analysis ?? { workloads: [], policies: [], examined: 0 };
  const text =
    format === 'json'
      ? `${JSON.stringify(analysisDocument(analysis), null, 2)}\n`
      : format === 'yaml'
        ? yamlModule().stringify(analysisDocument(analysis))
        : analysisText(analysis);
  streams.stdout.write(text);
  streams.stderr.write(quietReport(locateInFiles(outcome.report, read.starts), options.quiet));
  return outcome.exitCode;
}
