import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load-config.js';
import { redactConfig, renderRedactedManifest } from './redact-config.js';
import { interpolateEnv } from './interpolate-env.js';

function problems(text: string, environment: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(text, 'test.yaml', environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const minimal = `
name: test
default_model: echo
models:
  echo: { provider: echo }
`;

describe('interpolateEnv', () => {
  it('fills ${VAR} and ${VAR:-default}, keeps $${ literal and skips comment lines', () => {
    const result = interpolateEnv('a: ${A}\nb: ${B:-two}\nc: $${C}\n# d: ${D}', { A: 'one' });
    expect(result).toEqual({ text: 'a: one\nb: two\nc: ${C}\n# d: ${D}', problems: [] });
  });

  it('reports an unset variable with its line', () => {
    expect(interpolateEnv('x: 1\ny: ${MISSING}', {}).problems).toEqual([
      { line: 2, message: expect.stringContaining('MISSING is not set') },
    ]);
  });
});

describe('parseConfig', () => {
  it('loads the shipped model.yaml with no environment at all', async () => {
    const config = await loadConfig('model.yaml', {});
    expect(config.default_model).toBe('echo');
    expect(config.secrets).toBeUndefined();
    expect(config.requests_per_second).toBe(10);
    expect(Object.keys(config.models)).toEqual(expect.arrayContaining(['echo', 'gpt-4o', 'claude', 'gemini', 'local']));
    expect(config.attachments).toMatchObject({ mode: 'inline', max_bytes: 52428800, allow_private_networks: false });
  });

  it('applies defaults for the gateway blocks', () => {
    const config = parseConfig(minimal, 'test.yaml', {});
    expect(config.server.body_limit_bytes).toBe(32 * 1024 * 1024);
    expect(config.attachments.timeout_ms).toBe(30_000);
    expect(config.models.echo?.fallbacks).toEqual([]);
  });

  it('lists every problem by its path, not just the first', () => {
    const found = problems(`
name: test
default_model: missing
requests_per_second: fast
models:
  claude: { provider: anthropic, fallbacks: [nobody] }
  local: { provider: openai-compatible, model: llama }
  bad: { provider: cohere, model: x }
`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^requests_per_second: /),
        expect.stringMatching(/^models\.claude\.model: required for provider anthropic/),
        expect.stringMatching(/^models\.claude\.fallbacks\.0: names no model: nobody/),
        expect.stringMatching(/^models\.local\.base_url: required for provider openai-compatible/),
        expect.stringMatching(/^models\.bad\.provider: /),
        expect.stringMatching(/^default_model: names no model/),
      ]),
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems('name: [unclosed\nmodels: {}')).toEqual([expect.stringMatching(/^line \d+: /)]);
  });

  it('reports a missing variable instead of starting with an empty key', () => {
    expect(problems(`${minimal}\nsecrets: \${GATEWAY_SECRET}`)).toEqual([expect.stringMatching(/^line 7: .*GATEWAY_SECRET/)]);
  });

  it('names an unreadable file', async () => {
    await expect(loadConfig('does-not-exist.yaml', {})).rejects.toThrow(/cannot read the file/);
  });
});

describe('redactConfig', () => {
  it('hides secrets and every api_key', () => {
    const config = parseConfig(
      `${minimal}  gpt: { provider: openai, model: gpt-4o, api_key: sk-live-123 }\nsecrets: hunter2\n`,
      'test.yaml',
      {},
    );
    const redacted = redactConfig(config) as { secrets: string; models: Record<string, { api_key?: string }> };
    expect(redacted.secrets).toBe('[redacted]');
    expect(redacted.models.gpt?.api_key).toBe('[redacted]');
    const text = renderRedactedManifest(config);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('sk-live-123');
    expect(text).toContain('name: test');
  });
});
