/**
 * SIGTERM through the real `foundry-gateway serve` process (issue 6): /readyz turns 503, new work
 * is refused, an in-flight stream finishes, then the process exits 0; a second signal exits at
 * once.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCliIfStale, cliPath, projectRoot } from './cli/cli-process.js';
import { directBody, readConversation } from './support/gateway.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';

const conversation = readConversation('single-model-text');
let child: ChildProcess | undefined;
let vendor: LoopbackServer | undefined;

beforeAll(() => buildCliIfStale(), 120_000);

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await vendor?.close();
  vendor = undefined;
});

/** A vendor that streams one chunk, then waits until the test lets it finish. */
async function slowVendor(): Promise<{ server: LoopbackServer; finish: () => void }> {
  let finish = (): void => undefined;
  const server = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('data: {"choices":[{"index":0,"delta":{"content":"first"}}]}\n\n');
    finish = () => {
      response.write('data: {"choices":[{"index":0,"delta":{"content":" last"}}]}\n\ndata: [DONE]\n\n');
      response.end();
    };
  });
  return { server, finish: () => finish() };
}

async function startGateway(vendorUrl: string, server = '{ shutdown_grace_ms: 10000, shutdown_delay_ms: 300 }'): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-shutdown-'));
  const configPath = join(directory, 'model.yaml');
  writeFileSync(
    configPath,
    `name: shutdown test\ndefault_model: slow\nserver: ${server}\nmodels:\n  slow: { provider: openai, model: gpt-4o, base_url: ${vendorUrl}/v1, api_key: test-key, max_retries: 0 }\n`,
  );
  child = spawn(process.execPath, [cliPath, 'serve', '--config', configPath, '--port', '0', '--host', '127.0.0.1'], {
    cwd: projectRoot,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    output += chunk;
    const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
    if (match?.[1] !== undefined) return match[1];
  }
  throw new Error(`the gateway did not start:\n${output}`);
}

describe('SIGTERM', () => {
  it('drains: readyz 503, the in-flight stream completes, new work is refused, exit 0', async () => {
    const slow = await slowVendor();
    vendor = slow.server;
    const url = await startGateway(slow.server.url);
    const response = await fetch(`${url}/run_direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(directBody(conversation, { stream: true })),
    });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let received = decoder.decode((await reader?.read())?.value);
    expect(received).toContain('first');

    const exited = once(child as ChildProcess, 'exit');
    child?.kill('SIGTERM');
    // During the drain delay the instance still answers, but says it is not ready.
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status).toBe(503);
    // After the delay, new work is turned away (503 on an open connection, or no listener).
    const newWork = async (): Promise<number | 'refused'> => {
      try {
        const attempt = await fetch(`${url}/run_direct`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(directBody(conversation, { dry_run: true })),
        });
        return attempt.status;
      } catch {
        return 'refused';
      }
    };
    await expect.poll(newWork).not.toBe(200);

    slow.finish();
    for (;;) {
      const next = await reader?.read();
      if (next === undefined || next.done === true) break;
      received += decoder.decode(next.value);
    }
    expect(received).toContain(' last');
    expect(received.trimEnd().endsWith('data: [DONE]')).toBe(true);

    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('exits at once on a second signal, with the stream still open', async () => {
    const slow = await slowVendor();
    vendor = slow.server;
    const url = await startGateway(slow.server.url, '{ shutdown_grace_ms: 60000 }');
    const response = await fetch(`${url}/run_direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(directBody(conversation, { stream: true })),
    });
    await response.body?.getReader().read();
    const exited = once(child as ChildProcess, 'exit');
    child?.kill('SIGTERM');
    await expect.poll(() => slow.server.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    child?.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
  });
});
