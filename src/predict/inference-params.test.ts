import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { compileInferenceParamsSchema, InferenceParamsSchemaError } from './inference-params.js';

const manifestSchema = {
  properties: {
    model: { type: 'string' },
    prompt: { type: 'string', minLength: 1 },
    temperature: { type: 'number', minimum: 0, maximum: 2, default: 0.2 },
    mode: { type: 'string', enum: ['direct', 'predict'] },
    stop: { type: 'array', items: { type: 'string' } },
    options: {
      type: 'object',
      properties: { seed: { type: 'integer', default: 7 } },
      default: {},
    },
    'odd/name': { type: 'boolean' },
  },
  required: ['prompt'],
};

function detailsOf(action: () => unknown): unknown[] {
  try {
    action();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    return [...error.details];
  }
  throw new Error('expected a 400');
}

describe('compileInferenceParamsSchema', () => {
  const inferenceParams = compileInferenceParamsSchema(manifestSchema);

  it('fills defaults, nested ones too, and leaves the caller\'s object untouched', () => {
    const given = { prompt: 'Label it', model: 'echo' };
    expect(inferenceParams.validate(given)).toEqual({
      prompt: 'Label it',
      model: 'echo',
      temperature: 0.2,
      options: { seed: 7 },
    });
    expect(given).toEqual({ prompt: 'Label it', model: 'echo' });
  });

  it('keeps given values and properties the schema does not mention', () => {
    expect(inferenceParams.validate({ prompt: 'p', temperature: 1.5, use_attachments: true })).toMatchObject({
      temperature: 1.5,
      use_attachments: true,
    });
  });

  it('does not coerce types: "0.5" is not a number', () => {
    expect(detailsOf(() => inferenceParams.validate({ prompt: 'p', temperature: '0.5' }))).toEqual([
      { path: 'inference_params.temperature', message: 'must be number' },
    ]);
  });

  it('reports every problem with its dotted path', () => {
    const details = detailsOf(() =>
      inferenceParams.validate({ temperature: 3, mode: 'chat', stop: ['ok', 5], options: { seed: 1.5 }, 'odd/name': 1 }),
    );
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'inference_params.prompt', message: 'is required' },
        { path: 'inference_params.temperature', message: 'must be <= 2' },
        { path: 'inference_params.mode', message: 'must be equal to one of the allowed values: "direct", "predict"' },
        { path: 'inference_params.stop.1', message: 'must be string' },
        { path: 'inference_params.options.seed', message: 'must be integer' },
        { path: 'inference_params.odd/name', message: 'must be boolean' },
      ]),
    );
    expect(details).toHaveLength(6);
  });

  it('treats absent params as an empty object, so defaults and required still apply', () => {
    expect(detailsOf(() => inferenceParams.validate(undefined))).toEqual([
      { path: 'inference_params.prompt', message: 'is required' },
    ]);
    const lenient = compileInferenceParamsSchema({ properties: { max_tokens: { type: 'integer', default: 256 } } });
    expect(lenient.validate(null)).toEqual({ max_tokens: 256 });
  });

  it('refuses params that are not an object', () => {
    expect(detailsOf(() => inferenceParams.validate(['prompt']))).toEqual([
      { path: 'inference_params', message: 'must be object' },
    ]);
  });

  it('names additional properties when the manifest forbids them', () => {
    const closed = compileInferenceParamsSchema({ properties: { model: { type: 'string' } }, additionalProperties: false });
    expect(detailsOf(() => closed.validate({ model: 'x', tempreature: 1 }))).toEqual([
      { path: 'inference_params.tempreature', message: 'is not an allowed property' },
    ]);
  });

  it('accepts anything object-shaped when the manifest has no schema', () => {
    expect(compileInferenceParamsSchema(undefined).validate({ any: 'thing' })).toEqual({ any: 'thing' });
  });

  it('checks formats from ajv-formats', () => {
    const withFormat = compileInferenceParamsSchema({ properties: { callback: { type: 'string', format: 'uri' } } });
    expect(detailsOf(() => withFormat.validate({ callback: 'not a uri' }))).toEqual([
      { path: 'inference_params.callback', message: 'must match format "uri"' },
    ]);
  });

  it('compiles a manifest that names draft 2020-12', () => {
    const modern = compileInferenceParamsSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: { temperature: { type: 'number', default: 1 } },
    });
    expect(modern.validate({})).toEqual({ temperature: 1 });
  });

  it('fails at start-up, naming the config path, when the schema does not compile', () => {
    expect(() => compileInferenceParamsSchema({ properties: { temperature: { type: 'decimal' } } })).toThrow(
      InferenceParamsSchemaError,
    );
    expect(() => compileInferenceParamsSchema({ properties: { temperature: { type: 'decimal' } } })).toThrow(
      /^inference_params_json_schema: /,
    );
  });
});
