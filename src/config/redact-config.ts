/**
 * The manifest as `GET /model.yaml` shows it: the same file, with `secrets` and every model's
 * `api_key` replaced so the page can be shared and logged.
 */

import { stringify } from 'yaml';
import type { GatewayConfig } from './config-schema.js';

export const redacted = '[redacted]';

export function redactConfig(config: GatewayConfig): Record<string, unknown> {
  const models = Object.fromEntries(
    Object.entries(config.models).map(([alias, model]) => [
      alias,
      model.api_key === undefined ? model : { ...model, api_key: redacted },
    ]),
  );
  return {
    ...config,
    ...(config.secrets === undefined ? {} : { secrets: redacted }),
    models,
  };
}

export function renderRedactedManifest(config: GatewayConfig): string {
  return stringify(redactConfig(config), { lineWidth: 0 });
}
