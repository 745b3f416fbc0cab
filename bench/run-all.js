#!/usr/bin/env node
// Runs every compiled benchmark (dist/bench/*.bench.js) in its own child process, one after the other, passing
// their output through (one line per figure), and ends with one summary line. Exit 1 when any benchmark failed.
// Usage: npm run bench (builds first); `node bench/run-all.js NAME...` runs only benchmarks whose file name
// contains one of the NAMEs.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'dist', 'bench');
if (!existsSync(benchDir)) {
  console.error('bench: dist/bench is missing; run `npm run build` first');
  process.exit(2);
}
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.js'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

function runOne(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    let lines = 0;
    const child = spawn(process.execPath, [path.join(benchDir, file)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      let newline;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() !== '') lines++;
        process.stdout.write(`${line}\n`);
      }
    });
    child.on('close', (code, signal) => {
      if (pending !== '') {
        lines++;
        process.stdout.write(`${pending}\n`);
      }
      resolve({ file, ok: code === 0, code: code ?? signal, lines, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const results = [];
for (const file of files) results.push(await runOne(file));
const failed = results.filter((result) => !result.ok);
const figures = results.reduce((sum, result) => sum + result.lines, 0);
const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
console.log(
  `summary: ${results.length} benchmark file(s), ${figures} line(s) of figures, ${failed.length} failed` +
    (failed.length > 0 ? ` (${failed.map((result) => `${result.file}: exit ${result.code}`).join(', ')})` : '') +
    `, ${seconds.toFixed(1)} s`,
);
process.exitCode = failed.length > 0 || results.length === 0 ? 1 : 0;
