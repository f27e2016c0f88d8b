import { describe, expect, it } from 'vitest';
import { parseConfig } from './config/load-config.js';
import { createSecretScrubber, secretsOf } from './secret-scrubber.js';

describe('createSecretScrubber', () => {
  it('replaces every secret in nested data, longest first, and leaves short values alone', () => {
    const scrubber = createSecretScrubber(['sk-live-1234567890', 'sk-live-1234', 'abc']);
    expect(
      scrubber.scrubValue({ error: { message: 'Incorrect API key provided: sk-live-1234567890.', list: ['sk-live-1234 and abc'] }, n: 1 }),
    ).toEqual({ error: { message: 'Incorrect API key provided: [redacted].', list: ['[redacted] and abc'] }, n: 1 });
  });

  it('collects the manifest secrets, model keys and the SDK key variables', () => {
    const config = parseConfig(
      'name: t\ndefault_model: a\nsecrets: [manifest-secret-1]\nmodels:\n  a: { provider: openai, model: m, api_key: model-key-0001 }\n',
      'test.yaml',
      {},
    );
    expect(secretsOf(config, { ANTHROPIC_API_KEY: 'env-key-0002', PATH: '/usr/bin' })).toEqual([
      'manifest-secret-1',
      'model-key-0001',
      'env-key-0002',
    ]);
  });
});
