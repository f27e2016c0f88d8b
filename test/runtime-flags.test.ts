/**
 * The gateway ships with V8 settings (docs/performance.md, "Runtime settings"): `npm start`, the
 * Docker image and the benchmark must all run it with the same ones, or the numbers in the docs
 * describe a process nobody deploys.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function startScriptFlags(): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [command, ...rest] = manifest.scripts.start.split(/\s+/);
  expect(command).toBe('node');
  const script = rest.findIndex((word) => !word.startsWith('--'));
  expect(rest.slice(script)).toEqual(['dist/cli.js', 'serve']);
  return rest.slice(0, script);
}

function dockerCommandFlags(): string[] {
  const command = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
  expect(command).toBeDefined();
  const words = JSON.parse(command ?? '[]') as string[];
  expect(words[0]).toBe('node');
  expect(words.slice(-2)).toEqual(['dist/cli.js', 'serve']);
  return words.slice(1, -2);
}

describe('runtime flags', () => {
  it('are the same for npm start and the Docker image, and set the young generation size', () => {
    const flags = startScriptFlags();
    expect(flags).toContain('--max-semi-space-size=8');
    expect(dockerCommandFlags()).toEqual(flags);
  });

  it('are what the benchmark starts the gateway with', async () => {
    // A URL, not a literal path: the bench is plain JavaScript outside the typed project.
    const benchTopology = new URL('../bench/lib/topology.js', import.meta.url).href;
    const topology = (await import(benchTopology)) as { shippedNodeFlags: () => string[] };
    expect(topology.shippedNodeFlags()).toEqual(startScriptFlags());
  });
});
