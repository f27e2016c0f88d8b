/**
 * One vendor SDK client per model alias, built on first use and reused, so connections are
 * pooled per upstream. A client is rebuilt when the alias's connection settings change (a
 * config reload pointing it elsewhere): a stale client would send to the old base URL or key.
 * The check compares three fields on every call; nothing is serialised on the request path.
 */

import type { ModelTarget } from '../provider.js';

interface CachedClient<Client> {
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly client: Client;
}

export class ClientCache<Client> {
  readonly #clients = new Map<string, CachedClient<Client>>();

  /**
   * @param apiKey the key the client is built with (an adapter may resolve it from more than
   *   `target.apiKey`); a changed key builds a new client.
   * @param build makes the client when there is none for these settings; it may throw, and
   *   then nothing is cached.
   */
  get(target: ModelTarget, apiKey: string | undefined, build: () => Client): Client {
    const cached = this.#clients.get(target.alias);
    if (
      cached !== undefined &&
      cached.apiKey === apiKey &&
      cached.baseUrl === target.baseUrl &&
      cached.timeoutMs === target.timeoutMs
    ) {
      return cached.client;
    }
    const client = build();
    this.#clients.set(target.alias, { baseUrl: target.baseUrl, apiKey, timeoutMs: target.timeoutMs, client });
    return client;
  }
}
