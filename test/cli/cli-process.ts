/**
 * Runs the real `foundry-gateway` command (`node dist/cli.js`) as a child process. The build
 * runs once, when `dist/cli.js` is older than any source file. Spawning is asynchronous so
 * loopback vendors living in the test process keep answering while the command runs.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const cliPath = join(projectRoot, 'dist/cli.js');

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm run build` when the built command is stale. Compile errors in files the command line
 * does not own are tolerated (tsc still emits), so a colleague's half-finished module elsewhere
 * does not hide whether the command itself works; errors in `src/cli*` fail the set-up.
 */
export function buildCliIfStale(): void {
  const fresh = existsSync(cliPath) && statSync(cliPath).mtimeMs >= newestSourceTime(join(projectRoot, 'src'));
  if (fresh) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, encoding: 'utf8' });
  const output = `${build.stdout}${build.stderr}`;
  const ownErrors = output.split('\n').filter((line) => /^src\/cli(\.ts|\/)/.test(line));
  if (ownErrors.length > 0 || !existsSync(cliPath)) throw new Error(`npm run build failed:\n${output}`);
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables the command or the shipped model.yaml read; a developer's shell must not change the tests. */
const isolatedVariables = [
  'MODEL_YAML',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'REDIS_URL',
  'PORT',
  'HOST',
  'DEFAULT_MODEL',
  'FOUNDRY_GATEWAY_SECRET',
  'INFERENCE_ENDPOINT',
  'REQUESTS_PER_SECOND',
  'LOCAL_LLM_BASE_URL',
];

function childEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of isolatedVariables) delete environment[name];
  return { ...environment, ...extra };
}

export function runCli(args: readonly string[], extraEnvironment: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: projectRoot, env: childEnvironment(extraEnvironment) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
