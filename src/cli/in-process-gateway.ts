/**
 * The gateway `run` and `compare` talk to: the real app, built from the user's config, on a
 * loopback port for the life of one command. Going through HTTP (not calling the handlers)
 * means the command sees exactly what Labelbox would: status, headers, SSE framing, errors.
 */

import { buildApp } from '../app.js';
import type { GatewayConfig } from '../config/config-schema.js';

export interface InProcessGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startInProcessGateway(config: GatewayConfig): Promise<InProcessGateway> {
  // The command line is one person at a keyboard, not Labelbox traffic: the deployment's rate
  // limit (and the Redis it may share) and its secret guard a public endpoint this is not.
  const local: GatewayConfig = { ...config, requests_per_second: undefined, secrets: undefined };
  const { app } = buildApp(local, { logger: false, redisUrl: undefined });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
