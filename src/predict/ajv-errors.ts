/**
 * Ajv's errors as the gateway's `{path, message}` details (SPEC §5): a JSON pointer becomes a
 * dotted path under a root (`/temperature` -> `inference_params.temperature`), and a `required`
 * error names the missing property itself rather than its parent object.
 */

import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '../errors.js';

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function stringParam(error: ErrorObject, name: string): string | undefined {
  const value: unknown = error.params[name];
  return typeof value === 'string' ? value : undefined;
}

/** The property the error is about, where Ajv reports it in `params` rather than the pointer. */
function namedProperty(error: ErrorObject): string | undefined {
  switch (error.keyword) {
    case 'required':
      return stringParam(error, 'missingProperty');
    case 'additionalProperties':
      return stringParam(error, 'additionalProperty');
    default:
      return undefined;
  }
}

function messageOf(error: ErrorObject): string {
  const message = error.message ?? `fails "${error.keyword}"`;
  const allowed: unknown = error.params['allowedValues'];
  if (error.keyword === 'enum' && Array.isArray(allowed)) {
    return `${message}: ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not an allowed property';
  return message;
}

export function ajvErrorsToDetails(errors: readonly ErrorObject[] | null | undefined, root: string): ErrorDetail[] {
  return (errors ?? []).map((error) => {
    const property = namedProperty(error);
    const segments = [root, ...pointerSegments(error.instancePath), ...(property === undefined ? [] : [property])];
    return { path: segments.filter((segment) => segment !== '').join('.'), message: messageOf(error) };
  });
}

/** One line per problem, for log lines and for the repair message sent back to a model. */
export function describeDetails(details: readonly ErrorDetail[]): string {
  return details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
}
