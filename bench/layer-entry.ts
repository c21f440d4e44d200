// Entry of the in-process layer bench bundle: the reader and the writer, nothing else.
export { readInput } from '../src/krm/read.ts';
export { writeOutput } from '../src/krm/write.ts';
