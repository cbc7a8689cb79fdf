// csv-parse alone: stream the file(s) through csv-parse with default options and count records.
// The floor every command is compared with. Usage: node bench/parse-only.mjs FILE...
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
for (const file of process.argv.slice(2)) {
  await new Promise((resolve, reject) => {
    const parser = parse({ relax_column_count: true });
    parser.on('readable', () => {
      while (parser.read() !== null) records++;
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parser);
  });
}
process.stdout.write(JSON.stringify({ records }) + '\n');
