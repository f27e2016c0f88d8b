/**
 * `dry_run` per vendor (the native body the vendor would get, with nothing sent), and two models
 * compared over one conversation: each alias reaches its own vendor with its own branch.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { directBody } from '../support/gateway.js';
import { validateChatCompletionRequest, validateResponsesRequest } from '../support/openai-spec-validator.js';
import { expectedNativeBodies, expectedWarnings } from './expected-bodies.js';
import {
  anthropic,
  comparisonConversation,
  comparisonParams,
  manifest,
  modelEntry,
  openAIChat,
  gatewayFor,
  post,
  Resources,
  vendors,
} from './helpers.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';

const resources = new Resources();

afterEach(async () => {
  await resources.closeAll();
});

describe.each(vendors)('$provider dry_run', (vendor) => {
  it.each(['/run_direct', '/'] as const)('through POST %s: returns the native request and calls no vendor', async (route) => {
    const media = await resources.mediaServer();
    const { url, server } = await gatewayFor(resources, vendor);

    const response = await post(url, route, directBody(comparisonConversation(media), comparisonParams(vendor.alias, { dry_run: true })));

    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-provider')).toBe(vendor.provider);
    expect(await response.json()).toEqual({
      provider: vendor.provider,
      model: vendor.upstreamModel,
      request: expectedNativeBodies[vendor.provider],
      warnings: expectedWarnings[vendor.provider],
    });
    expect(server.requests).toEqual([]);
  });
});

describe("dry_run bodies against OpenAI's OpenAPI document", () => {
  it.each([
    [openAIChat.alias, validateChatCompletionRequest],
    ['local', validateChatCompletionRequest],
    ['gpt-responses', validateResponsesRequest],
  ] as const)('%s: the request validates', async (alias, validate) => {
    const vendor = vendors.find((candidate) => candidate.alias === alias);
    if (vendor === undefined) throw new Error(`no vendor ${alias}`);
    const media = await resources.mediaServer();
    const { url, server } = await gatewayFor(resources, vendor);

    const response = await post(url, '/run_direct', directBody(comparisonConversation(media), comparisonParams(alias, { dry_run: true })));
    const { request } = (await response.json()) as { request: unknown };

    expect(validate(request)).toEqual([]);
    // And the streamed variant the adapter would send.
    expect(validate(vendor.streamedBody(request as Record<string, unknown>))).toEqual([]);
    expect(server.requests).toEqual([]);
  });
});

describe('two models compared over one conversation', () => {
  it('model A and model B reach different vendors, each with its own branch of the tree', async () => {
    const openAIServer = await resources.vendorServer(openAIChat);
    const anthropicServer = await resources.vendorServer(anthropic);
    const media = await resources.mediaServer();
    const url = await resources.gateway(
      manifest({
        [openAIChat.alias]: modelEntry(openAIChat, openAIServer),
        [anthropic.alias]: modelEntry(anthropic, anthropicServer),
      }),
    );
    const conversation = comparisonConversation(media);

    const fromA = await post(url, '/', directBody(conversation, comparisonParams(openAIChat.alias, { model_config_name: 'GPT' })));
    const fromB = await post(url, '/', directBody(conversation, comparisonParams(anthropic.alias, { model_config_name: 'Claude' })));

    expect(fromA.headers.get('x-gateway-model')).toBe('gpt');
    expect(fromA.headers.get('x-gateway-provider')).toBe('openai');
    expect(await fromA.text()).toBe(readVendorFixture('openai', 'chat-completion.json'));
    expect(fromB.headers.get('x-gateway-model')).toBe('claude');
    expect(fromB.headers.get('x-gateway-provider')).toBe('anthropic');
    expect(await fromB.text()).toBe(readVendorFixture('anthropic', 'message.json'));

    expect(openAIServer.requests.map((request) => request.url)).toEqual(['/v1/chat/completions']);
    expect(anthropicServer.requests.map((request) => request.url)).toEqual(['/v1/messages']);
    const sentToA = JSON.parse(openAIServer.requests[0]?.body ?? 'null');
    const sentToB = JSON.parse(anthropicServer.requests[0]?.body ?? 'null');
    // Each follows its own model's reply in the tree.
    expect(sentToA.messages[2]).toEqual({ role: 'assistant', content: 'A cat on a sofa.' });
    expect(sentToB.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'A tabby cat.' }] });
    expect(sentToB).toEqual(expectedNativeBodies.anthropic);
    expect(sentToA).toEqual({
      ...expectedNativeBodies.openai,
      messages: (expectedNativeBodies.openai.messages as unknown[]).map((message, index) =>
        index === 2 ? { role: 'assistant', content: 'A cat on a sofa.' } : message,
      ),
    });
  });
});
