/**
 * The worker thread that reads the second part of a large file (src/ingest/split.ts,
 * parse.ts parsePart): its result goes back with its typed arrays transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parsePart, partBuffers, type PartInput } from './parse.js';

const out = await parsePart(workerData as PartInput);
parentPort!.postMessage(out, partBuffers(out));
