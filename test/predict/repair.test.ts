/**
 * An answer that fails the ontology's schema gets one repair round-trip (issue 4 §4): the vendor
 * receives a second request holding the first answer as the model's turn and the repair
 * instruction as the user's; a valid second answer succeeds, a second failure is a 502
 * `upstream_error` carrying the model's output.
 */

import { describe, expect, it } from 'vitest';
import {
  post,
  predictBody,
  replyInTurn,
  requestBody,
  vendorIds,
  vendorSetups,
  type PredictHarness,
  type VendorId,
  useHarness,
} from './helpers.js';

const ontology = {
  classifications: [
    { type: 'radio', name: 'sentiment', required: true, options: [{ value: 'positive' }, { value: 'negative' }] },
  ],
};
const text = 'I love it.';
const invalidAnswer = JSON.stringify({ sentiment: 'happy' });
const validAnswer = JSON.stringify({ sentiment: 'positive' });
const enumError = 'output.sentiment: must be equal to one of the allowed values: "positive", "negative"';
const repairInstruction = (problems: string): string =>
  `Your previous reply did not match the required JSON Schema (${problems}). Reply again with only the corrected JSON object.`;

/** The two turns the repair adds at the end of the vendor's native conversation. */
function repairTurns(vendor: VendorId, answer: string, instruction: string): { key: string; turns: unknown[] } {
  switch (vendor) {
    case 'openai':
    case 'openai-compatible':
      return {
        key: 'messages',
        turns: [
          { role: 'assistant', content: answer },
          { role: 'user', content: [{ type: 'text', text: instruction }] },
        ],
      };
    case 'openai-responses':
      return {
        key: 'input',
        turns: [
          { role: 'assistant', content: answer },
          { role: 'user', content: [{ type: 'input_text', text: instruction }] },
        ],
      };
    case 'anthropic':
      return {
        key: 'messages',
        turns: [
          { role: 'assistant', content: [{ type: 'text', text: answer }] },
          { role: 'user', content: [{ type: 'text', text: instruction }] },
        ],
      };
    case 'gemini':
      return {
        key: 'contents',
        turns: [
          { role: 'model', parts: [{ text: answer }] },
          { role: 'user', parts: [{ text: instruction }] },
        ],
      };
    default: {
      const unexpected: never = vendor;
      throw new Error(`unknown vendor ${String(unexpected)}`);
    }
  }
}

/** The second request must be the first plus the two repair turns, nothing else changed. */
function expectRepairRequest(harness: PredictHarness, vendor: VendorId, answer: string, instruction: string): void {
  expect(harness.vendor.requests).toHaveLength(2);
  const first = requestBody(harness.vendor.requests[0]) as Record<string, unknown[]>;
  const second = requestBody(harness.vendor.requests[1]) as Record<string, unknown[]>;
  const { key, turns } = repairTurns(vendor, answer, instruction);
  expect(second).toEqual({ ...first, [key]: [...(first[key] ?? []), ...turns] });
}

const suite = useHarness();

describe.each(vendorIds)('repair on %s', (vendor) => {
  const { alias } = vendorSetups[vendor];

  it('sends one repair request after an answer outside the schema, and answers from the second', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn(vendor, [invalidAnswer, validAnswer]));

    const result = await post(url, '/predict', predictBody(text, ontology, { model: alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ sentiment: 'positive' });
    expectRepairRequest(suite.harness, vendor, invalidAnswer, repairInstruction(enumError));
  });

  it('answers 502 upstream_error with the model output when the repaired answer is still invalid', async () => {
    const url = await suite.harness.start();
    const secondAnswer = JSON.stringify({ sentiment: 'positive', mood: 'good' });
    suite.harness.vendor.handle(replyInTurn(vendor, [invalidAnswer, secondAnswer]));

    const result = await post(url, '/predict', predictBody(text, ontology, { model: alias }));

    expect(result.status).toBe(502);
    expect(result.body).toEqual({
      error: {
        code: 'upstream_error',
        message: `model "${alias}" did not answer in the ontology's schema, even after a repair request`,
        request_id: result.headers.get('x-request-id'),
        details: [
          { path: 'output.mood', message: 'is not an allowed property' },
          { path: 'model_output', message: secondAnswer },
        ],
      },
    });
    expect(suite.harness.vendor.requests).toHaveLength(2);
  });
});

describe('repair of a reply that is not JSON', () => {
  it('explains that no JSON object was found, and accepts a fenced answer the second time', async () => {
    const url = await suite.harness.start();
    const prose = "Sorry, I can't label that.";
    suite.harness.vendor.handle(replyInTurn('openai', [prose, `Here it is:\n\`\`\`json\n${validAnswer}\n\`\`\``]));

    const result = await post(url, '/predict', predictBody(text, ontology, { model: 'gpt' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ sentiment: 'positive' });
    const problem = `output: the model's reply holds no JSON object: ${JSON.stringify(prose)}`;
    expectRepairRequest(suite.harness, 'openai', prose, repairInstruction(problem));
  });

  it('gives up after two replies without JSON, with both the problem and the output in details', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('anthropic', ['No.', 'Still no.']));

    const result = await post(url, '/predict', predictBody(text, ontology, { model: 'claude' }));

    expect(result.status).toBe(502);
    expect(result.body).toMatchObject({
      error: {
        code: 'upstream_error',
        details: [
          { path: 'output', message: `the model's reply holds no JSON object: "Still no."` },
          { path: 'model_output', message: 'Still no.' },
        ],
      },
    });
    expect(suite.harness.vendor.requests).toHaveLength(2);
  });
});
