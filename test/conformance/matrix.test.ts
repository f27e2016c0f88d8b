/**
 * The conformance matrix of issue 3 ("How it is shown") through `POST /run_direct` with
 * `dry_run: true`: every media fixture, served by a loopback media host, × every provider ->
 * the exact native request body or the exact 422. Each row of `matrix-table.ts` is run three
 * ways: a `fileData` item with the declared `mimeType`, the typed item (`image`, `pdf`,
 * `audio`, `video`, `html`, `document`) with it, and the typed item without one.
 */

import { describe, expect, it } from 'vitest';
import {
  conversationWith,
  dryRun,
  expectedDryRun,
  expectedRefusal,
  modelAliases,
  promptText,
  providerOf,
  useMatrixGateway,
  textPart,
} from './helpers.js';
import { matrix, type Modality } from './matrix-table.js';

const setup = useMatrixGateway();

interface Variant {
  readonly name: string;
  readonly declares: boolean;
  item(row: Modality, url: string): Record<string, unknown>;
}

const variants: readonly Variant[] = [
  { name: 'fileData + mimeType', declares: true, item: (row, url) => ({ type: 'fileData', fileUri: url, mimeType: row.declared }) },
  { name: 'typed item + mimeType', declares: true, item: (row, url) => ({ type: row.item, url, mimeType: row.declared }) },
  { name: 'typed item, no mimeType', declares: false, item: (row, url) => ({ type: row.item, url }) },
];

const cases = Object.entries(matrix).flatMap(([fixture, row]) => modelAliases.map((model) => ({ fixture, row, model })));

describe.each(variants)('$name', (variant) => {
  it.each(cases)('$fixture -> $model', async ({ fixture, row, model }) => {
    const url = `${setup.media.url}/media/${fixture}`;
    const response = await dryRun(setup.gateway, model, conversationWith(variant.item(row, url)));
    const cell = row.cells[model];
    if (cell.type === 'refused') {
      expect(response.statusCode).toBe(422);
      const part = { messageId: 'p1', index: 1, kind: row.kind, mimeType: row.sent };
      expect(response.json()).toEqual(
        expectedRefusal(model, part, cell.reason(providerOf[model], row.kind), response.headers['x-request-id']),
      );
      return;
    }
    const warnings =
      variant.declares && row.declared !== row.sent
        ? [`message "p1", part 1: declared ${row.declared} but the bytes are ${row.sent}; sending ${row.sent}`]
        : [];
    const nativePart = cell.build({ fixture, url, mimeType: row.sent }, model);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-gateway-provider']).toBe(providerOf[model]);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), nativePart], warnings));
  });
});
