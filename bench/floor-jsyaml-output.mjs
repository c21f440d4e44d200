// Floor with kuma-inject's output: js-yaml load of the input + dump of the objects kuma-inject
// writes (the injected workloads and the Dataplane previews, several times the input's size).
// Getting those objects (loading kuma-inject's output file) is preparation, not floor: its wall
// and CPU time go to stderr as `prep WALL_MS CPU_MS` for run.mjs to take off.
import { readFileSync, writeSync } from 'node:fs';
import { load, dump } from 'js-yaml';

const [input, output] = process.argv.slice(2);
const wall = performance.now();
const cpu = process.cpuUsage();
const objects = load(readFileSync(output, 'utf8'));
const spent = process.cpuUsage(cpu);
writeSync(2, `prep ${performance.now() - wall} ${(spent.user + spent.system) / 1000}\n`);
load(readFileSync(input, 'utf8'));
// noRefs as in floor-jsyaml.mjs.
writeSync(1, dump(objects, { noRefs: true }));
