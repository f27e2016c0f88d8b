/**
 * The request a `run` or `compare` sends: the Labelbox envelope read from a file, with the
 * command line's choices (`--model`, `--stream`, `--dry-run`) written into its
 * `inference_params`, and the route and mode it goes to.
 */

import { readFile } from 'node:fs/promises';
import { chooseMode } from '../http/routes/post-routes.js';
import { parseEnvelope } from '../labelbox/envelope.js';
import type { AnswerKind } from './read-answer.js';
import { UsageError } from './usage.js';

export type RequestEnvelope = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file that cannot be read or is not a JSON object is a usage mistake, not a failed request. */
export async function readRequestFile(path: string): Promise<RequestEnvelope> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the request file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the request file ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isPlainObject(json)) throw new UsageError(`the request file ${path} must hold a JSON object (the Labelbox envelope)`);
  return json;
}

/** The `inference_params` keys the command line may set; absent ones leave the file's values. */
export interface ParamOverrides {
  readonly model?: string | undefined;
  readonly stream?: boolean | undefined;
  readonly dry_run?: boolean | undefined;
}

/**
 * A copy of the envelope with the overrides merged into `inference_params` (which Labelbox may
 * send as a JSON string; it is sent back as an object).
 */
export function withInferenceParams(envelope: RequestEnvelope, overrides: ParamOverrides): RequestEnvelope {
  const chosen = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  if (Object.keys(chosen).length === 0) return envelope;
  let params: unknown = envelope['inference_params'] ?? {};
  if (typeof params === 'string') {
    try {
      params = params.trim() === '' ? {} : JSON.parse(params);
    } catch {
      throw new UsageError('inference_params in the request file is a string that is not JSON, so --model/--stream/--dry-run cannot be added');
    }
  }
  if (!isPlainObject(params)) throw new UsageError('inference_params in the request file must be a JSON object');
  return { ...envelope, inference_params: { ...params, ...chosen } };
}

export interface RequestRoute {
  readonly path: '/' | '/run_direct' | '/predict';
  /** What the answer will be; undefined when the envelope is invalid (the gateway says why). */
  readonly answer: AnswerKind | undefined;
}

/**
 * An explicit `inference_params.mode` goes to its own route; otherwise the one endpoint `/`
 * decides, and the mode is worked out here the way the gateway does so the answer can be printed.
 */
export function routeFor(envelope: RequestEnvelope): RequestRoute {
  let answer: AnswerKind;
  let explicit: unknown;
  try {
    const parsed = parseEnvelope(envelope);
    explicit = parsed.inferenceParams['mode'];
    answer = parsed.inferenceParams['dry_run'] === true ? 'dry-run' : chooseMode(parsed);
  } catch {
    return { path: '/', answer: undefined };
  }
  if (explicit === 'direct') return { path: '/run_direct', answer };
  if (explicit === 'predict') return { path: '/predict', answer };
  return { path: '/', answer };
}

/** `inference_params.model` of the envelope (object or JSON string), if it names one. */
export function requestedModel(envelope: RequestEnvelope): string | undefined {
  try {
    const model = parseEnvelope(envelope).inferenceParams['model'];
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}
