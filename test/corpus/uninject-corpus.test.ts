/**
 * Every file of the real-world corpus (test/fixtures/corpus, 100+ files of istio's and linkerd's
 * injection inputs, kubernetes/examples, microservices-demo, kube-prometheus, Kuma's own
 * manifests and helm output) under every setting of corpus.ts: inject, then
 *
 * - a second run on the output changes nothing (byte for byte);
 * - `uninject` gives back the original objects exactly, and the original bytes except where the
 *   text cannot say what it was: an alias or merge key that injection had to expand, how an empty
 *   map was spelled (`key:` / `~` / `null`), a final newline the file lacked;
 * - a bare Pod carries no record (it is its own template, which must stay what the webhook
 *   writes), so where two originals inject to the same pod, uninject gives back one of them: the
 *   test then checks that it injects to exactly the same output.
 *
 * A file the webhook would refuse (its error result) must come back unchanged, with exit 1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { runCli } from '../cli/cli-run.ts';
import { corpusDocuments, corpusFiles, documentsOf, settingsFiles, SETTINGS, type CorpusFile } from './corpus.ts';

const files = corpusFiles();
const configs = settingsFiles(files);

/** A YAML alias or merge key: injection writes the expanded value where it changes one. */
const ALIAS = /(^|[\s:,[{-])\*[A-Za-z0-9_-]+|<<:/m;

/**
 * The text with the spellings uninject cannot know normalised: an empty (null) value written
 * `key:`, `key: ~` or `key: null`, and a missing final newline.
 */
function withoutLostSpellings(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const indent = (line: string): number => line.length - line.trimStart().length;
  const out = lines.map((line, i) => {
    const m = /^(\s*(?:- )?[^\s#:][^#:]*):[ \t]*(~|null)?[ \t]*$/.exec(line);
    if (m === null) return line;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    // A key whose value follows on deeper lines (or a list at the same indent) is not null.
    if (next !== undefined && (indent(next) > indent(line) || (indent(next) === indent(line) && next.trimStart().startsWith('- '))))
      return line;
    return `${m[1]}: null`;
  });
  const joined = out.join('\n');
  return joined.endsWith('\n') ? joined : `${joined}\n`;
}

/**
 * Issue 8 item 9: an error echoes the input, but a file without a final newline gets one. Until
 * that lands the echo is compared with the final newline ignored; then this turns true.
 */
const ECHO_KEEPS_MISSING_FINAL_NEWLINE = false;
const echoed = (output: string, input: string): boolean =>
  output === input || (!ECHO_KEEPS_MISSING_FINAL_NEWLINE && !input.endsWith('\n') && output === `${input}\n`);

const isBarePod = (file: CorpusFile): boolean => corpusDocuments(file).some((doc) => (doc as { kind?: unknown } | null)?.kind === 'Pod');

interface Tally {
  files: number;
  injected: number;
  refused: number;
  exact: number;
  bytes: number;
  equivalentBarePods: number;
  noop: number;
}

describe('the real-world corpus', () => {
  const totals: Record<string, Tally> = {};

  for (const [setting, config] of Object.entries(configs)) {
    test(`inject, re-render, uninject: ${setting}`, async () => {
      const tally: Tally = { files: 0, injected: 0, refused: 0, exact: 0, bytes: 0, equivalentBarePods: 0, noop: 0 };
      const problems: string[] = [];
      for (const file of files) {
        tally.files += 1;
        const where = `${file.name} (${setting})`;
        const first = await runCli(['-f', '-', '--config', config], { stdin: file.text });
        if (first.code === 1) {
          // The webhook would refuse one of its pods: nothing goes to the next command, the files stay as they were.
          if (first.stdout !== '') problems.push(`${where}: refused, but something was written to stdout`);
          if (!/^error: /m.test(first.stderr)) problems.push(`${where}: exit 1 without an error result`);
          tally.refused += 1;
        } else if (first.code !== 0) {
          problems.push(`${where}: exit ${first.code}: ${first.stderr.slice(0, 300)}`);
          continue;
        }
        // What the repository holds afterwards: the rendered stream, or the files unchanged after a refusal.
        const output = first.code === 1 ? file.text : first.stdout;
        if (!echoed(output, file.text)) tally.injected += 1;

        const second = await runCli(['-f', '-', '--config', config], { stdin: output });
        if (second.code === first.code && second.stdout === first.stdout) tally.noop += 1;
        else problems.push(`${where}: a re-render changed the output (exit ${second.code})`);

        const back = await runCli(['uninject', '-f', '-', '--config', config], { stdin: output });
        if (back.code !== 0) {
          problems.push(`${where}: uninject exit ${back.code}: ${back.stderr.slice(0, 300)}`);
          continue;
        }
        const sameBytes = back.stdout === file.text;
        if (sameBytes) tally.bytes += 1;
        // The same bytes are the same objects: only a different text is parsed to compare.
        if (sameBytes || isDeepStrictEqual(documentsOf(back.stdout), corpusDocuments(file))) {
          tally.exact += 1;
          if (
            !sameBytes &&
            !ALIAS.test(file.text) &&
            withoutLostSpellings(back.stdout) !== withoutLostSpellings(file.text) &&
            !isBarePod(file)
          ) {
            problems.push(`${where}: uninject gives back the objects but not the bytes:\n${back.stdout}`);
          }
        } else if (isBarePod(file)) {
          // No record on a bare Pod: an equivalent original is all uninject can give back.
          const again = await runCli(['-f', '-', '--config', config], { stdin: back.stdout });
          if (again.code === first.code && isDeepStrictEqual(documentsOf(again.stdout), documentsOf(first.stdout)))
            tally.equivalentBarePods += 1;
          else problems.push(`${where}: the Pod uninject gave back does not inject to the same output`);
        } else {
          problems.push(`${where}: uninject did not give back the original objects:\n${back.stdout}`);
        }
      }
      totals[setting] = tally;
      assert.deepEqual(problems, []);
      assert.equal(tally.files, files.length);
      assert.ok(tally.injected > files.length / 2, `most files are injected under ${setting} (${tally.injected})`);
      assert.equal(tally.exact + tally.equivalentBarePods, tally.files);
      assert.equal(tally.noop, tally.files);
    });
  }

  test('counts', () => {
    assert.equal(Object.keys(totals).length, Object.keys(SETTINGS).length, 'every setting ran');
    for (const [setting, t] of Object.entries(totals)) {
      console.log(
        `corpus (${setting}): ${t.files} files, ${t.injected} injected, ${t.refused} refused by the webhook; ` +
          `uninject exact ${t.exact}/${t.files} (bytes ${t.bytes}/${t.files}; ${t.equivalentBarePods} bare Pods given back as an equivalent original), ` +
          `re-render no-op ${t.noop}/${t.files}`,
      );
    }
    assert.ok(files.length >= 100, `the corpus holds ${files.length} files`);
  });
});
