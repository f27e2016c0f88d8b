/**
 * The real `foundry-gateway` command as a child process: `validate`, `run` with `echo`, and
 * `compare` against two loopback vendors (OpenAI Chat Completions and Anthropic Messages)
 * answering with recorded replies; output and exit codes are what scripts rely on.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyJson, replySse, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';
import { buildCliIfStale, runCli } from './cli-process.js';

const directRequest = 'fixtures/requests/direct-echo.json';
const predictRequest = 'fixtures/requests/predict-echo.json';

/** Each test starts node and loads the whole gateway, which is slow on a busy machine. */
const childTimeout = 60_000;

let temporary: string;

beforeAll(async () => {
  buildCliIfStale();
  temporary = await mkdtemp(join(tmpdir(), 'foundry-gateway-cli-'));
}, 300_000);

afterAll(async () => {
  await rm(temporary, { recursive: true, force: true });
});

describe('foundry-gateway validate', { timeout: childTimeout }, () => {
  it('accepts the shipped model.yaml with exit 0', async () => {
    const run = await runCli(['validate', 'model.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^model\.yaml is valid: \d+ models \((\S+, )*echo(, \S+)*\), default echo\n$/);
  });

  it('prints every problem of a bad file on its own line, by path, with exit 1', async () => {
    const bad = join(temporary, 'bad.yaml');
    await writeFile(
      bad,
      [
        'description: no name here',
        'default_model: missing',
        'models:',
        '  broken: { provider: openai-v9, model: x }',
        '  keyless: { provider: openai }',
        '  loop: { provider: echo, fallbacks: [loop] }',
        'attachments:',
        '  max_bytes: -5',
      ].join('\n'),
    );
    const run = await runCli(['validate', bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${bad} is not valid (6 problems):`);
    const paths = lines.slice(1).map((line) => line.split(':')[0]);
    expect(paths.sort()).toEqual(
      ['attachments.max_bytes', 'default_model', 'models.broken.provider', 'models.keyless.model', 'models.loop.fallbacks.0', 'name'].sort(),
    );
    expect(run.stderr).toContain('models.keyless.model: required for provider openai\n');
  });

  it('reads MODEL_YAML when no path is given, and an unreadable file is a failure (exit 1)', async () => {
    const run = await runCli(['validate'], { MODEL_YAML: join(temporary, 'absent.yaml') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('absent.yaml is not valid (1 problem):\ncannot read the file');
  });
});

describe('foundry-gateway run (echo)', { timeout: childTimeout }, () => {
  it('prints the answer text of a direct run and a summary on stderr', async () => {
    const run = await runCli(['run', directRequest]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('You said: Now in French.\n');
    expect(run.stderr).toMatch(/^echo · \d+ ms · tokens 3 in \/ 5 out\n$/);
  });

  it('--json prints the raw vendor body', async () => {
    const run = await runCli(['run', directRequest, '--json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.content).toBe('You said: Now in French.');
  });

  it('--stream shows the streamed text and the time to first token', async () => {
    const run = await runCli(['run', directRequest, '--stream']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('You said: Now in French.\n');
    expect(run.stderr).toMatch(/^echo · \d+ ms · first token \d+ ms · tokens 3 in \/ 5 out\n$/);
  });

  it('--stream --json prints the collected result for scripts', async () => {
    const run = await runCli(['run', directRequest, '--stream', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ model: 'echo', provider: 'echo', ok: true, text: 'You said: Now in French.', input_tokens: 3, output_tokens: 5 });
    expect(result.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
  });

  it('--dry-run prints the native request JSON', async () => {
    const run = await runCli(['run', directRequest, '--dry-run']);
    expect(run.code).toBe(0);
    const request = JSON.parse(run.stdout);
    expect(request.model).toBe('echo');
    expect(request.messages.map((message: { message_id: string }) => message.message_id)).toEqual(['p1', 'r1', 'p2']);
    expect(request.messages[2].content).toEqual([{ type: 'text', text: 'Now in French.' }]);
  });

  it('prints the keyed answer of a predict request', async () => {
    const run = await runCli(['run', predictRequest]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(Object.keys(answer).sort()).toEqual(['person', 'sentiment', 'summary', 'topics']);
    expect(answer.person[0]).toEqual({ start: 0, end: 3, text: 'Tom' });
  });

  it('a failed request exits 1 with the error code and its details on stderr', async () => {
    const run = await runCli(['run', directRequest, '--model', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('nope: error 404 unknown_model: no model is configured as "nope"\n');
    expect(run.stderr).toContain('  - inference_params.model: configured models: echo,');
  });
});

describe('usage mistakes exit 2', { timeout: childTimeout }, () => {
  it.each([
    [['frobnicate'], 'unknown command: frobnicate'],
    [['run'], 'missing request file'],
    [['run', join('fixtures', 'does-not-exist.json')], 'cannot read the request file'],
    [['run', directRequest, '--strem'], "Unknown option '--strem'"],
    [['compare', directRequest], 'compare needs --models'],
    [['serve', '--port', 'eighty'], 'invalid port'],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage:');
  });

  it('--help documents the exit codes with exit 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('exit codes:\n  0  success\n  1  a request or validation failed');
    expect(run.stdout).toContain('  2  bad usage');
  });
});

describe('foundry-gateway compare against two loopback vendors', { timeout: childTimeout }, () => {
  let openai: LoopbackServer;
  let anthropic: LoopbackServer;
  let config: string;

  beforeAll(async () => {
    openai = await startLoopbackServer((request, response) => {
      const body = JSON.parse(request.body) as { stream?: boolean };
      if (body.stream === true) return replySse(response, readVendorFixture('openai', 'chat-completion.sse'));
      return replyJson(response, 200, readVendorFixture('openai', 'chat-completion.json'));
    });
    anthropic = await startLoopbackServer((_request, response) => replySse(response, readVendorFixture('anthropic', 'message.sse')));
    config = join(temporary, 'vendors.yaml');
    await writeFile(
      config,
      `name: compare test
default_model: gpt
models:
  gpt: { provider: openai, model: gpt-4o, base_url: "${openai.url}/v1", api_key: sk-test-openai, max_retries: 0 }
  claude: { provider: anthropic, model: claude-sonnet-4-5, base_url: "${anthropic.url}", api_key: sk-ant-test, max_retries: 0 }
`,
    );
  });

  afterAll(async () => {
    await openai.close();
    await anthropic.close();
  });

  it('prints one table row per model with provider, latency, first token, tokens and answer', async () => {
    const run = await runCli(['compare', directRequest, '--models', 'gpt,claude', '--config', config]);
    expect(run.code).toBe(0);
    const [header, rule, gpt, claude, ...rest] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^model\s+provider\s+status\s+latency ms\s+first token ms\s+tokens in\/out\s+answer$/);
    expect(rule).toMatch(/^-+( +-+){6}$/);
    expect(gpt).toMatch(/^gpt\s+openai\s+ok\s+\d+\s+\d+\s+34\/8\s+3 \+ 3 = 6\.$/);
    expect(claude).toMatch(/^claude\s+anthropic\s+ok\s+\d+\s+\d+\s+14\/12\s+Hello! How can I help you today\?$/);
    expect(rest).toEqual([]);
    // Both vendors were asked for a stream (the time to first token needs one).
    expect(JSON.parse(openai.requests.at(-1)?.body ?? '{}').stream).toBe(true);
    expect(JSON.parse(anthropic.requests.at(-1)?.body ?? '{}').stream).toBe(true);
  });

  it('--json gives one result object per model, in the order asked', async () => {
    const run = await runCli(['compare', directRequest, '--models', 'claude,gpt', '--config', config, '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      model: 'claude',
      answered_by: 'claude',
      provider: 'anthropic',
      upstream_model: 'claude-sonnet-4-5',
      ok: true,
      http_status: 200,
      input_tokens: 14,
      output_tokens: 12,
      text: 'Hello! How can I help you today?',
      error: null,
    });
    expect(results[1]).toMatchObject({ model: 'gpt', provider: 'openai', ok: true, input_tokens: 34, output_tokens: 8, text: '3 + 3 = 6.' });
    for (const result of results) {
      expect(result.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
      expect(result.latency_ms).toBeGreaterThanOrEqual(result.time_to_first_token_ms);
    }
  });

  it('one failing model makes the exit code 1 and shows its error; the others still answer', async () => {
    anthropic.handle((_request, response) => replyJson(response, 400, readVendorFixture('anthropic', 'error-400.json')));
    try {
      const table = await runCli(['compare', directRequest, '--models', 'gpt,claude', '--config', config]);
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/\ngpt\s+openai\s+ok\s+.*3 \+ 3 = 6\.\n/);
      expect(table.stdout).toMatch(/\nclaude\s+anthropic\s+error 502\s+\d+\s+-\s+-\/-\s+upstream_error: /);

      const json = await runCli(['compare', directRequest, '--models', 'gpt,claude', '--config', config, '--json']);
      expect(json.code).toBe(1);
      const [gpt, claude] = JSON.parse(json.stdout);
      expect(gpt.ok).toBe(true);
      expect(claude).toMatchObject({ model: 'claude', provider: 'anthropic', ok: false, http_status: 502, text: '' });
      expect(claude.error.code).toBe('upstream_error');
      expect(JSON.stringify(claude.error.details)).toContain('non-whitespace text');
    } finally {
      anthropic.handle((_request, response) => replySse(response, readVendorFixture('anthropic', 'message.sse')));
    }
  });
});
