/**
 * Each vendor's wire format as the predict tests need it: where its SDK posts, its recorded
 * reply with the model's answer text swapped in, and where its native request carries the
 * structured-output schema and the data row's parts.
 */

import type { ServerResponse } from 'node:http';
import type { ProviderId } from '../../src/providers/provider.js';
import { replyJson, type RecordedRequest } from '../support/loopback-server.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';

export type VendorId = Exclude<ProviderId, 'echo'>;

export const vendorIds: readonly VendorId[] = ['openai', 'openai-responses', 'anthropic', 'gemini', 'openai-compatible'];

/** Alias, upstream model and the path the vendor's SDK posts to, per vendor. */
export const vendorSetups: Readonly<Record<VendorId, { readonly alias: string; readonly model: string; readonly path: string }>> = {
  openai: { alias: 'gpt', model: 'gpt-4o', path: '/v1/chat/completions' },
  'openai-responses': { alias: 'responses', model: 'gpt-4.1', path: '/v1/responses' },
  anthropic: { alias: 'claude', model: 'claude-sonnet-4-6', path: '/v1/messages' },
  gemini: { alias: 'gemini', model: 'gemini-2.5-flash', path: '/v1beta/models/gemini-2.5-flash:generateContent' },
  'openai-compatible': { alias: 'local', model: 'llama-3.1-8b', path: '/v1/chat/completions' },
};

function recordedJson(vendor: string, name: string): Record<string, unknown> {
  return JSON.parse(readVendorFixture(vendor, name)) as Record<string, unknown>;
}

/**
 * The vendor's recorded reply with its answer text replaced by `text`: Chat Completions
 * `choices[0].message.content`, Responses `output[0].content[0].text`, Anthropic's text block,
 * Gemini's first candidate text part.
 */
export function vendorReply(vendor: VendorId, text: string): Record<string, unknown> {
  switch (vendor) {
    case 'openai':
    case 'openai-compatible': {
      const body = recordedJson('openai', 'chat-completion.json');
      body.choices = [{ index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }];
      return body;
    }
    case 'openai-responses': {
      const body = recordedJson('openai-responses', 'response.json');
      const [message] = body.output as Record<string, unknown>[];
      body.output = [{ ...message, content: [{ type: 'output_text', annotations: [], logprobs: [], text }] }];
      return body;
    }
    case 'anthropic': {
      const body = recordedJson('anthropic', 'message.json');
      body.content = [{ type: 'text', text }];
      return body;
    }
    case 'gemini': {
      const body = recordedJson('gemini', 'generate-content.json');
      body.candidates = [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }];
      return body;
    }
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

/** Answers each vendor call with the next answer of `answers` (JSON values are stringified). */
export function replyInTurn(vendor: VendorId, answers: readonly unknown[]): (request: RecordedRequest, response: ServerResponse) => void {
  let next = 0;
  return (_request, response) => {
    const answer = answers[Math.min(next, answers.length - 1)];
    next += 1;
    replyJson(response, 200, vendorReply(vendor, typeof answer === 'string' ? answer : JSON.stringify(answer)));
  };
}

/** Where each vendor's native request carries the structured-output JSON Schema. */
export function nativeSchemaOf(vendor: VendorId, request: RecordedRequest | undefined): unknown {
  const body = JSON.parse(bodyText(request));
  switch (vendor) {
    case 'openai':
    case 'openai-compatible':
      return body.response_format;
    case 'openai-responses':
      return body.text.format;
    case 'anthropic':
      return body.output_config.format;
    case 'gemini':
      return { responseMimeType: body.generationConfig.responseMimeType, responseJsonSchema: body.generationConfig.responseJsonSchema };
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

/** The expected native wrapper of `schema` for each vendor. */
export function expectedNativeSchema(vendor: VendorId, schema: unknown): unknown {
  switch (vendor) {
    case 'openai':
    case 'openai-compatible':
      return { type: 'json_schema', json_schema: { name: 'predictions', schema, strict: true } };
    case 'openai-responses':
      return { type: 'json_schema', name: 'predictions', schema, strict: true };
    case 'anthropic':
      return { type: 'json_schema', schema };
    case 'gemini':
      return { responseMimeType: 'application/json', responseJsonSchema: schema };
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

/** The content parts of the user message (the data row) in the vendor's native request. */
export function userPartsOf(vendor: VendorId, request: RecordedRequest | undefined): unknown {
  const body = JSON.parse(bodyText(request));
  switch (vendor) {
    case 'openai':
    case 'openai-compatible':
      return body.messages.find((message: { role: string }) => message.role === 'user').content;
    case 'openai-responses':
      return body.input.find((message: { role: string }) => message.role === 'user').content;
    case 'anthropic':
      return body.messages[0].content;
    case 'gemini':
      return body.contents[0].parts;
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

function bodyText(request: RecordedRequest | undefined): string {
  if (request === undefined) throw new Error('the vendor received no request');
  return request.body;
}

/** A recorded vendor request's JSON body (tests assert on its shape). */
export function requestBody(request: RecordedRequest | undefined): unknown {
  return JSON.parse(bodyText(request));
}
/** The Labelbox seed example (SPEC §7): Tom 0–3, Bob 8–11, IBM 33–36. */
export const seedText = 'Tom and Bob are happy to work at IBM';

/**
 * The task schema the gateway derives from `fixtures/ontologies/text-ontology.json`: strict
 * mode (every key required, no others), nested "negative reason" flattened and nullable, the
 * two entity tools sharing one `entities` list labelled by tool name.
 */
export const textOntologySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sentiment: { description: 'sentiment: Overall sentiment of the text', type: 'string', enum: ['positive', 'negative'] },
    negative_reason: {
      description: 'negative reason: Why is it negative?',
      anyOf: [{ type: 'string', enum: ['price', 'service'] }, { type: 'null' }],
    },
    topics: {
      description: 'topics: Topics the text talks about',
      type: 'array',
      items: { type: 'string', enum: ['work', 'family', 'travel'] },
    },
    summary: { description: 'summary: One-sentence summary', type: 'string' },
    entities: {
      description: 'named entities',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          text: { type: 'string', description: 'the mention exactly as written in the input' },
          label: { type: 'string', enum: ['person', 'organization'] },
        },
        required: ['text', 'label'],
      },
    },
  },
  required: ['sentiment', 'negative_reason', 'topics', 'summary', 'entities'],
};

/** The text part carrying `text` in each vendor's native user content. */
export function nativeTextPart(vendor: VendorId, text: string): Record<string, unknown> {
  switch (vendor) {
    case 'openai':
    case 'openai-compatible':
    case 'anthropic':
      return { type: 'text', text };
    case 'openai-responses':
      return { type: 'input_text', text };
    case 'gemini':
      return { text };
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}
