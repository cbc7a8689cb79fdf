// Exploration (issue 6): csv-parse on both cores. Splits each file at a record
// boundary (a line break with an even number of quote characters before it, so
// outside any quoted field) into N byte ranges, parses each range with csv-parse
// in its own worker thread, and reports records and wall time, next to the
// single-thread parse of the same file. Usage: node bench/parse-parallel.mjs [--workers N] FILE...
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

function parseRange(file, start, end) {
  return new Promise((resolve, reject) => {
    let records = 0;
    const parser = parse({ relax_column_count: true });
    parser.on('readable', () => {
      while (parser.read() !== null) records++;
    });
    parser.on('end', () => resolve(records));
    parser.on('error', reject);
    createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 }).pipe(parser);
  });
}

if (!isMainThread) {
  const { file, start, end } = workerData;
  parentPort.postMessage(await parseRange(file, start, end));
} else {
  const args = process.argv.slice(2);
  const wi = args.indexOf('--workers');
  const workers = wi >= 0 ? Number(args.splice(wi, 2)[1]) : 2;
  const out = [];
  for (const file of args) {
    const size = statSync(file).size;
    // boundaries: scan quote parity from the start (memchr-speed indexOf) up to each target
    const t0 = performance.now();
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(size);
    readSync(fd, buf, 0, size, 0);
    closeSync(fd);
    const cuts = [0];
    let quotes = 0,
      pos = 0;
    for (let k = 1; k < workers; k++) {
      const target = Math.floor((size * k) / workers);
      for (let q = buf.indexOf(34, pos); q >= 0 && q < target; q = buf.indexOf(34, q + 1)) quotes++, (pos = q + 1);
      pos = Math.max(pos, target);
      // the next line break outside quotes
      let nl = buf.indexOf(10, pos);
      while (nl >= 0) {
        for (let q = buf.indexOf(34, pos); q >= 0 && q < nl; q = buf.indexOf(34, q + 1)) quotes++, (pos = q + 1);
        if (quotes % 2 === 0) break;
        pos = nl + 1;
        nl = buf.indexOf(10, pos);
      }
      cuts.push(nl < 0 ? size : nl + 1);
      pos = nl + 1;
    }
    cuts.push(size);
    const splitMs = performance.now() - t0;
    const t1 = performance.now();
    const counts = await Promise.all(
      cuts.slice(0, -1).map(
        (start, i) =>
          new Promise((resolve, reject) => {
            const w = new Worker(new URL(import.meta.url), { workerData: { file, start, end: cuts[i + 1] } });
            w.on('message', resolve);
            w.on('error', reject);
          }),
      ),
    );
    const parallelMs = performance.now() - t1;
    const t2 = performance.now();
    const single = await parseRange(file, 0, size);
    const singleMs = performance.now() - t2;
    out.push({
      file,
      workers,
      records: counts.reduce((a, b) => a + b, 0),
      singleRecords: single,
      splitMs: Math.round(splitMs),
      parallelMs: Math.round(parallelMs),
      singleMs: Math.round(singleMs),
      speedup: +(singleMs / (parallelMs + splitMs)).toFixed(2),
    });
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}
