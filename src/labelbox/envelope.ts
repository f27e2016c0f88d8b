/**
 * The Labelbox request envelope both POST routes take (SPEC §4): `data_row`, `ontology`,
 * `inference_params`. Unknown top-level keys are ignored.
 */

import { z } from 'zod';
import { GatewayError } from '../errors.js';
import { assertNestingDepth, parseJsonString, parseOrThrow } from './validation.js';

export const dataRowAttachmentSchema = z.object({
  type: z.string().min(1),
  value: z.string().min(1),
  name: z.string().optional(),
});

export type DataRowAttachment = z.infer<typeof dataRowAttachmentSchema>;

export const envelopeSchema = z.object({
  data_row: z.object({
    row_data: z.union([z.string(), z.record(z.string(), z.unknown())]),
    global_key: z.string().nullish(),
    id: z.string().nullish(),
    attachments: z.array(dataRowAttachmentSchema).nullish(),
  }),
  ontology: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  inference_params: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});

export interface Envelope {
  readonly rowData: string | Readonly<Record<string, unknown>>;
  readonly globalKey: string | undefined;
  readonly dataRowId: string | undefined;
  readonly attachments: readonly DataRowAttachment[];
  /** The ontology JSON, if the request carried one (strings already parsed). */
  readonly ontology: unknown;
  /** Raw inference params (strings already parsed); validated per route. */
  readonly inferenceParams: Readonly<Record<string, unknown>>;
}

function objectFromMaybeString(value: unknown, path: string): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  return parseJsonString(value, path);
}

export function parseEnvelope(body: unknown): Envelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', 'the request body must be a JSON object', {
      details: [{ path: '', message: 'expected a JSON object' }],
    });
  }
  assertNestingDepth(body, 'body');
  const envelope = parseOrThrow(envelopeSchema, body, '');
  const inferenceParams = objectFromMaybeString(envelope.inference_params, 'inference_params') ?? {};
  if (typeof inferenceParams !== 'object' || inferenceParams === null || Array.isArray(inferenceParams)) {
    throw new GatewayError('invalid_request', 'inference_params must be a JSON object', {
      details: [{ path: 'inference_params', message: 'expected an object' }],
    });
  }
  return {
    rowData: envelope.data_row.row_data,
    globalKey: envelope.data_row.global_key ?? undefined,
    dataRowId: envelope.data_row.id ?? undefined,
    attachments: envelope.data_row.attachments ?? [],
    ontology: objectFromMaybeString(envelope.ontology, 'ontology') ?? undefined,
    inferenceParams: inferenceParams as Record<string, unknown>,
  };
}
