/**
 * Reads model.yaml into a validated `GatewayConfig`. A bad file stops the start with every
 * problem listed by its path (`models.claude.provider: ...`), not just the first one.
 */

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, crossReferenceProblems, type GatewayConfig } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';

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
  if (!result.success || all.length > 0) throw new ConfigError(source, all);
  return result.data;
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
