import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { assertNestingDepth, maxNestingDepth } from './validation.js';

/** `levels` containers inside each other: level 0 is the outermost. */
function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = wrap(value);
  return value;
}

describe('assertNestingDepth', () => {
  it.each([
    ['objects', (inner: unknown) => ({ a: inner })],
    ['arrays', (inner: unknown) => [1, inner]],
    ['own __proto__ keys', (inner: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(inner)}}`) as unknown],
  ])('lets %s nest exactly as deep as the limit, and refuses one level more', (_name, wrap) => {
    expect(() => assertNestingDepth(nested(3, wrap), 'body', 3)).not.toThrow();
    expect(() => assertNestingDepth(nested(4, wrap), 'body', 3)).toThrow(GatewayError);
  });

  it('finds the deep branch among shallow siblings, and names the path', () => {
    const value = { shallow: [1, 2, { x: 1 }], deep: nested(maxNestingDepth + 1, (inner) => ({ inner })) };
    expect(() => assertNestingDepth(value, 'row_data')).toThrow('row_data is nested more than 64 levels deep');
  });

  it('answers a hostile depth with the 400, not a stack overflow', () => {
    let value: unknown = [];
    for (let level = 0; level < 200_000; level++) value = [value];
    expect(() => assertNestingDepth(value, 'body')).toThrow(GatewayError);
  });
});
