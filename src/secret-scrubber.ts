/**
 * Removes the gateway's own secrets from anything it shows or logs. Vendors sometimes echo the
 * key they were sent ("Incorrect API key provided: sk-…"), and the gateway relays vendor error
 * bodies in `details`; every such text passes through here first.
 */

import type { GatewayConfig } from './config/config-schema.js';

/** The variables the vendor SDKs read keys from. */
const keyVariables = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

/** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
const minimumSecretLength = 8;

export const scrubbedMarker = '[redacted]';

export interface SecretScrubber {
  scrubText(text: string): string;
  /** A deep copy of JSON-like data with every secret inside its strings replaced. */
  scrubValue(value: unknown): unknown;
}

export function secretsOf(config: GatewayConfig, environment: NodeJS.ProcessEnv): string[] {
  const secrets = typeof config.secrets === 'string' ? [config.secrets] : (config.secrets ?? []);
  const keys = Object.values(config.models).flatMap((model) => (model.api_key === undefined ? [] : [model.api_key]));
  const fromEnvironment = keyVariables.flatMap((name) => {
    const value = environment[name];
    return value === undefined ? [] : [value];
  });
  return [...secrets, ...keys, ...fromEnvironment];
}

export function createSecretScrubber(values: readonly string[]): SecretScrubber {
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...new Set(values.filter((value) => value.length >= minimumSecretLength))].sort((a, b) => b.length - a.length);
  const scrubText = (text: string): string => {
    let result = text;
    for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(scrubbedMarker);
    return result;
  };
  const scrubValue = (value: unknown): unknown => {
    if (typeof value === 'string') return scrubText(value);
    if (Array.isArray(value)) return value.map(scrubValue);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item)]));
    }
    return value;
  };
  return secrets.length === 0 ? { scrubText: (text) => text, scrubValue: (value) => value } : { scrubText, scrubValue };
}
