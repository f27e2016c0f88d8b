/**
 * `inference_params` checked against the manifest's `inference_params_json_schema` (SPEC §3):
 * defaults filled in, wrong types / ranges / enums / missing required values refused with a 400
 * naming each path. The schema is compiled once, at start-up, so a broken schema stops the start
 * instead of failing the first request.
 */

import { Ajv, type AnySchemaObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { GatewayError } from '../errors.js';
import { ajvErrorsToDetails, describeDetails } from './ajv-errors.js';

/** Under NodeNext the CommonJS plugin's default export arrives as `module.exports.default`. */
const addFormats = addFormatsModule.default;

export type InferenceParams = Record<string, unknown>;

export interface InferenceParamsValidator {
  /** Returns a copy of `params` with defaults filled in; throws 400 `invalid_request` otherwise. */
  validate(params: unknown): InferenceParams;
}

/** A manifest schema Ajv cannot compile; the config loader reports it under `path`. */
export class InferenceParamsSchemaError extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'InferenceParamsSchemaError';
    this.path = path;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param schema the manifest's `inference_params_json_schema` (`properties`, `required`, ...);
 *   `type: object` is implied when the manifest leaves it out. Absent: every object is accepted.
 * @param path where the schema sits in the config, for the start-up error.
 * @example
 * const inferenceParams = compileInferenceParamsSchema(manifest.inference_params_json_schema);
 * const params = inferenceParams.validate(envelope.inferenceParams); // per request
 */
export function compileInferenceParamsSchema(
  schema: Readonly<Record<string, unknown>> | undefined,
  path = 'inference_params_json_schema',
): InferenceParamsValidator {
  // strict: false because manifests are written by hand and may carry annotations Ajv does not
  // know (`x-ui`, `examples` in odd places); they should not stop the gateway.
  const ajv = new Ajv({ useDefaults: true, coerceTypes: false, allErrors: true, strict: false });
  addFormats(ajv);
  // `$schema` is dropped: a manifest naming draft 2020-12 would otherwise fail to compile under
  // the draft-07 engine, and parameter schemas (properties, types, ranges, enums, defaults) mean
  // the same in both.
  const objectSchema: AnySchemaObject = { ...(schema ?? {}) };
  delete objectSchema['$schema'];
  if (objectSchema['type'] === undefined) objectSchema['type'] = 'object';
  let check: ReturnType<Ajv['compile']>;
  try {
    check = ajv.compile(objectSchema);
  } catch (error) {
    throw new InferenceParamsSchemaError(path, error instanceof Error ? error.message : String(error));
  }
  return {
    validate(params) {
      // Labelbox may leave inference_params out; defaults still apply then.
      const input: unknown = params === undefined || params === null ? {} : structuredClone(params);
      if (check(input) && isPlainObject(input)) return input;
      const details = ajvErrorsToDetails(check.errors, 'inference_params');
      if (details.length === 0) details.push({ path: 'inference_params', message: 'must be an object' });
      throw new GatewayError('invalid_request', `inference_params are invalid: ${describeDetails(details)}`, {
        details,
      });
    },
  };
}
