/**
 * Reads model.yaml into a validated `GatewayConfig`. A bad file stops the start with every
 * problem listed by its path (`models.claude.provider: ...`), not just the first one.
 */

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, crossReferenceProblems, type GatewayConfig } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import { compileInferenceParamsSchema, InferenceParamsSchemaError } from '../predict/inference-params.js';

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`${source} is not a valid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatIssuePath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}

/** Parses config text; `source` names the file in messages. */
export function parseConfig(text: string, source: string, environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const interpolated = interpolateEnv(text, environment);
  const problems = interpolated.problems.map((problem) => `line ${problem.line}: ${problem.message}`);
  const lineCounter = new LineCounter();
  const document = parseDocument(interpolated.text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  for (const error of document.errors) {
    const line = lineCounter.linePos(error.pos[0]).line;
    problems.push(`line ${line}: ${error.message.split('\n')[0] ?? error.message}`);
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  const raw: unknown = document.toJS({ maxAliasCount: 100 }) ?? {};
  const result = configSchema.safeParse(raw);
  const all = [...(result.success ? [] : describeIssues(result.error.issues)), ...crossReferenceProblems(raw)];
  if (result.success) all.push(...schemaCompileProblems(result.data));
  if (!result.success || all.length > 0) throw new ConfigError(source, all);
  return result.data;
}

/** A manifest JSON Schema Ajv cannot compile stops the start, not the first request. */
function schemaCompileProblems(config: GatewayConfig): string[] {
  try {
    compileInferenceParamsSchema(config.inference_params_json_schema);
    return [];
  } catch (error) {
    if (error instanceof InferenceParamsSchemaError) return [error.message];
    throw error;
  }
}

export async function loadConfig(path: string, environment: NodeJS.ProcessEnv = process.env): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(path, [`cannot read the file: ${reason}`]);
  }
  return parseConfig(text, path, environment);
}
