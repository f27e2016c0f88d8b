/**
 * One AbortSignal per request that fires when the client goes away before the answer is
 * complete, so the vendor call (streamed or not) stops at once instead of running on unbilled
 * to nobody.
 */

import type { ServerResponse } from 'node:http';

export function abortOnClientClose(response: ServerResponse): AbortController {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new ClientClosedError());
  });
  return controller;
}

export class ClientClosedError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'AbortError';
  }
}
