// The DuckDB peer: run bench/prepost.sql on the two CSV files in a fresh
// in-memory database and print the table as JSON. Usage:
//   node bench/duckdb-prepost.mjs INCIDENTS.csv NOTIFICATIONS.csv
// Needs the dev dependency @duckdb/node-api (npm ci installs it from the npm registry).
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [incidents, notifications] = process.argv.slice(2);
const quote = (p) => p.replace(/'/g, "''");
const sql = readFileSync(new URL('./prepost.sql', import.meta.url), 'utf8')
  .replaceAll('{{incidents}}', quote(incidents))
  .replaceAll('{{notifications}}', quote(notifications));
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowObjectsJson();
process.stdout.write(JSON.stringify(rows[0]) + '\n');
