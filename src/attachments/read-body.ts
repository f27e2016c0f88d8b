/**
 * Reads a response body into one Buffer while counting bytes, so a server that lies about (or
 * omits) Content-Length cannot make the gateway hold more than the limit. When Content-Length is
 * present and within the limit, the Buffer is sized once up front and chunks are copied in;
 * otherwise chunks are kept and joined once at the end. Either way the bytes are held once.
 */

export type BodyReadResult =
  | { readonly ok: true; readonly bytes: Buffer }
  /** Over the limit: reading stopped at `receivedBytes`; the caller aborts the connection. */
  | { readonly ok: false; readonly receivedBytes: number };

export async function readBodyWithLimit(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  declaredLength: number | undefined,
): Promise<BodyReadResult> {
  const presized = declaredLength !== undefined && declaredLength <= maxBytes ? Buffer.allocUnsafe(declaredLength) : undefined;
  const chunks: Uint8Array[] = [];
  let filled = 0;
  let received = 0;
  for await (const chunk of body) {
    received += chunk.byteLength;
    if (received > maxBytes) return { ok: false, receivedBytes: received };
    if (presized !== undefined && chunks.length === 0 && filled + chunk.byteLength <= presized.byteLength) {
      presized.set(chunk, filled);
      filled += chunk.byteLength;
    } else {
      // More than the server declared: fall back to collecting (what was copied so far first).
      if (presized !== undefined && chunks.length === 0 && filled > 0) chunks.push(presized.subarray(0, filled));
      chunks.push(chunk);
    }
  }
  if (presized !== undefined && chunks.length === 0) {
    // allocUnsafe memory past `filled` was never written; never hand it out.
    return { ok: true, bytes: filled === presized.byteLength ? presized : presized.subarray(0, filled) };
  }
  return { ok: true, bytes: Buffer.concat(chunks, received) };
}
