/** The one HTTP call `run` and `compare` make: POST the envelope, read the answer as it comes. */

import { performance } from 'node:perf_hooks';
import { collectResult, failedBeforeAnswer, type Collected, type CollectOptions } from './collect-result.js';
import type { RequestEnvelope, RequestRoute } from './request-file.js';

export type RequestOptions = Omit<CollectOptions, 'startedAt' | 'now' | 'answer'>;

export async function requestModel(
  baseUrl: string,
  route: RequestRoute,
  envelope: RequestEnvelope,
  options: RequestOptions,
): Promise<Collected> {
  const now = (): number => performance.now();
  const startedAt = now();
  try {
    const response = await fetch(new URL(route.path, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    return await collectResult(response, { ...options, answer: route.answer, startedAt, now });
  } catch (error) {
    return { result: failedBeforeAnswer(options.model, error, now() - startedAt), body: '', streamed: false, warnings: [] };
  }
}
