/**
 * Where a command's memory goes over time (a tool for docs/performance.md, not
 * shipped): preload it into one ipvi run,
 *
 *   MEMORY_TRACE=trace.txt node --import ./bench/memory-trace.mjs bin/ipvi prepost --incidents … --notifications …
 *
 * and it writes two kinds of lines to MEMORY_TRACE (default memory-trace.txt):
 *   `t S rss=… heapUsed=… heapTotal=… external=… ab=…` every 100 ms from
 *     process.memoryUsage() (MB; ab = ArrayBuffers, which hold the typed-array
 *     columns and pools and which the heap profiler does not see) — only while
 *     the main thread is free, i.e. between the reader's chunks;
 *   `t P rss=… hwm=…` from a worker thread reading /proc/self/status every
 *     20 ms whenever the resident size moved by more than 20 MB (Linux only):
 *     it keeps sampling while the main thread is busy in one long synchronous
 *     step (the end of the read, the snapshot, the analysis).
 * `globalThis.__ipviMark?.(label)` calls, added by hand to a scratch copy of
 * dist/ around the phases to look at, write `t M … label` lines. The worker
 * adds about 10–30 MB to the process's own figures.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const out = process.env.MEMORY_TRACE ?? 'memory-trace.txt';
writeFileSync(out, '');
const t0 = Date.now();
const mb = (x) => (x / 2 ** 20).toFixed(0);
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(2);

function sample(kind, label = '') {
  const m = process.memoryUsage();
  appendFileSync(
    out,
    `${elapsed()} ${kind} rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} ab=${mb(m.arrayBuffers)} ${label}\n`,
  );
}
globalThis.__ipviMark = (label) => sample('M', label);
setInterval(() => sample('S'), 100).unref();
process.on('exit', () => sample('M', 'exit'));

const poller = `
const { readFileSync, appendFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
let last = 0;
setInterval(() => {
  let s;
  try { s = readFileSync('/proc/self/status', 'utf8'); } catch { process.exit(0); }
  const rss = Number(/VmRSS:\\s+(\\d+)/.exec(s)[1]) / 1024, hwm = Number(/VmHWM:\\s+(\\d+)/.exec(s)[1]) / 1024;
  if (Math.abs(rss - last) > 20) {
    last = rss;
    appendFileSync(workerData.out, ((Date.now() - workerData.t0) / 1000).toFixed(2) + ' P rss=' + rss.toFixed(0) + ' hwm=' + hwm.toFixed(0) + '\\n');
  }
}, 20);
`;
new Worker(poller, { eval: true, workerData: { out, t0 } }).unref();
