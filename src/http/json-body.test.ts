import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import secureJson from 'secure-json-parse';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/thrown.js';
import { GatewayError } from '../errors.js';
import { parseJsonBody, type JsonBodyLimits } from './json-body.js';

/** Small limits, so every generated body takes the cut-out path and most strings are cut out. */
const tiny: JsonBodyLimits = { largeBody: 0, longValue: 4 };


/** Strings full of what JSON must escape, multi-byte letters and surrogate pairs. */
const awkwardString = fc.string({
  unit: fc.constantFrom('a', '"', '\\', '\n', '\u0000', '/', 'é', '😀', '\u2028', 'x'),
  maxLength: 40,
});

describe('parseJsonBody', () => {
  it('reads every JSON text as one secure parse of the whole text does, on both paths', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const withAwkwardStrings = fc.oneof(json, fc.dictionary(awkwardString, fc.oneof(awkwardString, json), { maxKeys: 6 }));
    fc.assert(
      fc.property(withAwkwardStrings, fc.boolean(), (value, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        // The oracle is what Fastify did before: the whole text through secure-json-parse,
        // `__proto__` and `constructor.prototype` removed (the generator does produce them).
        const expected: unknown = secureJson.parse(text, { protoAction: 'remove', constructorAction: 'remove' });
        expect(parseJsonBody(text, tiny)).toEqual(expected);
        expect(parseJsonBody(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('cuts a multi-megabyte value out of a large body and puts it back whole', () => {
    const image = `data:image/png;base64,${Buffer.alloc(3 * 1024 * 1024, 7).toString('base64')}`;
    const body = { messages: [{ content: [{ type: 'text', text: 'look "here"\n' }, { type: 'image', url: image }] }] };
    expect(parseJsonBody(JSON.stringify(body))).toEqual(body);
    const escaped = { text: `${'line\n"quoted"\\'.repeat(100_000)}😀` };
    expect(parseJsonBody(JSON.stringify(escaped))).toEqual(escaped);
  });

  it('drops __proto__ and constructor.prototype keys on both paths, long values under them included', () => {
    const text = '{"a":{"__proto__":{"polluted":"aaaaaaaa"},"b":1},"constructor":{"prototype":{"x":"yyyyyyyy"}},"c":"zzzzzzzz"}';
    for (const limits of [tiny, undefined]) {
      const parsed = parseJsonBody(text, limits) as Record<string, unknown>;
      expect(parsed).toEqual({ a: { b: 1 }, c: 'zzzzzzzz' });
      expect(Object.keys(parsed)).toEqual(['a', 'c']);
      expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('takes a body that starts with a byte-order mark, as Fastify did', () => {
    expect(parseJsonBody('\uFEFF{"a":[1,"b"]}')).toEqual({ a: [1, 'b'] });
    expect(parseJsonBody('\uFEFF{"a":"bbbbbbbb"}', tiny)).toEqual({ a: 'bbbbbbbb' });
  });

  it('keeps a long key a key, and a caller string that looks like a stand-in as written', () => {
    const text = JSON.stringify({ ['k'.repeat(10)]: 'v'.repeat(10), fake: '\u0000abc:0' });
    expect(parseJsonBody(text, tiny)).toEqual(JSON.parse(text));
  });

  it('refuses what is not JSON, and an empty body, as invalid_request saying which', () => {
    const thrownFor = (text: string, limits?: JsonBodyLimits): unknown => thrownBy(() => parseJsonBody(text, limits));
    for (const text of ['{"a":', '{"a":"unterminated long value', '{"a":"aaaaaaaa" "b"}', 'nope']) {
      for (const limits of [tiny, undefined]) {
        const error = thrownFor(text, limits);
        expect(error).toBeInstanceOf(GatewayError);
        expect(error).toMatchObject({ code: 'invalid_request', message: 'the request body is not valid JSON' });
      }
    }
    for (const text of ['', ' \n\t']) {
      expect(thrownFor(text)).toMatchObject({ code: 'invalid_request', message: 'the request body is empty' });
    }
  });
});
