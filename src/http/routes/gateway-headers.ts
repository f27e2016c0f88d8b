/** The `x-gateway-*` headers (SPEC §4): which configured model answered, and where it runs. */

import type { ConfiguredModel } from '../../gateway-context.js';

export function gatewayHeaders(model: ConfiguredModel): Record<string, string> {
  return {
    'x-gateway-model': model.alias,
    'x-gateway-provider': model.target.provider,
    'x-gateway-upstream-model': model.target.model,
  };
}
