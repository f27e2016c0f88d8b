/**
 * Validates bodies against OpenAI's own OpenAPI document (the pruned copy in `fixtures/`), so the
 * converter tests prove that what we send is what the vendor's contract describes, and the
 * recorded fixtures prove they look like what the vendor sends back.
 *
 * The document needs two adjustments before Ajv can use it (see ../shared/vendor-specs/README.md):
 * OpenAPI 3.0 `nullable` is folded into the `type` list, and `oneOf` is read as `anyOf` because
 * several of its unions overlap (an easy input message also matches the full message item),
 * which would make valid bodies fail. `anyOf` still rejects a shape that matches no branch.
 * @see https://github.com/openai/openai-openapi
 */

import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

const specPath = new URL('../../fixtures/openai-openapi-chat-responses.json', import.meta.url);
const specId = 'openai-openapi';

/** Schema names in `components.schemas` that tests validate against. */
export type OpenAISchemaName =
  | 'CreateChatCompletionRequest'
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'CreateResponse'
  | 'Response'
  | 'ResponseStreamEvent'
  | 'ErrorResponse';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites the OpenAPI quirks into plain JSON Schema 2020-12, recursively. */
function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(normaliseSchema);
  if (!isObject(node)) return node;
  const result: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'discriminator') continue;
    result[key === 'oneOf' ? 'anyOf' : key] = normaliseSchema(value);
  }
  return node['nullable'] === true ? allowNull(result) : result;
}

function allowNull(schema: { [key: string]: Json }): { [key: string]: Json } {
  const type = schema['type'];
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = typeof type === 'string' ? [type] : type;
    const allowed = schema['enum'];
    return {
      ...schema,
      type: types.includes('null') ? types : [...types, 'null'],
      // An `enum` would still reject null, so null joins the allowed values too.
      ...(Array.isArray(allowed) && !allowed.includes(null) && { enum: [...allowed, null] }),
    };
  }
  const union = schema['anyOf'];
  if (Array.isArray(union)) return { ...schema, anyOf: [...union, { type: 'null' }] };
  // `{ $ref, nullable }`: in 2020-12 the `$ref` applies alongside, so null needs its own branch.
  return { anyOf: [schema, { type: 'null' }] };
}

let compiled: Map<OpenAISchemaName, ValidateFunction> | undefined;

function validators(): Map<OpenAISchemaName, ValidateFunction> {
  if (compiled !== undefined) return compiled;
  const document = normaliseSchema(JSON.parse(readFileSync(specPath, 'utf8')) as Json);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  formatsModule.default(ajv, ['uri']);
  // Formats the document names for numbers; they carry no extra constraint worth checking.
  ajv.addFormat('float', true);
  ajv.addFormat('unixtime', true);
  ajv.addSchema(document as object, specId);
  const names: readonly OpenAISchemaName[] = [
    'CreateChatCompletionRequest',
    'CreateChatCompletionResponse',
    'CreateChatCompletionStreamResponse',
    'CreateResponse',
    'Response',
    'ResponseStreamEvent',
    'ErrorResponse',
  ];
  compiled = new Map();
  for (const name of names) {
    const validate = ajv.getSchema(`${specId}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`schema ${name} is missing from ${specPath.pathname}`);
    compiled.set(name, validate);
  }
  return compiled;
}

/** Returns one line per problem (`/messages/0/content: must be string`); empty when valid. */
export function validateAgainst(name: OpenAISchemaName, value: unknown): string[] {
  const validate = validators().get(name);
  if (validate === undefined) throw new Error(`no validator for ${name}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}

export function validateChatCompletionRequest(body: unknown): string[] {
  return validateAgainst('CreateChatCompletionRequest', body);
}

export function validateResponsesRequest(body: unknown): string[] {
  return validateAgainst('CreateResponse', body);
}
