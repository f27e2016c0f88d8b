/**
 * predict's inputs besides the asset (issue 4 §1–2, SPEC §3): `inference_params` checked
 * against the manifest's `inference_params_json_schema` (each bad path named, defaults filled
 * in and visible in what is sent), `allowed_feature_kinds`, and where the ontology comes from
 * (the request, as an object or a JSON string, else the manifest).
 */

import { describe, expect, it } from 'vitest';
import {
  nativeSchemaOf,
  post,
  predictBody,
  replyInTurn,
  requestBody, useHarness } from './helpers.js';

const paramsSchema = `
inference_params_json_schema:
  properties:
    model: { type: string }
    prompt: { type: string, default: "Label the review." }
    temperature: { type: number, minimum: 0, maximum: 1, default: 0.2 }
    max_tokens: { type: integer, minimum: 1, default: 64 }
    style: { type: string, enum: [short, long] }
  required: [style]
`;

const sentimentOntology = {
  classifications: [{ type: 'radio', name: 'sentiment', required: true, options: [{ value: 'positive' }, { value: 'negative' }] }],
};
const sentimentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { sentiment: { description: 'sentiment', type: 'string', enum: ['positive', 'negative'] } },
  required: ['sentiment'],
};
const preamble =
  'Label the input below for the ontology that follows. Answer with one JSON object that matches ' +
  'the given JSON Schema: exactly the keys listed here, no other text.';
const sentimentKeys = 'Keys:\n- `sentiment` — "sentiment" (radio, required): Choose exactly one value: "positive", "negative".';

const suite = useHarness();

function expectInvalidRequest(result: { status: number; body: unknown; headers: Headers }, message: string, details: unknown[]): void {
  expect(result.status).toBe(400);
  expect(result.body).toEqual({
    error: { code: 'invalid_request', message, request_id: result.headers.get('x-request-id'), details },
  });
}

describe('inference_params against the manifest schema', () => {
  it('answers 400 naming every bad path (range, type, enum) and calls no vendor', async () => {
    const url = await suite.harness.start({ extra: paramsSchema });

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'gpt', style: 'medium', temperature: 3, max_tokens: 1.5 }));

    expectInvalidRequest(
      result,
      'inference_params are invalid: inference_params.temperature: must be <= 1; inference_params.max_tokens: must be integer; ' +
        'inference_params.style: must be equal to one of the allowed values: "short", "long"',
      [
        { path: 'inference_params.temperature', message: 'must be <= 1' },
        { path: 'inference_params.max_tokens', message: 'must be integer' },
        { path: 'inference_params.style', message: 'must be equal to one of the allowed values: "short", "long"' },
      ],
    );
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });

  it('names a missing required parameter by its own path, also through POST /', async () => {
    const url = await suite.harness.start({ extra: paramsSchema });

    const result = await post(url, '/', predictBody('Great.', sentimentOntology, { model: 'gpt' }));

    expectInvalidRequest(result, 'inference_params are invalid: inference_params.style: is required', [
      { path: 'inference_params.style', message: 'is required' },
    ]);
  });

  it('accepts inference_params as a JSON string and checks it the same way', async () => {
    const url = await suite.harness.start({ extra: paramsSchema });

    const asString = await post(url, '/predict', { ...predictBody('Great.', sentimentOntology, {}), inference_params: '{"style": "short", "temperature": "hot"}' });

    expectInvalidRequest(asString, 'inference_params are invalid: inference_params.temperature: must be number', [
      { path: 'inference_params.temperature', message: 'must be number' },
    ]);
  });

  it('fills in the defaults: prompt leads the instructions, temperature and max_tokens reach the vendor', async () => {
    const url = await suite.harness.start({ extra: paramsSchema });
    suite.harness.vendor.handle(replyInTurn('openai', [{ sentiment: 'positive' }]));

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'gpt', style: 'short' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ sentiment: 'positive' });
    expect(requestBody(suite.harness.vendor.requests[0])).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: `Label the review.\n\n${preamble}\n\n${sentimentKeys}` },
        { role: 'user', content: [{ type: 'text', text: 'Great.' }] },
      ],
      max_completion_tokens: 64,
      temperature: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'predictions', schema: sentimentSchema, strict: true } },
    });
  });

  it('shows the defaults in dry_run and sends nothing; a request value wins over a default', async () => {
    const url = await suite.harness.start({ extra: paramsSchema });

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'claude', style: 'long', temperature: 0.7, dry_run: true }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      request: {
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Great.' }] }],
        system: `Label the review.\n\n${preamble}\n\n${sentimentKeys}`,
        temperature: 0.7,
        output_config: { format: { type: 'json_schema', schema: sentimentSchema } },
      },
      warnings: [],
    });
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });

  it("applies the model's configured params under the request's", async () => {
    const url = await suite.harness.start({
      models: ['tuned: { provider: anthropic, model: claude-sonnet-4-6, api_key: k, params: { temperature: 0.1, max_tokens: 99, system_prompt: Be careful. } }'],
    });

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'tuned', dry_run: true }));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      request: { max_tokens: 99, temperature: 0.1, system: `Be careful.\n\n${preamble}\n\n${sentimentKeys}` },
    });
  });
});

describe('model selection and predict params', () => {
  it('uses default_model when inference_params names no model', async () => {
    const url = await suite.harness.start({ defaultModel: 'claude' });
    suite.harness.vendor.handle(replyInTurn('anthropic', [{ sentiment: 'positive' }]));

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, {}));

    expect(result.status).toBe(200);
    expect(result.headers.get('x-gateway-model')).toBe('claude');
    expect(suite.harness.vendor.requests.map((request) => request.url)).toEqual(['/v1/messages']);
  });

  it('answers 404 unknown_model for an alias that is not configured', async () => {
    const url = await suite.harness.start();

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'gpt-9' }));

    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ error: { code: 'unknown_model', message: 'no model is configured as "gpt-9"' } });
  });

  it('answers 400 for a confidence outside 0–1', async () => {
    const url = await suite.harness.start();

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'gpt', confidence: 2 }));

    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      error: { code: 'invalid_request', details: [{ path: 'inference_params.confidence', message: 'Too big: expected number to be <=1' }] },
    });
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });
});

describe('allowed_feature_kinds', () => {
  it('answers 400 naming every feature of a kind the manifest does not allow', async () => {
    const url = await suite.harness.start({ extra: 'allowed_feature_kinds: [text, radio]' });
    const ontology = {
      tools: [{ tool: 'named-entity', name: 'person' }],
      classifications: [
        { type: 'radio', name: 'sentiment', options: ['positive', 'negative'] },
        { type: 'checklist', name: 'topics', options: ['work', 'travel'] },
      ],
    };

    const result = await post(url, '/predict', predictBody('Tom works.', ontology, { model: 'gpt' }));

    expectInvalidRequest(result, 'feature "topics" is a checklist; this model allows text, radio', [
      { path: 'ontology.classifications.1', message: 'feature "topics" is a checklist; this model allows text, radio' },
      { path: 'ontology.tools.0', message: 'feature "person" is a named-entity; this model allows text, radio' },
    ]);
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });
});

describe('where the ontology comes from', () => {
  it('answers 400 when neither the request nor the manifest has one', async () => {
    const url = await suite.harness.start();

    const result = await post(url, '/predict', predictBody('Great.', undefined, { model: 'gpt' }));

    expectInvalidRequest(result, 'no ontology: send one in the request or set `ontology` in model.yaml', [
      { path: 'ontology', message: 'required' },
    ]);
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });

  it('accepts the ontology as a JSON string', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('gemini', [{ sentiment: 'negative' }]));

    const result = await post(url, '/predict', predictBody('Awful.', JSON.stringify(sentimentOntology), { model: 'gemini' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ sentiment: 'negative' });
    expect(nativeSchemaOf('gemini', suite.harness.vendor.requests[0])).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: sentimentSchema,
    });
  });

  it("uses the manifest's ontology (its own form: media_type, bare option strings) when the request has none", async () => {
    const url = await suite.harness.start({
      extra: [
        'ontology:',
        '  media_type: text',
        '  classifications:',
        '    - { type: radio, name: language, required: true, options: [english, french] }',
        '    - { type: text, name: title }',
        '  tools:',
        '    - { tool: named-entity, name: place }',
      ].join('\n'),
    });
    suite.harness.vendor.handle(replyInTurn('openai-responses', [{ language: 'english', title: null, place: [{ text: 'New York' }] }]));

    const result = await post(url, '/predict', predictBody('Tom moved to New York.', undefined, { model: 'responses' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ language: 'english', place: [{ start: 13, end: 21, text: 'New York' }] });
    expect(nativeSchemaOf('openai-responses', suite.harness.vendor.requests[0])).toEqual({
      type: 'json_schema',
      name: 'predictions',
      strict: true,
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          language: { description: 'language', type: 'string', enum: ['english', 'french'] },
          title: { description: 'title', anyOf: [{ type: 'string' }, { type: 'null' }] },
          place: {
            description: 'named entities',
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: { text: { type: 'string', description: 'the mention exactly as written in the input' } },
              required: ['text'],
            },
          },
        },
        required: ['language', 'title', 'place'],
      },
    });
  });

  it("prefers the request's ontology over the manifest's", async () => {
    const url = await suite.harness.start({ extra: 'ontology:\n  classifications:\n    - { type: text, name: title }' });
    suite.harness.vendor.handle(replyInTurn('anthropic', [{ sentiment: 'positive' }]));

    const result = await post(url, '/predict', predictBody('Great.', sentimentOntology, { model: 'claude' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ sentiment: 'positive' });
    expect(nativeSchemaOf('anthropic', suite.harness.vendor.requests[0])).toEqual({ type: 'json_schema', schema: sentimentSchema });
  });
});
