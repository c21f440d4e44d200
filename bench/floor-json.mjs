// Floor: JSON.parse + JSON.stringify of the same data (the bundle's JSON twin).
import { readFileSync, writeSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8');
writeSync(1, JSON.stringify(JSON.parse(text)));
