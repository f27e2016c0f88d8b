/**
 * predict end to end on every vendor (issue 4, "How it is shown"): through `POST /predict` and
 * `POST /` of a listening gateway, each vendor played by a loopback server answering in its
 * recorded wire format. The request must carry the ontology's JSON Schema in the vendor's
 * native structured-output place, and the answer must be SPEC §7's, keyed by feature name.
 */

import { describe, expect, it } from 'vitest';
import {
  expectedNativeSchema,
  nativeSchemaOf,
  nativeTextPart,
  post,
  predictBody,
  readOntology,
  replyInTurn,
  seedText,
  textOntologySchema,
  userPartsOf,
  vendorIds,
  vendorSetups, useHarness } from './helpers.js';

const ontology = readOntology('text-ontology.json');
const suite = useHarness();

describe.each(vendorIds)('predict on %s', (vendor) => {
  const { alias, model, path } = vendorSetups[vendor];

  it('sends the schema natively and answers the seed example keyed by feature name', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(
      replyInTurn(vendor, [
        {
          sentiment: 'positive',
          negative_reason: null,
          // A repeated checklist value is answered once.
          topics: ['work', 'work'],
          summary: 'Tom and Bob like working at IBM.',
          entities: [
            { text: 'Tom', label: 'person' },
            { text: 'Bob', label: 'person' },
            { text: 'IBM', label: 'organization' },
            // Not in the text: dropped, never given made-up offsets.
            { text: 'Alice', label: 'person' },
          ],
        },
      ]),
    );

    const result = await post(url, '/predict', predictBody(seedText, ontology, { model: alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      sentiment: 'positive',
      topics: ['work'],
      summary: 'Tom and Bob like working at IBM.',
      person: [
        { start: 0, end: 3, text: 'Tom' },
        { start: 8, end: 11, text: 'Bob' },
      ],
      organization: [{ start: 33, end: 36, text: 'IBM' }],
    });
    expect(result.headers.get('x-gateway-model')).toBe(alias);
    expect(result.headers.get('x-gateway-provider')).toBe(vendor);
    expect(result.headers.get('x-gateway-upstream-model')).toBe(model);
    expect(suite.harness.vendor.requests).toHaveLength(1);
    const [request] = suite.harness.vendor.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(path);
    expect(nativeSchemaOf(vendor, request)).toEqual(expectedNativeSchema(vendor, textOntologySchema));
    expect(userPartsOf(vendor, request)).toEqual([nativeTextPart(vendor, seedText)]);
  });

  it('answers through POST / (plain-text row_data dispatches to predict): nested radio, every repeated mention', async () => {
    const url = await suite.harness.start();
    const text = 'Tom met Bob. Later Tom called IBM about the price.';
    suite.harness.vendor.handle(
      replyInTurn(vendor, [
        {
          sentiment: 'negative',
          negative_reason: 'price',
          topics: [],
          summary: 'A complaint about price.',
          // "Tom" listed once (as the task asks) and once more: each occurrence gets one span.
          entities: [
            { text: 'Tom', label: 'person' },
            { text: 'Bob', label: 'person' },
            { text: 'Tom', label: 'person' },
            { text: ' IBM ', label: 'organization' },
          ],
        },
      ]),
    );

    const result = await post(url, '/', predictBody(text, ontology, { model: alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      sentiment: 'negative',
      'negative reason': 'price',
      topics: [],
      summary: 'A complaint about price.',
      person: [
        { start: 0, end: 3, text: 'Tom' },
        { start: 8, end: 11, text: 'Bob' },
        { start: 19, end: 22, text: 'Tom' },
      ],
      organization: [{ start: 30, end: 33, text: 'IBM' }],
    });
    expect(result.headers.get('x-gateway-provider')).toBe(vendor);
    expect(suite.harness.vendor.requests).toHaveLength(1);
    expect(nativeSchemaOf(vendor, suite.harness.vendor.requests[0])).toEqual(expectedNativeSchema(vendor, textOntologySchema));
  });

  it('leaves a nested answer out when its parent option was not chosen', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(
      replyInTurn(vendor, [
        { sentiment: 'positive', negative_reason: 'service', topics: ['family', 'travel'], summary: 'Fine.', entities: [] },
      ]),
    );

    const result = await post(url, '/predict', predictBody(seedText, ontology, { model: alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      sentiment: 'positive',
      topics: ['family', 'travel'],
      summary: 'Fine.',
      person: [],
      organization: [],
    });
  });
});

describe('named-entity offsets', () => {
  it('counts Unicode code points as Python does: emoji, CJK, combining marks, repeated mentions', async () => {
    const url = await suite.harness.start();
    // "Zoe" + U+0308 COMBINING DIAERESIS is 4 code points; 👍🏽 is 2 (a skin-tone modifier follows).
    const text = '😀 Tom met 山田 and Zoe\u0308 👍🏽 Tom.';
    suite.harness.vendor.handle(replyInTurn('openai', [{ who: [{ text: 'Tom' }, { text: '山田' }, { text: 'Zoe\u0308' }] }]));

    const result = await post(url, '/predict', predictBody(text, { tools: [{ tool: 'named-entity', name: 'who' }] }, { model: 'gpt' }));

    expect(result.status).toBe(200);
    const spans = [
      { start: 2, end: 5, text: 'Tom' },
      { start: 10, end: 12, text: '山田' },
      { start: 17, end: 21, text: 'Zoe\u0308' },
      { start: 25, end: 28, text: 'Tom' },
    ];
    expect(result.body).toEqual({ who: spans });
    const codePoints = [...text];
    for (const span of spans) expect(codePoints.slice(span.start, span.end).join('')).toBe(span.text);
  });
});

describe('POST / dispatch', () => {
  const actors = {
    u: { role: 'human', metadata: { name: 'User' } },
    m1: { role: 'model', metadata: { modelConfigName: 'GPT', modelConfigId: 'm-1' } },
  };
  const chat = (messages: Record<string, unknown>) => ({
    type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
    version: 2,
    actors,
    messages,
    rootMessageIds: ['p1'],
  });
  const answer = { sentiment: 'positive', negative_reason: null, topics: [], summary: 'About IBM.', entities: [] };
  const keyedAnswer = { sentiment: 'positive', topics: [], summary: 'About IBM.', person: [], organization: [] };

  it('predicts on a conversation when inference_params.mode is predict, reading it as a transcript', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('openai', [answer]));
    const conversation = chat({
      p1: { actorId: 'u', content: [{ type: 'text', content: 'Tom asks about IBM.' }], childMessageIds: ['r1'] },
      r1: { actorId: 'm1', content: [{ type: 'text', content: 'IBM is a company.' }], childMessageIds: ['p2'] },
      p2: { actorId: 'u', content: [{ type: 'text', content: 'Thanks.' }], childMessageIds: [] },
    });

    const result = await post(url, '/', predictBody(conversation, ontology, { model: 'gpt', mode: 'predict' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual(keyedAnswer);
    const transcript = 'User: Tom asks about IBM.\nModel: IBM is a company.\nUser: Thanks.';
    expect(userPartsOf('openai', suite.harness.vendor.requests[0])).toEqual([nativeTextPart('openai', transcript)]);
  });

  it('predicts on a conversation that ends on the model reply', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('openai', [answer]));
    const conversation = chat({
      p1: { actorId: 'u', content: [{ type: 'text', content: 'Tom asks about IBM.' }], childMessageIds: ['r1'] },
      r1: { actorId: 'm1', content: [{ type: 'text', content: 'IBM is a company.' }], childMessageIds: [] },
    });

    const result = await post(url, '/', predictBody(conversation, ontology, { model: 'gpt', mode: 'predict' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual(keyedAnswer);
    const transcript = 'User: Tom asks about IBM.\nModel: IBM is a company.';
    expect(userPartsOf('openai', suite.harness.vendor.requests[0])).toEqual([nativeTextPart('openai', transcript)]);
  });
});
