#!/usr/bin/env node
// Runs the type check and the linter side by side (each is single-threaded; the machine has
// more than one core) and fails if either fails, printing each tool's output once it is done.
import { spawn } from 'node:child_process';

const checks = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
];

const results = await Promise.all(
  checks.map(
    ([name, command, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => resolve({ name, code, output, seconds: (Date.now() - started) / 1000 }));
      }),
  ),
);

let failed = false;
for (const { name, code, output, seconds } of results) {
  process.stdout.write(`${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds.toFixed(1)} s\n`);
  if (output.trim() !== '') process.stdout.write(`${output.trimEnd()}\n`);
  if (code !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
