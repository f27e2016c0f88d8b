/**
 * The offline `echo` provider answers predict deterministically (issue 4 §5), so the README's
 * `curl … -d @fixtures/requests/predict-echo.json` works with no key: first option, first
 * checklist value, the text itself, capitalised words as entities (offsets computed by the
 * gateway like any vendor's answer).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { post, useHarness } from './helpers.js';

const request = JSON.parse(readFileSync(new URL('../../fixtures/requests/predict-echo.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const expectedAnswer = {
  sentiment: 'positive',
  topics: ['work'],
  summary: 'Tom and Bob are happy to work at IBM in New York.',
  person: [
    { start: 0, end: 3, text: 'Tom' },
    { start: 8, end: 11, text: 'Bob' },
    { start: 33, end: 36, text: 'IBM' },
    { start: 40, end: 43, text: 'New' },
    { start: 44, end: 48, text: 'York' },
  ],
};

const suite = useHarness();

describe('predict with echo', () => {
  it.each(['/predict', '/'])('answers fixtures/requests/predict-echo.json exactly through %s', async (path) => {
    const url = await suite.harness.start();

    const result = await post(url, path, request);

    expect(result.status).toBe(200);
    expect(result.body).toEqual(expectedAnswer);
    expect(result.headers.get('x-gateway-model')).toBe('echo');
    expect(result.headers.get('x-gateway-provider')).toBe('echo');
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });

  it('gives the same answer every time', async () => {
    const url = await suite.harness.start();

    const answers = [await post(url, '/predict', request), await post(url, '/predict', request)];

    expect(answers.map((answer) => answer.body)).toEqual([expectedAnswer, expectedAnswer]);
  });

  it('answers image tools with its fixed detection over the middle of the image', async () => {
    const url = await suite.harness.start();
    const ontology = { tools: [{ tool: 'rectangle', name: 'thing' }, { tool: 'point', name: 'spot' }] };

    const result = await post(url, '/predict', {
      data_row: { row_data: `${suite.harness.media.url}/image.png` },
      ontology,
      inference_params: { model: 'echo' },
    });

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      thing: { boxes: [[80, 60, 160, 120]], scores: [1] },
      spot: { points: [[160, 120]], scores: [1] },
    });
  });
});
