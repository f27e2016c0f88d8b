/** The recorded-style vendor replies in `fixtures/vendors/<vendor>/`, read as text. */

import { readFileSync } from 'node:fs';

const vendorsDirectory = new URL('../../fixtures/vendors/', import.meta.url);

export function readVendorFixture(vendor: string, name: string): string {
  return readFileSync(new URL(`${vendor}/${name}`, vendorsDirectory), 'utf8');
}
