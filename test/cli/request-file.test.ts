import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopesFor, withConfiguredProvider } from '../../src/cli/compare-command.js';
import { failedBeforeAnswer } from '../../src/cli/collect-result.js';
import { readRequestFile, requestedModel, routeFor, withInferenceParams } from '../../src/cli/request-file.js';
import { UsageError } from '../../src/cli/usage.js';
import { parseConfig } from '../../src/config/load-config.js';

const conversation = {
  type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
  version: 2,
  actors: { u: { role: 'human', metadata: { name: 'User' } } },
  messages: { p1: { actorId: 'u', content: [{ type: 'text', content: 'Hi' }], childMessageIds: [] } },
  rootMessageIds: ['p1'],
};
const direct = { data_row: { row_data: conversation }, inference_params: { model: 'echo', temperature: 0.2 } };
const predict = { data_row: { row_data: 'Tom is happy.' }, ontology: { classifications: [] } };

describe('withInferenceParams', () => {
  it('merges only the overrides that were given, over the file values', () => {
    expect(withInferenceParams(direct, { model: 'claude', stream: true, dry_run: undefined })).toEqual({
      ...direct,
      inference_params: { model: 'claude', temperature: 0.2, stream: true },
    });
    expect(withInferenceParams(direct, {})).toBe(direct);
  });

  it('parses inference_params sent as a JSON string, as Labelbox may', () => {
    const stringly = { ...direct, inference_params: '{"model":"echo","top_p":0.5}' };
    expect(withInferenceParams(stringly, { dry_run: true }).inference_params).toEqual({ model: 'echo', top_p: 0.5, dry_run: true });
    expect(withInferenceParams({ data_row: direct.data_row }, { model: 'a' }).inference_params).toEqual({ model: 'a' });
  });

  it('refuses params it cannot merge into', () => {
    expect(() => withInferenceParams({ ...direct, inference_params: '{oops' }, { model: 'a' })).toThrow(UsageError);
    expect(() => withInferenceParams({ ...direct, inference_params: [1] }, { model: 'a' })).toThrow(UsageError);
  });
});

describe('routeFor and requestedModel', () => {
  it('sends to / and works out the mode the way the gateway does', () => {
    expect(routeFor(direct)).toEqual({ path: '/', answer: 'direct' });
    expect(routeFor(predict)).toEqual({ path: '/', answer: 'predict' });
  });

  it('uses the route named by inference_params.mode, and notices a dry run', () => {
    expect(routeFor({ ...predict, inference_params: { mode: 'predict' } })).toEqual({ path: '/predict', answer: 'predict' });
    expect(routeFor({ ...direct, inference_params: { mode: 'direct', dry_run: true } })).toEqual({ path: '/run_direct', answer: 'dry-run' });
  });

  it('leaves an invalid envelope to the gateway to explain', () => {
    expect(routeFor({ nothing: true })).toEqual({ path: '/', answer: undefined });
    expect(routeFor({ ...direct, inference_params: { mode: 'sideways' } })).toEqual({ path: '/', answer: undefined });
  });

  it('reads the requested model from object or string params', () => {
    expect(requestedModel(direct)).toBe('echo');
    expect(requestedModel({ ...direct, inference_params: '{"model":"claude"}' })).toBe('claude');
    expect(requestedModel(predict)).toBeUndefined();
  });
});

describe('compare envelopes', () => {
  it('streams direct runs, one envelope per model', () => {
    const envelopes = envelopesFor(direct, ['a', 'b']);
    expect(envelopes.map((envelope) => envelope['inference_params'])).toEqual([
      { model: 'a', temperature: 0.2, stream: true },
      { model: 'b', temperature: 0.2, stream: true },
    ]);
  });

  it('does not ask predict for a stream', () => {
    expect(envelopesFor(predict, ['a']).map((envelope) => envelope['inference_params'])).toEqual([{ model: 'a' }]);
  });

  it('fills in the configured provider of a model whose request failed', () => {
    const config = parseConfig('name: t\ndefault_model: c\nmodels:\n  c: { provider: anthropic, model: m }\n', 't.yaml', {});
    expect(withConfiguredProvider(failedBeforeAnswer('c', new Error('x'), 1), config).provider).toBe('anthropic');
    expect(withConfiguredProvider(failedBeforeAnswer('toString', new Error('x'), 1), config).provider).toBeUndefined();
  });
});

describe('readRequestFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cli-request-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the shipped request fixture', async () => {
    expect(await readRequestFile('fixtures/requests/direct-echo.json')).toMatchObject({ inference_params: { model: 'echo' } });
  });

  it.each([
    ['missing.json', undefined, /cannot read the request file/],
    ['broken.json', '{"data_row":', /is not JSON/],
    ['array.json', '[1,2]', /must hold a JSON object/],
  ])('%s is a usage error', async (name, content, message) => {
    const path = join(directory, name);
    if (content !== undefined) await writeFile(path, content);
    await expect(readRequestFile(path)).rejects.toThrow(message);
    await expect(readRequestFile(path)).rejects.toBeInstanceOf(UsageError);
  });
});
